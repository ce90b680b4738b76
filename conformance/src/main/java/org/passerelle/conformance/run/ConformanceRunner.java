package org.passerelle.conformance.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.passerelle.conformance.ConformanceFailure;
import org.passerelle.conformance.ConformanceFailure.StepException;
import org.passerelle.conformance.Xml;
import org.passerelle.conformance.metadata.Ebrim21To30Converter;
import org.passerelle.conformance.metadata.IdSource;
import org.passerelle.conformance.metadata.Namespaces;
import org.passerelle.conformance.metadata.SubmissionPreparer;
import org.passerelle.conformance.plan.PlanModel.Assertion;
import org.passerelle.conformance.plan.PlanModel.ReferenceDocument;
import org.passerelle.conformance.plan.PlanModel.ReportSpec;
import org.passerelle.conformance.plan.PlanModel.StepTransaction;
import org.passerelle.conformance.plan.PlanModel.TestPlan;
import org.passerelle.conformance.plan.PlanModel.TestStep;
import org.passerelle.conformance.plan.PlanModel.UseId;
import org.passerelle.conformance.plan.PlanModel.UseReport;
import org.passerelle.conformance.plan.TestKit;
import org.passerelle.conformance.plan.TestPlanParser;
import org.passerelle.conformance.plan.TransactionKind;
import org.passerelle.conformance.run.Results.Outcome;
import org.passerelle.conformance.run.Results.RunResult;
import org.passerelle.conformance.run.Results.StepResult;
import org.passerelle.conformance.run.Results.TestResult;
import org.passerelle.conformance.transport.HttpSender;
import org.passerelle.conformance.transport.MllpFeedSender;
import org.passerelle.conformance.transport.SoapRequest;
import org.passerelle.conformance.transport.Wire;
import org.passerelle.conformance.transport.XdsResponse;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Replays NIST XDS toolkit test plans against an XDS.b endpoint. Each run makes fresh patient ids (register,
 * alternate, stored-query), runs the fixtures first, then each test's sections in index.idx order; within a test
 * the first failing step ends the test (later steps are reported as skipped), and the run goes on with the next test.
 */
public final class ConformanceRunner {

    private static final Map<String, String> ACTIONS = Map.of(
            "iti41", "urn:ihe:iti:2007:ProvideAndRegisterDocumentSet-b",
            "iti42", "urn:ihe:iti:2007:RegisterDocumentSet-b",
            "iti18", "urn:ihe:iti:2007:RegistryStoredQuery",
            "iti43", "urn:ihe:iti:2007:RetrieveDocumentSet");

    private final RunConfig config;
    private final TestKit kit;
    private final IdSource ids;
    private final Linkage linkage;
    private final HttpSender http;
    private final Consumer<String> progress;
    private final String registerPid;
    private final String altPid;
    private final String sqPid;
    /** A step-level NewPatientId with no transaction (11998 init_patient_id) switches the test to a fresh patient. */
    private final Map<String, String> switchedPatient = new java.util.concurrent.ConcurrentHashMap<>();
    /** The wsse:Security header each step sent, for {@code <Vihf replay="step"/>}. */
    private final Map<String, String> sentSecurity = new java.util.concurrent.ConcurrentHashMap<>();
    /** Per step being executed: its patient, VIHF variant and replay source (set in execute, read in send). */
    private record SecurityContext(String test, String section, String step, String patientId, String variant, String replayOf) {}
    private final ThreadLocal<SecurityContext> securityContext = new ThreadLocal<>();

    public ConformanceRunner(RunConfig config, Consumer<String> progress) throws IOException {
        this.config = config;
        this.kit = new TestKit(config.testkit());
        this.ids = new IdSource(config.assigningAuthority());
        this.linkage = new Linkage(kit.testsDir());
        this.http = new HttpSender(config.tls(), config.timeout());
        this.progress = progress == null ? s -> { } : progress;
        this.registerPid = ids.patientId();
        this.altPid = ids.patientId();
        this.sqPid = ids.patientId();
    }

    public TestKit kit() { return kit; }

