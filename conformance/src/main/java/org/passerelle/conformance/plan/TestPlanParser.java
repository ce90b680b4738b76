package org.passerelle.conformance.plan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.passerelle.conformance.Xml;
import org.passerelle.conformance.plan.PlanModel.Assertion;
import org.passerelle.conformance.plan.PlanModel.ContentCheck;
import org.passerelle.conformance.plan.PlanModel.ReferenceDocument;
import org.passerelle.conformance.plan.PlanModel.ReferenceMetadata;
import org.passerelle.conformance.plan.PlanModel.ReportSpec;
import org.passerelle.conformance.plan.PlanModel.StepTransaction;
import org.passerelle.conformance.plan.PlanModel.TestPlan;
import org.passerelle.conformance.plan.PlanModel.TestStep;
import org.passerelle.conformance.plan.PlanModel.UseId;
import org.passerelle.conformance.plan.PlanModel.UseReport;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Reads one section's {@code testplan.xml} into {@link PlanModel} records. Documentation elements (Rule, Goal) are
 * skipped; anything else the runner does not know is a {@link PlanException} naming the file and the element, so a
 * typo in a hand-written plan is reported instead of silently ignored.
 */
public final class TestPlanParser {

    /** A test plan that cannot be used; the message names the file and what is wrong. */
    public static final class PlanException extends Exception {
        public PlanException(String message) { super(message); }
        public PlanException(String message, Throwable cause) { super(message, cause); }
    }

    private static final Set<String> STEP_DOC_ELEMENTS = Set.of("Rule", "Goal", "Assertion", "Transaction", "SQ");
    private static final Set<String> TX_IGNORED = Set.of("XDSb", "NoMetadata", "Rule", "Goal", "SOAP12", "XDSa");

    public TestPlan parse(String testId, String section, Path testplanXml) throws PlanException {
        if (!Files.isRegularFile(testplanXml)) {
            throw new PlanException(testplanXml + " does not exist");
        }
        Document doc;
        try {
            doc = Xml.parse(Files.readAllBytes(testplanXml));
        } catch (IOException | Xml.XmlException e) {
            throw new PlanException(testplanXml + ": " + e.getMessage(), e);
        }
        Element root = doc.getDocumentElement();
        if (!"TestPlan".equals(root.getLocalName())) {
            throw new PlanException(testplanXml + ": root element is " + root.getLocalName() + ", expected TestPlan");
        }
        List<TestStep> steps = new ArrayList<>();
        for (Element e : Xml.children(root)) {
            switch (e.getLocalName()) {
                case "TestStep" -> steps.add(step(testplanXml, e));
                case "Test", "Rule", "Goal", "TestDescription" -> { }
                default -> throw new PlanException(testplanXml + ": unknown element <" + e.getLocalName() + "> in TestPlan");
            }
        }
        if (steps.isEmpty()) {
            throw new PlanException(testplanXml + ": no TestStep");
        }
        return new TestPlan(testId, section, testplanXml.getParent(), List.copyOf(steps));
    }

