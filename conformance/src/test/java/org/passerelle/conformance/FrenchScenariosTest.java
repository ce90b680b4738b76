package org.passerelle.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.passerelle.certs.SamplePki;
import org.passerelle.conformance.plan.TestKit;
import org.passerelle.conformance.run.ConformanceRunner;
import org.passerelle.conformance.run.Results.RunResult;
import org.passerelle.conformance.run.Results.StepResult;
import org.passerelle.conformance.run.Results.TestResult;
import org.passerelle.conformance.run.RunConfig;
import org.passerelle.conformance.run.VihfSecurityHeaders;
import org.passerelle.conformance.transport.ClientTls;
import org.passerelle.testsupport.SharedFolder;
import org.passerelle.testsupport.TestDatabase;

/**
 * The French scenarios of {@code conformance/fr-kit} (VIHF valid/expired/replayed, AIR on consultation and on
 * feeding, French metadata errors, CI-SIS CDA refused and accepted) against the gateway in profile fr-dmp requiring a
 * VIHF over HTTPS with mutual TLS (sample PKI): the runner presents the TLS client certificate of the establishment
 * that signs the VIHF; with the other establishment's certificate the same VIHF is refused.
 */
class FrenchScenariosTest {

    static final Path FR_KIT = Path.of("fr-kit");

    @Test
    void frenchScenariosPassOverMutualTlsAndAnotherEstablishmentsCertificateIsRefused() throws Exception {
        SamplePki pki = SharedPki.get();
        SamplePki.Establishment signer = pki.establishment(1);
        Path examples = SharedFolder.ciSis().resolve("examples");
        try (TestDatabase db = TestDatabase.h2();
             EmbeddedGateway gateway = EmbeddedGateway.startWithVihfOverTls(db.dataSource(), null, pki)) {
            assertTrue(gateway.baseUrl().startsWith("https://"), gateway.baseUrl());

            RunResult run = new ConformanceRunner(config(gateway, pki, signer, clientTls(pki, signer), List.of(), examples),
                    null).run();
            assertEquals(new TestKit(FR_KIT).testIds().size(), run.tests().size());
            List<String> failing = new ArrayList<>();
            for (TestResult t : run.tests()) {
                if (!t.passed()) {
                    StepResult f = t.firstFailure();
                    failing.add(t.id() + " " + (f == null ? "" : f.section() + "/" + f.step() + ": " + f.reason()
                            + "\n" + f.response()));
                }
            }
            assertEquals(List.of(), failing);
            TestResult accepted = test(run, "FR-CDA-accept");
            assertEquals(List.of("pif", "submit", "query", "retrieve"),
                    accepted.steps().stream().map(StepResult::section).toList());
            assertTrue(test(run, "FR-CDA-accept").steps().get(3).request().contains("RetrieveDocumentSetRequest"));
            assertNotNull(test(run, "FR-VIHF-replay"));

            // establishment 1's VIHF over establishment 2's TLS client certificate
            RunResult other = new ConformanceRunner(config(gateway, pki, signer,
                    clientTls(pki, pki.establishment(2)), List.of("FR-VIHF-valid"), examples), null).run();
            TestResult refused = test(other, "FR-VIHF-valid");
            assertFalse(refused.passed());
            StepResult f = refused.firstFailure();
            assertTrue(f.reason().contains("Fault") && f.reason().contains("ESTABLISHMENT_MISMATCH")
                    && f.reason().contains(pki.establishment(2).structureId()), f.reason());
        }
    }

    @Test
    void anExamplesFileWithoutAnExamplesFolderIsReportedWithTheStep() throws Exception {
        SamplePki pki = SharedPki.get();
        SamplePki.Establishment signer = pki.establishment(1);
        try (TestDatabase db = TestDatabase.h2();
             EmbeddedGateway gateway = EmbeddedGateway.startWithVihfOverTls(db.dataSource(), null, pki)) {
            RunResult run = new ConformanceRunner(config(gateway, pki, signer, clientTls(pki, signer),
                    List.of("FR-CDA-accept"), null), null).run();
            StepResult f = test(run, "FR-CDA-accept").firstFailure();
            assertNotNull(f);
            assertEquals("submit", f.section());
            assertTrue(f.reason().contains("examples:DOC_NON_STRUCTURE_CDA-R2-N1.xml") && f.reason().contains("--cda-examples"),
                    f.reason());
        }
    }

    static TestResult test(RunResult run, String id) {
        return run.tests().stream().filter(t -> t.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError(id + " did not run"));
    }

    static SSLContext clientTls(SamplePki pki, SamplePki.Establishment etab) throws Exception {
        return ClientTls.fromPkcs12(etab.authCli().keyStore(), pki.password(), pki.trustStore(), pki.password());
    }

    static RunConfig config(EmbeddedGateway gateway, SamplePki pki, SamplePki.Establishment signer, SSLContext tls,
                            List<String> tests, Path examples) throws Exception {
        return new RunConfig(FR_KIT, gateway.baseUrl(), tests, "1.2.250.1.213.1.4.10", "1.2.250.1.999.1",
                gateway.repositoryUniqueId(), "127.0.0.1", gateway.feedPort(), tls, Duration.ofSeconds(60),
                new VihfSecurityHeaders(signer.sign().privateKey(pki.password()), signer.sign().certificate(),
                        signer.structureId(), signer.identifier()), examples);
    }
}
