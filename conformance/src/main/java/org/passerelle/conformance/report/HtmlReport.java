package org.passerelle.conformance.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.passerelle.conformance.run.Results.Outcome;
import org.passerelle.conformance.run.Results.RunResult;
import org.passerelle.conformance.run.Results.StepResult;
import org.passerelle.conformance.run.Results.TestResult;

/** One self-contained HTML page (inline CSS, no script): summary table, then each failing step with its request and response. */
public final class HtmlReport {
    private HtmlReport() {}

    public static String build(RunResult run) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Passerelle conformance report</title><style>")
                .append("body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}")
                .append(".PASS{color:#080}.FAIL{color:#b00;font-weight:bold}.SKIPPED{color:#888}pre{background:#f6f6f6;padding:8px;overflow:auto;max-height:40em;white-space:pre-wrap}")
                .append("</style></head><body><h1>Passerelle conformance report</h1>");
        h.append("<p><b>").append(run.passed()).append(" passed, ").append(run.failed()).append(" failed</b> (")
                .append(run.tests().size()).append(" tests, ").append(run.millis() / 1000).append(" s)</p>");
        h.append("<table><tr><th>test</th><th>section</th><th>step</th><th>transaction</th><th>result</th><th>reason</th></tr>");
        for (TestResult t : run.tests()) {
            for (StepResult s : t.steps()) {
                h.append("<tr><td>").append(esc(t.id())).append("</td><td>").append(esc(s.section())).append("</td><td>");
                if (s.outcome() == Outcome.FAIL) h.append("<a href=\"#").append(anchor(s)).append("\">").append(esc(s.step())).append("</a>");
                else h.append(esc(s.step()));
                h.append("</td><td>").append(esc(s.transaction())).append("</td><td class=\"").append(s.outcome()).append("\">")
                        .append(s.outcome()).append("</td><td>").append(esc(s.reason())).append("</td></tr>");
            }
        }
        h.append("</table>");
        if (!run.notApplicable().isEmpty()) {
            h.append("<h2>Not applicable</h2><ul>");
            run.notApplicable().forEach(n -> h.append("<li>").append(esc(n)).append("</li>"));
            h.append("</ul>");
        }
        h.append("<h2>Failing steps</h2>");
        for (TestResult t : run.tests()) {
            for (StepResult s : t.steps()) {
                if (s.outcome() != Outcome.FAIL) continue;
                h.append("<h3 id=\"").append(anchor(s)).append("\">").append(esc(t.id() + " / " + s.section() + " / " + s.step()))
                        .append("</h3><p class=\"FAIL\">").append(esc(s.reason())).append("</p>")
                        .append("<h4>Request</h4><pre>").append(esc(s.request() == null ? "(nothing sent)" : s.request())).append("</pre>")
                        .append("<h4>Response</h4><pre>").append(esc(s.response() == null ? "(no response)" : s.response())).append("</pre>");
            }
        }
        h.append("</body></html>\n");
        return h.toString();
    }

    public static void write(RunResult run, Path file) throws IOException {
        Files.writeString(file, build(run));
    }

    private static String anchor(StepResult s) {
        return (s.test() + "-" + s.section() + "-" + s.step()).replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    static String esc(String s) {
        if (s == null) return "";
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