    private TestStep step(Path file, Element step) throws PlanException {
        String id = step.getAttribute("id");
        if (id.isEmpty()) throw new PlanException(file + ": TestStep without id");
        String where = file + " step " + id;
        String status = "Success";
        boolean statusGiven = false;
        List<String> messages = new ArrayList<>();
        List<String> codes = new ArrayList<>();
        boolean newPid = false;
        StepTransaction tx = null;
        for (Element e : Xml.children(step)) {
            String name = e.getLocalName();
            if (STEP_DOC_ELEMENTS.contains(name)) continue;
            switch (name) {
                case "ExpectedStatus" -> {
                    status = e.getTextContent().trim();
                    statusGiven = true;
                    if (!Set.of("Success", "Failure", "PartialSuccess", "Fault").contains(status)) {
                        throw new PlanException(where + ": ExpectedStatus '" + status
                                + "' is not Success, Failure, PartialSuccess or Fault");
                    }
                }
                case "ExpectedErrorMessage" -> messages.add(e.getTextContent().trim());
                case "ExpectedErrorCode" -> codes.add(e.getTextContent().trim());
                case "AltPatientId", "NewPatientId" -> newPid = true;
                default -> {
                    TransactionKind kind = TransactionKind.ofElement(name);
                    if (kind == null) throw new PlanException(where + ": unknown element <" + name + ">");
                    if (tx != null) throw new PlanException(where + ": more than one transaction");
                    tx = transaction(where, kind, e);
                }
            }
        }
        if (tx == null) {
            tx = emptyTransaction();
        }
        if (!statusGiven && tx.kind() != TransactionKind.NULL && tx.kind() != TransactionKind.NONE) {
            status = "Success";
        }
        return new TestStep(id, status, List.copyOf(messages), List.copyOf(codes), newPid, tx);
    }

    private static StepTransaction emptyTransaction() {
        return new StepTransaction(TransactionKind.NONE, null, Map.of(), List.of(), List.of(), List.of(), List.of(),
                false, false, false, Set.of(), false, false, false, false, false, false, 0, null, List.of(), Map.of(),
                null, List.of(), null, null, null);
    }

