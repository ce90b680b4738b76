package org.passerelle.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.passerelle.certs.SamplePki;
import org.passerelle.conformance.run.ConformanceRunner;
import org.passerelle.conformance.run.KitOrder;
import org.passerelle.conformance.run.Results.RunResult;
import org.passerelle.conformance.run.Results.StepResult;
import org.passerelle.conformance.run.Results.TestResult;
import org.passerelle.conformance.run.RunConfig;
import org.passerelle.conformance.run.XuaSecurityHeaders;
import org.passerelle.testsupport.SharedFolder;
import org.passerelle.testsupport.TestDatabase;
import org.passerelle.vihf.XuaAssertions;

/**
 * The XUA variants of the kit (11897_*, 11966_*, 11990_*, 11990eval_valid) against the gateway requiring XUA:
 * the runner mints each variant's assertion with the sample PKI; bad ones must end in a SOAP Fault with nothing
 * stored, good ones must succeed.
 */
class XuaKitRunTest {

    @Test
    void xuaVariantsPassAgainstTheSecuredGateway() throws Exception {
        SamplePki pki = SharedPki.get();
        SamplePki.KeyMaterial sign = pki.establishments().get(0).sign();
        try (TestDatabase db = TestDatabase.h2();
             EmbeddedGateway gateway = EmbeddedGateway.startWithXua(db.dataSource(), pki.trustStore(), pki.password(),
                     sign.certPem(), XuaAssertions.DEFAULT_AUDIENCE)) {
            RunConfig config = new RunConfig(SharedFolder.nistTestkit(), gateway.baseUrl(), List.of(),
                    RunConfig.DEFAULT_ASSIGNING_AUTHORITY, RunConfig.DEFAULT_SOURCE_ID, gateway.repositoryUniqueId(),
                    "127.0.0.1", gateway.feedPort(), null, Duration.ofSeconds(60),
                    new XuaSecurityHeaders(sign.privateKey(pki.password()), sign.certificate(), null));
            RunResult run = new ConformanceRunner(config, null).run();
            List<String> ran = run.tests().stream().map(TestResult::id).toList();
            for (String xua : KitOrder.NOT_APPLICABLE.keySet()) assertTrue(ran.contains(xua), xua + " ran");
            List<String> failing = new ArrayList<>();
            for (TestResult t : run.tests()) {
                if (!t.passed()) {
                    StepResult f = t.firstFailure();
                    failing.add(t.id() + " " + (f == null ? "" : f.section() + "/" + f.step() + ": " + f.reason()));
                }
            }
            assertEquals(List.of(), failing);
        }
    }
}