    public RunResult run() throws IOException {
        long t0 = System.nanoTime();
        for (String id : config.tests()) {
            if (!kit.has(id)) throw new IOException(ConformanceFailure.UNKNOWN_TEST.format(id, kit.testsDir()));
        }
        List<String> order = new KitOrder(kit).order(config.tests(), config.security() instanceof XuaSecurityHeaders);
        List<TestResult> results = new ArrayList<>();
        for (String id : order) {
            TestResult r = runTest(id);
            results.add(r);
            progress.accept(String.format("%-32s %s%s", id, r.passed() ? "PASS" : "FAIL",
                    r.passed() ? "" : "  " + describe(r.firstFailure())));
        }
        List<String> na = new ArrayList<>();
        if (config.tests().isEmpty() && !(config.security() instanceof XuaSecurityHeaders)) {
            for (String id : kit.testIds()) {
                if (KitOrder.NOT_APPLICABLE.containsKey(id)) na.add(id + ": " + KitOrder.NOT_APPLICABLE.get(id));
            }
        }
        return new RunResult(results, na, (System.nanoTime() - t0) / 1_000_000);
    }

    private static String describe(StepResult s) {
        if (s == null) return "no step ran";
        return s.section() + "/" + s.step() + ": " + s.reason();
    }

    String defaultPatient(String testId) {
        return switch (testId) {
            case "12346", "15818" -> sqPid;
            case "12374", "15817b" -> altPid;
            default -> registerPid;
        };
    }

    public TestResult runTest(String id) {
        long t0 = System.nanoTime();
        List<StepResult> steps = new ArrayList<>();
        String title = "";
        boolean stop = false;
        try {
            TestKit.KitTest test = kit.load(id);
            title = test.title();
            List<String> sections = new ArrayList<>(test.sections());
            for (String extra : config.unindexedSectionsOf(id)) {
                if (!Files.isRegularFile(test.dir().resolve(extra).resolve("testplan.xml"))) {
                    throw new IOException("unindexed section " + id + "/" + extra + " has no testplan.xml");
                }
                if (!sections.contains(extra)) sections.add(extra);
            }
            for (String section : sections) {
                TestPlan plan;
                try {
                    plan = new TestPlanParser().parse(id, section, test.dir().resolve(section).resolve("testplan.xml"));
                } catch (TestPlanParser.PlanException e) {
                    steps.add(new StepResult(id, section, "-", "-", Outcome.FAIL,
                            ConformanceFailure.PLAN_MALFORMED.format(id + "/" + section, e.getMessage()),
                            ConformanceFailure.PLAN_MALFORMED, null, null, 0));
                    stop = true;
                    continue;
                }
                for (TestStep step : plan.steps()) {
                    if (stop) {
                        steps.add(new StepResult(id, section, step.id(), step.transaction().kind().label(), Outcome.SKIPPED,
                                "not run: an earlier step of this test failed", null, null, null, 0));
                        continue;
                    }
                    StepResult r = runStep(plan, step);
                    steps.add(r);
                    if (r.failed()) stop = true;
                }
            }
        } catch (IOException e) {
            steps.add(new StepResult(id, "-", "-", "-", Outcome.FAIL, ConformanceFailure.KIT_UNREADABLE.format(id, e.getMessage()),
                    ConformanceFailure.KIT_UNREADABLE, null, null, 0));
        }
        return new TestResult(id, title, List.copyOf(steps), (System.nanoTime() - t0) / 1_000_000);
    }

    /** Mutable record of one step's request and response text, for the report. */
    private static final class Trace {
        String request;
        String response;
    }

