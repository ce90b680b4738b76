package org.passerelle.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.passerelle.certs.SamplePki;
import org.passerelle.conformance.plan.TestKit;
import org.passerelle.conformance.run.ConformanceRunner;
import org.passerelle.conformance.run.Results.RunResult;
import org.passerelle.conformance.run.Results.StepResult;
import org.passerelle.conformance.run.Results.TestResult;
import org.passerelle.conformance.run.RunConfig;
import org.passerelle.conformance.run.VihfSecurityHeaders;
import org.passerelle.testsupport.TestDatabase;

/**
 * The French scenarios of {@code conformance/fr-kit} (VIHF valid/expired/replayed, AIR on consultation and on
 * feeding, French metadata errors) against the gateway in profile fr-dmp requiring a VIHF, patients with INS test ids.
 */
class FrenchScenariosTest {

    static final Path FR_KIT = Path.of("fr-kit");

    @Test
    void frenchScenariosPassAgainstTheFrDmpGateway() throws Exception {
        SamplePki pki = SharedPki.get();
        SamplePki.Establishment etab = pki.establishments().get(0);
        try (TestDatabase db = TestDatabase.h2();
             EmbeddedGateway gateway = EmbeddedGateway.startWithVihf(db.dataSource(), null, pki.trustStore(),
                     pki.password(), etab.sign().certPem())) {
            RunConfig config = new RunConfig(FR_KIT, gateway.baseUrl(), List.of(), "1.2.250.1.213.1.4.10",
                    "1.2.250.1.999.1", gateway.repositoryUniqueId(), "127.0.0.1", gateway.feedPort(), null,
                    Duration.ofSeconds(60), new VihfSecurityHeaders(etab.sign().privateKey(pki.password()),
                    etab.sign().certificate(), etab.structureId(), etab.identifier()));
            RunResult run = new ConformanceRunner(config, null).run();
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
            assertTrue(run.tests().stream().anyMatch(t -> t.id().equals("FR-VIHF-replay")));
        }
    }
}
