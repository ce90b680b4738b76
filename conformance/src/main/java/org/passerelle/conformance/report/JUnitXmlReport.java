package org.passerelle.conformance.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.passerelle.conformance.Xml;
import org.passerelle.conformance.run.Results.Outcome;
import org.passerelle.conformance.run.Results.RunResult;
import org.passerelle.conformance.run.Results.StepResult;
import org.passerelle.conformance.run.Results.TestResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** JUnit XML (the Ant/Surefire shape CI servers read): one testsuite per kit test, one testcase per step. */
public final class JUnitXmlReport {
    private JUnitXmlReport() {}

    public static Document build(RunResult run) {
        Document d = Xml.newDocument();
        Element suites = d.createElementNS(null, "testsuites");
        suites.setAttribute("name", "passerelle-conformance");
        suites.setAttribute("tests", String.valueOf(run.tests().size()));
        suites.setAttribute("failures", String.valueOf(run.failed()));
        suites.setAttribute("time", seconds(run.millis()));
        d.appendChild(suites);
        for (TestResult t : run.tests()) {
            Element suite = d.createElementNS(null, "testsuite");
            suite.setAttribute("name", t.id());
            suite.setAttribute("tests", String.valueOf(t.steps().size()));
            suite.setAttribute("failures", String.valueOf(t.steps().stream().filter(StepResult::failed).count()));
            suite.setAttribute("skipped", String.valueOf(t.steps().stream().filter(s -> s.outcome() == Outcome.SKIPPED).count()));
            suite.setAttribute("time", seconds(t.millis()));
            suites.appendChild(suite);
            for (StepResult s : t.steps()) {
                Element tc = d.createElementNS(null, "testcase");
                tc.setAttribute("classname", t.id() + "." + s.section());
                tc.setAttribute("name", s.step());
                tc.setAttribute("time", seconds(s.millis()));
                if (s.outcome() == Outcome.FAIL) {
                    Element f = d.createElementNS(null, "failure");
                    f.setAttribute("type", s.failure() == null ? "ERROR" : s.failure().name());
                    f.setAttribute("message", s.reason() == null ? "" : s.reason());
                    f.setTextContent("request:\n" + nz(s.request()) + "\n\nresponse:\n" + nz(s.response()));
                    tc.appendChild(f);
                } else if (s.outcome() == Outcome.SKIPPED) {
                    Element sk = d.createElementNS(null, "skipped");
                    sk.setAttribute("message", s.reason());
                    tc.appendChild(sk);
                }
                suite.appendChild(tc);
            }
        }
        return d;
    }

    public static void write(RunResult run, Path file) throws IOException {
        Files.writeString(file, Xml.pretty(build(run)));
    }

    private static String nz(String s) { return s == null ? "(none)" : s.replaceAll("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F]", "?"); }

    private static String seconds(long millis) { return String.format(java.util.Locale.ROOT, "%.3f", millis / 1000.0); }
}