    StepResult runStep(TestPlan plan, TestStep step) {
        long t0 = System.nanoTime();
        Trace trace = new Trace();
        StepTransaction tx = step.transaction();
        try {
            if (tx.waitBeforeMillis() > 0) Thread.sleep(Math.min(tx.waitBeforeMillis(), 10_000));
            String note = execute(plan, step, trace);
            return new StepResult(plan.testId(), plan.section(), step.id(), tx.kind().label(), Outcome.PASS, note, null,
                    trace.request, trace.response, (System.nanoTime() - t0) / 1_000_000);
        } catch (StepException e) {
            return new StepResult(plan.testId(), plan.section(), step.id(), tx.kind().label(), Outcome.FAIL, e.getMessage(),
                    e.failure(), trace.request, trace.response, (System.nanoTime() - t0) / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new StepResult(plan.testId(), plan.section(), step.id(), tx.kind().label(), Outcome.FAIL, "interrupted",
                    null, trace.request, trace.response, 0);
        } catch (RuntimeException e) {
            return new StepResult(plan.testId(), plan.section(), step.id(), tx.kind().label(), Outcome.FAIL,
                    "runner error: " + e, null, trace.request, trace.response, (System.nanoTime() - t0) / 1_000_000);
        }
    }

    /**
     * {@code $now$}: the next whole second. A registry keeps times to the second and an ITI-18 "...To" bound is
     * exclusive, so the current second would leave out what the previous step stored a few milliseconds ago (11899
     * in_updatetime: "found 0 Folders instead of 2" whenever the submission and the query fell in one second).
     */
    static String nowSymbol(java.time.Instant now) {
        return now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusSeconds(1).atZone(java.time.ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
    }

    private String execute(TestPlan plan, TestStep step, Trace trace) throws StepException {
        StepTransaction tx = step.transaction();
        String test = plan.testId();
        String section = plan.section();
        // 1. symbols: standard linkage, then UseId / UseReport
        Map<String, String> symbols = new LinkedHashMap<>();
        String pid = switchedPatient.getOrDefault(test, defaultPatient(test));
        for (UseReport u : tx.useReports()) {
            if ("$patientid$".equals(u.useAs())) pid = linkage.resolve(test, section, u);
        }
        if (step.newPatientId() || tx.altPatientId() || tx.newPatientId()) pid = ids.patientId();
        if (step.newPatientId() && tx.kind() == TransactionKind.NONE) switchedPatient.put(test, pid);
        if (tx.patientId() != null) pid = tx.patientId();
        symbols.put("$patientid$", pid);
        symbols.put("$altpatientid$", altPid);
        symbols.put("$now$", nowSymbol(java.time.Instant.now()));
        symbols.put("$lastyear$", ZonedDateTime.now(java.time.ZoneOffset.UTC).minusYears(1).format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss")));
        symbols.put("$DATE$", LocalDate.now(java.time.ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE));
        symbols.put("$repuid$", config.repositoryUniqueId());
        for (UseId u : tx.useIds()) symbols.put(u.symbol(), linkage.resolve(test, section, u));
        for (UseReport u : tx.useReports()) symbols.put(u.useAs(), linkage.resolve(test, section, u));

        securityContext.set(new SecurityContext(test, section, step.id(), pid, tx.vihfVariant(), tx.vihfReplayOf()));
        Map<String, String> reports = new LinkedHashMap<>();
        Map<String, String> uids = Map.of();
        Map<String, String> uuids = Map.of();
        Element input = null;
        XdsResponse response = null;
        String note = "";
        switch (tx.kind()) {
            case NONE -> note = step.newPatientId() ? "patient id of the following steps: " + pid : "no transaction";
            case NULL -> note = "assertions only";
            case PATIENT_FEED -> {
                String fed = tx.createNewPatientId() ? ids.patientId() : pid;
                if (config.feedHost() == null) {
                    throw ConformanceFailure.FEED_FAILED.exception("(none)", "no ITI-8 feed address given (--feed host:port)");
                }
                MllpFeedSender sender = new MllpFeedSender(config.feedHost(), config.feedPort());
                trace.request = "MLLP " + sender.target() + "\n\n" + fed;
                MllpFeedSender.FeedExchange fx = sender.sendA01(fed, "CONFORMANCE", test);
                trace.request = "MLLP " + sender.target() + "\n\n" + fx.message();
                trace.response = fx.ack();
                reports.put("$patientid$", fed);
                pid = fed;
                note = "fed " + fed;
            }
            case REGISTER, PROVIDE_AND_REGISTER -> {
                Document md = parse(plan, tx.metadataFile(), symbols);
                if (Ebrim21To30Converter.isEbrim21(md) && !tx.noConvert()) {
                    try {
                        md = new Ebrim21To30Converter().convert(md);
                    } catch (Ebrim21To30Converter.ConversionException e) {
                        throw ConformanceFailure.PLAN_MALFORMED.exception(tx.metadataFile(), "ebRIM 2.1 to 3.0: " + e.getMessage());
                    }
                }
                Element sor = md.getDocumentElement();
                if ("ProvideAndRegisterDocumentSetRequest".equals(sor.getLocalName())) {
                    sor = Xml.child(sor, "SubmitObjectsRequest");
                    if (sor == null) throw ConformanceFailure.PLAN_MALFORMED.exception(tx.metadataFile(), "no SubmitObjectsRequest");
                }
                SubmissionPreparer.Result prep = new SubmissionPreparer(ids).prepare(md, new SubmissionPreparer.Options(
                        tx.assignUuids(), tx.noAssignUids(), tx.noAssignUidsFor(), tx.noPatientId(), pid, config.sourceId()));
                uids = prep.assignedUids();
                uuids = prep.assignedUuids();
                input = sor;
                if (tx.kind() == TransactionKind.REGISTER) {
                    response = send(test, step.expectedStatus(), "iti42", Xml.fragment(sor), List.of(), trace);
                } else {
                    response = provideAndRegister(plan, step, sor, uuids, trace);
                }
            }
            case STORED_QUERY -> {
                Document q = parse(plan, tx.metadataFile(), symbols);
                input = q.getDocumentElement();
                response = send(test, step.expectedStatus(), "iti18", Xml.fragment(input), List.of(), trace);
            }
            case RETRIEVE -> {
                Document q = parse(plan, tx.metadataFile(), symbols);
                input = q.getDocumentElement();
                response = send(test, step.expectedStatus(), "iti43", Xml.fragment(input), List.of(), trace);
            }
            case HTTP -> {
                uids = new LinkedHashMap<>();
                response = rawHttp(plan, tx, pid, uids, trace);
            }
        }
        if (response != null) {
            checkStatus(step, response);
            if (tx.checkContents() && !response.isFault() && tx.kind() == TransactionKind.STORED_QUERY) {
                List<String> problems = new ContentsChecker().check(tx.expectedContents(), response.body(),
                        e -> linkage.resolve(test, section, new UseId(Xml.attr(e, "testdir"), e.getAttribute("section"),
                                e.getAttribute("step"), Xml.attr(e, "id"), e.getAttribute("symbol"))));
                if (!problems.isEmpty()) throw ConformanceFailure.CONTENTS_MISMATCH.exception(String.join("; ", problems));
            }
            if (tx.kind() == TransactionKind.RETRIEVE && step.expectsSuccess()) checkRetrieved(plan, tx, symbols, response);
            note = response.status() + (response.errors().isEmpty() ? "" : " (" + response.errorSummary() + ")");
        }
        for (ReportSpec r : tx.reports()) {
            Node ctx = "InputMetadata".equals(r.section()) ? input : response == null ? null : response.body();
            if (ctx == null) continue;
            try {
                List<String> v = Xml.xpathValues(ctx.getOwnerDocument() != null ? ctx.getOwnerDocument() : ctx, r.xpath());
                if (!v.isEmpty()) reports.put(r.name(), v.get(0));
            } catch (javax.xml.xpath.XPathExpressionException e) {
                throw ConformanceFailure.PLAN_MALFORMED.exception("Report " + r.name(), "bad XPath: " + e.getMessage());
            }
        }
        reports.putAll(Linkage.automaticReports(uids, uuids));
        linkage.put(new StepLog(test, section, step.id(), uids, uuids, pid, reports, tx.kind().element(), input,
                response == null ? null : response.body()));
        if (!tx.assertions().isEmpty()) checkAssertions(plan, tx, symbols);
        return note;
    }

    private Document parse(TestPlan plan, String file, Map<String, String> symbols) throws StepException {
        Path p = plan.sectionDir().resolve(file).normalize();
        if (!Files.isRegularFile(p)) throw ConformanceFailure.FILE_MISSING.exception(p);
        try {
            String text = new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
            return Xml.parse(Linkage.substituteXml(text, symbols));
        } catch (IOException e) {
            throw ConformanceFailure.FILE_MISSING.exception(p + " (" + e.getMessage() + ")");
        } catch (Xml.XmlException e) {
            throw ConformanceFailure.PLAN_MALFORMED.exception(p, e.getMessage());
        }
    }

    private XdsResponse provideAndRegister(TestPlan plan, TestStep step, Element sor, Map<String, String> uuids,
                                           Trace trace) throws StepException {
        StepTransaction tx = step.transaction();
        String test = plan.testId();
        Map<String, String> mimeTypes = new LinkedHashMap<>();
        for (Element eo : Xml.descendants(sor, "ExtrinsicObject")) mimeTypes.put(eo.getAttribute("id"), eo.getAttribute("mimeType"));
        StringBuilder body = new StringBuilder("<xdsb:ProvideAndRegisterDocumentSetRequest xmlns:xdsb=\"" + Namespaces.XDSB + "\">");
        body.append(Xml.fragment(sor));
        List<SoapRequest.Attachment> attachments = new ArrayList<>();
        int n = 0;
        for (Map.Entry<String, String> d : tx.documents().entrySet()) {
            String id = uuids.getOrDefault(d.getKey(), d.getKey());
            Path file = resolveFile(plan, d.getValue());
            if (!Files.isRegularFile(file)) throw ConformanceFailure.FILE_MISSING.exception(file);
            byte[] content;
            try {
                content = Files.readAllBytes(file);
            } catch (IOException e) {
                throw ConformanceFailure.FILE_MISSING.exception(file + " (" + e.getMessage() + ")");
            }
            String cid = "doc" + (++n) + "." + java.util.UUID.randomUUID() + "@passerelle";
            attachments.add(new SoapRequest.Attachment(cid, mimeTypes.get(id), content));
            body.append("<xdsb:Document id=\"").append(id).append("\"><xop:Include xmlns:xop=\"").append(Namespaces.XOP)
                    .append("\" href=\"cid:").append(cid).append("\"/></xdsb:Document>");
        }
        body.append("</xdsb:ProvideAndRegisterDocumentSetRequest>");
        return send(test, step.expectedStatus(), "iti41", body.toString(), attachments, trace);
    }

    /**
     * A document file of a plan: relative to its section folder, or with {@code examples:} to the run's CI-SIS
     * examples folder (the ANS files are read where they are, never copied into a kit).
     */
    private Path resolveFile(TestPlan plan, String name) throws StepException {
        if (!name.startsWith(RunConfig.EXAMPLES_PREFIX)) return plan.sectionDir().resolve(name).normalize();
        if (config.cdaExamples() == null) {
            throw ConformanceFailure.FILE_MISSING.exception(name + " (no CI-SIS examples folder given: --cda-examples DIR)");
        }
        String file = name.substring(RunConfig.EXAMPLES_PREFIX.length());
        Path root = config.cdaExamples().toAbsolutePath().normalize();
        Path p = root.resolve(file).normalize();
        if (!p.startsWith(root)) throw ConformanceFailure.PLAN_MALFORMED.exception(name, "outside the examples folder");
        return p;
    }

    private XdsResponse send(String test, String expectedStatus, String transaction, String bodyXml,
                             List<SoapRequest.Attachment> attachments, Trace trace) throws StepException {
        String url = config.endpointFor(transaction);
        String action = ACTIONS.get(transaction);
        String security = null;
        SecurityContext sc = securityContext.get();
        if (sc != null && sc.replayOf() != null) {
            security = sentSecurity.get(sc.test() + "/" + sc.section() + "/" + sc.replayOf());
            if (security == null) {
                throw ConformanceFailure.LINKAGE_MISSING.exception("Vihf replay", "the security header of step " + sc.replayOf());
            }
        } else if (config.security() != null) {
            try {
                security = config.security().header(test, action, expectedStatus,
                        sc == null ? null : sc.patientId(), sc == null ? null : sc.variant());
            } catch (Exception e) {
                throw ConformanceFailure.UNSUPPORTED_INSTRUCTION.exception("security header: " + e.getMessage());
            }
        } else if (sc != null && sc.variant() != null) {
            throw ConformanceFailure.UNSUPPORTED_INSTRUCTION.exception("Vihf (the run has no VIHF signer; use --vihf)");
        }
        if (sc != null && security != null) sentSecurity.put(sc.test() + "/" + sc.section() + "/" + sc.step(), security);
        String envelope = SoapRequest.envelope(action, url, security, bodyXml);
        SoapRequest req = transaction.equals("iti41") ? SoapRequest.mtom(action, envelope, attachments)
                : SoapRequest.plain(action, envelope);
        trace.request = "POST " + url + "\n" + req.display();
        HttpSender.Exchange ex = http.post(url, req.contentType(), req.body(), Map.of());
        return read(ex, trace);
    }

    private XdsResponse read(HttpSender.Exchange ex, Trace trace) throws StepException {
        trace.response = "HTTP " + ex.status() + "\nContent-Type: " + ex.responseContentType() + "\n\n" + Wire.printable(ex.responseBody());
        if (ex.status() != 200 && ex.status() != 500 && ex.status() != 400) {
            throw ConformanceFailure.HTTP_ERROR.exception(ex.url(), ex.status(), Wire.printable(ex.responseBody()).lines().findFirst().orElse(""));
        }
        return XdsResponse.parse(ex.responseContentType(), ex.responseBody());
    }

    /** Raw wire captures (PnrXop/PnrNoXop): ids hard-coded in the capture are replaced by this run's. */
    private static final java.util.regex.Pattern EXTERNAL_IDENTIFIER =
            java.util.regex.Pattern.compile("<(?:[A-Za-z0-9_]+:)?ExternalIdentifier\\b[^>]*>");
    private static final java.util.regex.Pattern ATTRIBUTE =
            java.util.regex.Pattern.compile("\\b(identificationScheme|value|registryObject)\\s*=\\s*\"([^\"]*)\"");

    /**
     * The captures carry fixed patient ids and uniqueIds: every patientId ExternalIdentifier gets this run's patient,
     * every uniqueId a fresh value (logged as AssignedUids by registryObject, for PnrNoXop/eval). Bytes outside those
     * attribute values, binary parts included, are untouched (ISO-8859-1 maps bytes one to one).
     */
    private byte[] rewriteCapture(byte[] body, String pid, Map<String, String> uids) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        java.util.regex.Matcher m = EXTERNAL_IDENTIFIER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String tag = m.group();
            java.util.regex.Matcher a = ATTRIBUTE.matcher(tag);
            String scheme = null, owner = null;
            while (a.find()) {
                if (a.group(1).equals("identificationScheme")) scheme = a.group(2);
                if (a.group(1).equals("registryObject")) owner = a.group(2);
            }
            String newValue = null;
            if (Namespaces.DE_PATIENT_ID.equals(scheme) || Namespaces.SS_PATIENT_ID.equals(scheme) || Namespaces.FOL_PATIENT_ID.equals(scheme)) {
                newValue = pid.replace("&", "&amp;");
            } else if (Namespaces.DE_UNIQUE_ID.equals(scheme) || Namespaces.SS_UNIQUE_ID.equals(scheme) || Namespaces.FOL_UNIQUE_ID.equals(scheme)) {
                newValue = ids.uniqueId();
                if (owner != null) uids.put(owner, newValue);
            }
            if (newValue != null) {
                String v = newValue;
                tag = ATTRIBUTE.matcher(tag).replaceAll(r -> r.group(1).equals("value")
                        ? java.util.regex.Matcher.quoteReplacement("value=\"" + v + "\"") : java.util.regex.Matcher.quoteReplacement(r.group()));
            }
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(tag));
        }
        m.appendTail(out);
        return out.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private XdsResponse rawHttp(TestPlan plan, StepTransaction tx, String pid, Map<String, String> uids, Trace trace) throws StepException {
        Path file = plan.sectionDir().resolve(tx.bodyFile()).normalize();
        if (!Files.isRegularFile(file)) throw ConformanceFailure.FILE_MISSING.exception(file);
        byte[] body;
        try {
            body = Files.readAllBytes(file);
        } catch (IOException e) {
            throw ConformanceFailure.FILE_MISSING.exception(file + " (" + e.getMessage() + ")");
        }
        body = rewriteCapture(body, pid, uids);
        String contentType = tx.headers().getOrDefault("Content-Type", "application/soap+xml; charset=UTF-8");
        String url = config.endpointFor("iti41");
        trace.request = "POST " + url + "\nContent-Type: " + contentType + "\n\n" + Wire.printable(body);
        return read(http.post(url, contentType, body, tx.headers()), trace);
    }

    private void checkStatus(TestStep step, XdsResponse r) throws StepException {
        String expected = step.expectedStatus();
        boolean ok = expected.equals(r.status());
        if (!ok) {
            String detail = r.isFault() ? " (SOAP Fault: " + r.faultReason() + ")"
                    : r.errors().isEmpty() ? "" : " (errors: " + r.errorSummary() + ")";
            throw ConformanceFailure.UNEXPECTED_STATUS.exception(expected, r.status(), detail);
        }
        for (String m : step.expectedErrorMessages()) {
            boolean found = r.isFault() ? r.faultReason() != null && r.faultReason().contains(m)
                    : r.errors().stream().anyMatch(e -> e.errorCode().contains(m) || e.codeContext().contains(m));
            if (!found) throw ConformanceFailure.EXPECTED_ERROR_MISSING.exception(m, r.isFault() ? r.faultReason() : r.errorSummary());
        }
        for (String c : step.expectedErrorCodes()) {
            boolean found = r.errors().stream().anyMatch(e -> e.errorCode().contains(c));
            if (!found) throw ConformanceFailure.EXPECTED_ERROR_MISSING.exception(c, r.errorSummary());
        }
    }

    private void checkRetrieved(TestPlan plan, StepTransaction tx, Map<String, String> symbols, XdsResponse r) throws StepException {
        List<String> problems = new ArrayList<>();
        if (r.documents().isEmpty()) problems.add("no DocumentResponse in the retrieve response");
        Element reference = null;
        if (tx.referenceMetadata() != null) {
            String[] ts = linkage.locate(plan.testId(), plan.section(), tx.referenceMetadata().testdir());
            StepLog log = linkage.find(ts[0], ts[1], tx.referenceMetadata().step());
            if (log == null || log.result() == null) {
                throw ConformanceFailure.LINKAGE_MISSING.exception("ReferenceMetadata", ts[0] + "/" + ts[1] + " step " + tx.referenceMetadata().step());
            }
            reference = log.result();
        }
        for (XdsResponse.RetrievedDocument d : r.documents()) {
            if (d.content() == null) {
                problems.add("document " + d.documentUniqueId() + " has no content");
                continue;
            }
            if (reference != null) {
                Element eo = null;
                for (Element e : Xml.descendants(reference, "ExtrinsicObject")) {
                    for (Element ei : Xml.children(e, "ExternalIdentifier")) {
                        if (Namespaces.DE_UNIQUE_ID.equals(ei.getAttribute("identificationScheme"))
                                && ei.getAttribute("value").equals(d.documentUniqueId())) eo = e;
                    }
                }
                if (eo == null) {
                    problems.add("document " + d.documentUniqueId() + " is not in the referenced query result");
                } else {
                    String hash = slot(eo, "hash");
                    String size = slot(eo, "size");
                    String repo = slot(eo, "repositoryUniqueId");
                    if (hash != null && !hash.equalsIgnoreCase(sha1(d.content()))) {
                        problems.add("document " + d.documentUniqueId() + " hash " + sha1(d.content()) + " differs from metadata hash " + hash);
                    }
                    if (size != null && !size.equals(String.valueOf(d.content().length))) {
                        problems.add("document " + d.documentUniqueId() + " size " + d.content().length + " differs from metadata size " + size);
                    }
                    if (!eo.getAttribute("mimeType").equals(d.mimeType())) {
                        problems.add("document " + d.documentUniqueId() + " mimeType " + d.mimeType() + " differs from metadata " + eo.getAttribute("mimeType"));
                    }
                    if (repo != null && !repo.equals(d.repositoryUniqueId())) {
                        problems.add("document " + d.documentUniqueId() + " repositoryUniqueId " + d.repositoryUniqueId() + " differs from metadata " + repo);
                    }
                }
            }
        }
        for (ReferenceDocument rd : tx.referenceDocuments()) {
            String uid = Linkage.substitute(rd.uid(), symbols);
            XdsResponse.RetrievedDocument d = r.documents().stream().filter(x -> uid.equals(x.documentUniqueId())).findFirst().orElse(null);
            if (d == null) {
                problems.add("document " + uid + " (" + rd.file() + ") was not returned");
                continue;
            }
            boolean example = rd.file().startsWith(RunConfig.EXAMPLES_PREFIX);
            Path f = resolveFile(plan, rd.file());
            if (!example && !Files.isRegularFile(f)) f = plan.sectionDir().getParent().resolve(rd.file()).normalize();
            if (example && !Files.isRegularFile(f)) problems.add(rd.file() + " not found: " + f);
            // 12029 names submit/my_document.pdf while submitting readme.txt: the metadata check above is what counts
            if (Files.isRegularFile(f)) {
                try {
                    byte[] expected = Files.readAllBytes(f);
                    if (!Arrays.equals(expected, d.content()) && (reference == null || example)) {
                        problems.add("document " + uid + " differs from " + rd.file());
                    }
                } catch (IOException e) {
                    problems.add(rd.file() + " cannot be read: " + e.getMessage());
                }
            }
        }
        if (!problems.isEmpty()) throw ConformanceFailure.RETRIEVE_MISMATCH.exception(String.join("; ", problems));
    }

    private static String slot(Element eo, String name) {
        for (Element s : Xml.children(eo, "Slot")) {
            if (name.equals(s.getAttribute("name"))) {
                List<Element> values = Xml.descendants(s, "Value");
                return values.isEmpty() ? null : values.get(0).getTextContent().trim();
            }
        }
        return null;
    }

    private static String sha1(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Assertions run over a rebuilt toolkit log of the current section:
     * {@code TestResults/TestStep[@id]/<Transaction>/(InputMetadata|Result)}.
     */
    private void checkAssertions(TestPlan plan, StepTransaction tx, Map<String, String> symbols) throws StepException {
        Document log = Xml.newDocument();
        Element root = log.createElementNS(null, "TestResults");
        log.appendChild(root);
        for (StepLog s : linkage.section(plan.testId(), plan.section())) {
            Element ts = log.createElementNS(null, "TestStep");
            ts.setAttribute("id", s.step());
            root.appendChild(ts);
            Element t = log.createElementNS(null, s.transactionElement().isEmpty() ? "NullTransaction" : s.transactionElement());
            ts.appendChild(t);
            if (s.inputMetadata() != null) {
                Element in = log.createElementNS(null, "InputMetadata");
                in.appendChild(log.importNode(s.inputMetadata(), true));
                t.appendChild(in);
            }
            if (s.result() != null) {
                Element res = log.createElementNS(null, "Result");
                res.appendChild(log.importNode(s.result(), true));
                t.appendChild(res);
            }
        }
        for (Assertion a : tx.assertions()) {
            String xpath = Linkage.substitute(a.xpath(), symbols);
            boolean ok;
            try {
                ok = Xml.xpathBoolean(log, xpath);
            } catch (javax.xml.xpath.XPathExpressionException e) {
                throw ConformanceFailure.PLAN_MALFORMED.exception("Assert " + a.id(), "bad XPath: " + e.getMessage());
            }
            if (!ok) throw ConformanceFailure.ASSERTION_FAILED.exception(a.id(), xpath.replaceAll("\\s+", " "));
        }
    }
}
