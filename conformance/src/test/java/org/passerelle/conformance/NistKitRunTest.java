package org.passerelle.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.passerelle.conformance.plan.TestKit;
import org.passerelle.conformance.run.ConformanceRunner;
import org.passerelle.conformance.run.KitOrder;
import org.passerelle.conformance.run.Results.RunResult;
import org.passerelle.conformance.run.Results.StepResult;
import org.passerelle.conformance.run.Results.TestResult;
import org.passerelle.conformance.run.RunConfig;
import org.passerelle.testsupport.SharedFolder;
import org.passerelle.testsupport.TestDatabase;

/**
 * The project test of issue 7: every applicable test of the shared NIST kit, replayed over real SOAP/MTOM on
 * localhost against Passerelle's gateway (profile ihe) with the ITI-8 feed over MLLP, on H2 and on PostgreSQL.
 */
class NistKitRunTest {

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void everyApplicableKitTestPassesAgainstTheGateway(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind);
             EmbeddedGateway gateway = EmbeddedGateway.start(db.dataSource(), "ihe")) {
            RunConfig config = new RunConfig(SharedFolder.nistTestkit(), gateway.baseUrl(), List.of(),
                    RunConfig.DEFAULT_ASSIGNING_AUTHORITY, RunConfig.DEFAULT_SOURCE_ID, gateway.repositoryUniqueId(),
                    "127.0.0.1", gateway.feedPort(), null, Duration.ofSeconds(60), null, null, List.of("15816/Retrieve"));
            RunResult run = new ConformanceRunner(config, null).run();

            List<String> ids = new TestKit(SharedFolder.nistTestkit()).testIds();
            long applicable = ids.stream().filter(id -> !KitOrder.NOT_APPLICABLE.containsKey(id)).count();
            assertEquals(applicable, run.tests().size(), "every applicable test ran");
            assertEquals(ids.size() - applicable, run.notApplicable().size(), "the others are listed with a reason");

            List<String> failing = new ArrayList<>();
            for (TestResult t : run.tests()) {
                if (!t.passed()) {
                    StepResult f = t.firstFailure();
                    failing.add(t.id() + " " + (f == null ? "" : f.section() + "/" + f.step() + ": " + f.reason()));
                }
            }
            assertEquals(List.of(), failing, kind + ": kit tests failing against the gateway");
            // the unindexed negative retrieves of 15816: unknown uniqueId → Failure, one known + one unknown → PartialSuccess
            TestResult t15816 = run.tests().stream().filter(t -> t.id().equals("15816")).findFirst().orElseThrow();
            assertEquals(List.of("retrieve_doc", "retrieve_bad_doc_uid", "retrieve_partial_uid"), t15816.steps().stream()
                    .filter(s -> s.section().equals("Retrieve")).map(StepResult::step).toList());
            assertEquals(applicable, run.passed());
            assertEquals(0, run.failed());
        }
    }
}