    private StepTransaction transaction(String where, TransactionKind kind, Element tx) throws PlanException {
        String metadataFile = null;
        Map<String, String> documents = new LinkedHashMap<>();
        List<UseId> useIds = new ArrayList<>();
        List<UseReport> useReports = new ArrayList<>();
        List<ReportSpec> reports = new ArrayList<>();
        List<ContentCheck> contents = new ArrayList<>();
        boolean checkContents = false;
        boolean assignUuids = false, noAssignUids = false, noPatientId = false, altPid = false, newPid = false;
        boolean createNewPid = false, noConvert = false, noMtom = false;
        Set<String> noAssignUidsFor = new LinkedHashSet<>();
        long wait = 0;
        ReferenceMetadata refMeta = null;
        List<ReferenceDocument> refDocs = new ArrayList<>();
        Map<String, String> headers = new LinkedHashMap<>();
        String bodyFile = null;
        List<Assertion> assertions = new ArrayList<>();
        String vihfVariant = null, vihfReplayOf = null, patientId = null;
        for (Element e : Xml.children(tx)) {
            String name = e.getLocalName();
            if (TX_IGNORED.contains(name)) continue;
            switch (name) {
                case "MetadataFile" -> metadataFile = required(where, e.getTextContent().trim(), "MetadataFile");
                case "Document" -> documents.put(required(where, e.getAttribute("id"), "Document/@id"), e.getTextContent().trim());
                case "UseId" -> useIds.add(new UseId(attr(e, "testdir"), required(where, e.getAttribute("section"), "UseId/@section"),
                        required(where, e.getAttribute("step"), "UseId/@step"), attr(e, "id"),
                        required(where, e.getAttribute("symbol"), "UseId/@symbol")));
                case "UseReport" -> useReports.add(new UseReport(attr(e, "test"),
                        required(where, e.getAttribute("section"), "UseReport/@section"),
                        required(where, e.getAttribute("step"), "UseReport/@step"),
                        required(where, e.getAttribute("reportName"), "UseReport/@reportName"),
                        required(where, e.getAttribute("useAs"), "UseReport/@useAs")));
                case "Report" -> reports.add(new ReportSpec(required(where, e.getAttribute("name"), "Report/@name"),
                        required(where, e.getAttribute("section"), "Report/@section"), e.getTextContent().trim()));
                case "ExpectedContents" -> {
                    checkContents = true;
                    for (Element c : Xml.children(e)) {
                        String count = attr(c, "count");
                        Integer n = null;
                        if (count != null) {
                            try {
                                n = Integer.parseInt(count.trim());
                            } catch (NumberFormatException ex) {
                                throw new PlanException(where + ": <" + c.getLocalName() + " count='" + count + "'> is not a number");
                            }
                        }
                        contents.add(new ContentCheck(c.getLocalName(), n, c));
                    }
                }
                case "AssignUuids" -> assignUuids = true;
                case "NoAssignUids" -> {
                    String id = attr(e, "id");
                    if (id == null) noAssignUids = true; else noAssignUidsFor.add(id);
                }
                case "NoPatientId" -> noPatientId = true;
                case "AltPatientId" -> altPid = true;
                case "NewPatientId" -> newPid = true;
                case "CreateNewPatientId" -> createNewPid = true;
                case "NoConvert" -> noConvert = true;
                case "NoMTOM" -> noMtom = true;
                case "WaitBefore" -> {
                    try {
                        wait = Long.parseLong(e.getTextContent().trim());
                    } catch (NumberFormatException ex) {
                        throw new PlanException(where + ": WaitBefore '" + e.getTextContent().trim() + "' is not a number of milliseconds");
                    }
                }
                case "ReferenceMetadata" -> refMeta = new ReferenceMetadata(attr(e, "testdir"),
                        required(where, e.getAttribute("step"), "ReferenceMetadata/@step"));
                case "ReferenceDocument" -> refDocs.add(new ReferenceDocument(
                        required(where, e.getAttribute("uid"), "ReferenceDocument/@uid"), e.getTextContent().trim()));
                case "Headers" -> {
                    for (String line : e.getTextContent().split("\\R")) {
                        int colon = line.indexOf(':');
                        if (line.isBlank()) continue;
                        if (colon <= 0) throw new PlanException(where + ": header line '" + line.trim() + "' has no name");
                        headers.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
                    }
                }
                case "BodyFile" -> bodyFile = e.getTextContent().trim();
                // Passerelle extension: the fixed patient of a step whose document names its patient (a CI-SIS CDA)
                case "PatientId" -> patientId = required(where, e.getTextContent().trim(), "PatientId");
                // Passerelle extension for the French scenarios: the VIHF of this request
                case "Vihf" -> {
                    vihfVariant = attr(e, "variant") == null ? "valid" : attr(e, "variant");
                    vihfReplayOf = attr(e, "replay");
                }
                case "Assertions" -> {
                    for (Element a : Xml.children(e, "Assert")) {
                        assertions.add(new Assertion(a.getAttribute("id"), a.getTextContent().trim()));
                    }
                }
                default -> throw new PlanException(where + ": unknown element <" + name + "> in " + kind.element());
            }
        }
        boolean needsMetadata = kind == TransactionKind.PROVIDE_AND_REGISTER || kind == TransactionKind.REGISTER
                || kind == TransactionKind.STORED_QUERY || kind == TransactionKind.RETRIEVE;
        if (needsMetadata && metadataFile == null) {
            throw new PlanException(where + ": " + kind.element() + " without MetadataFile");
        }
        if (kind == TransactionKind.HTTP && bodyFile == null) {
            throw new PlanException(where + ": HttpTransaction without BodyFile");
        }
        return new StepTransaction(kind, metadataFile, Map.copyOf(documents).isEmpty() ? Map.of() : documents,
                List.copyOf(useIds), List.copyOf(useReports), List.copyOf(reports), List.copyOf(contents), checkContents,
                assignUuids, noAssignUids, Set.copyOf(noAssignUidsFor), noPatientId, altPid, newPid, createNewPid,
                noConvert, noMtom, wait, refMeta, List.copyOf(refDocs), headers, bodyFile, List.copyOf(assertions),
                vihfVariant, vihfReplayOf, patientId);
    }

    private static String attr(Element e, String name) {
        String v = Xml.attr(e, name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static String required(String where, String value, String what) throws PlanException {
        if (value == null || value.isBlank()) throw new PlanException(where + ": " + what + " is missing or empty");
        return value.trim();
    }
}
