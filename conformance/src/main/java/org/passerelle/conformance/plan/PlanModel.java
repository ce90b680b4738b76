package org.passerelle.conformance.plan;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.w3c.dom.Element;

/** The parsed test plan: small immutable records, one per instruction of the testplan.xml format. */
public final class PlanModel {
    private PlanModel() {}

    /** One section's testplan.xml. */
    public record TestPlan(String testId, String section, Path sectionDir, List<TestStep> steps) {}

    public record TestStep(String id, String expectedStatus, List<String> expectedErrorMessages,
                           List<String> expectedErrorCodes, boolean newPatientId, StepTransaction transaction) {
        public boolean expectsSuccess() { return "Success".equals(expectedStatus); }
    }

    /** {@code UseId testdir= section= step= id= symbol=}. */
    public record UseId(String testdir, String section, String step, String id, String symbol) {}

    /** {@code UseReport test= section= step= reportName= useAs=}; test may be null (current test). */
    public record UseReport(String test, String section, String step, String reportName, String useAs) {}

    /** {@code Report name= section="Result|InputMetadata"} with its XPath. */
    public record ReportSpec(String name, String section, String xpath) {}

    /** One child of ExpectedContents, e.g. Documents count=5, or SSwithOneDoc (count null). */
    public record ContentCheck(String name, Integer count, Element element) {}

    public record ReferenceMetadata(String testdir, String step) {}

    public record ReferenceDocument(String uid, String file) {}

    /** One Assert of an Assertions block; the XPath runs over the step log this runner rebuilds. */
    public record Assertion(String id, String xpath) {}

    public record StepTransaction(
            TransactionKind kind,
            String metadataFile,
            Map<String, String> documents,
            List<UseId> useIds,
            List<UseReport> useReports,
            List<ReportSpec> reports,
            List<ContentCheck> expectedContents,
            boolean checkContents,
            boolean assignUuids,
            boolean noAssignUids,
            Set<String> noAssignUidsFor,
            boolean noPatientId,
            boolean altPatientId,
            boolean newPatientId,
            boolean createNewPatientId,
            boolean noConvert,
            boolean noMtom,
            long waitBeforeMillis,
            ReferenceMetadata referenceMetadata,
            List<ReferenceDocument> referenceDocuments,
            Map<String, String> headers,
            String bodyFile,
            List<Assertion> assertions,
            String vihfVariant,
            String vihfReplayOf,
            String patientId) {}
}
