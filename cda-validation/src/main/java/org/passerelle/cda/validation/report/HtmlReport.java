package org.passerelle.cda.validation.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.passerelle.cda.validation.Finding;
import org.passerelle.cda.validation.ValidationReport;

/**
 * One self-contained HTML page per run (inline CSS, no script, no external resource): a summary table, then per
 * document its findings with line numbers and the offending lines of XML, read from the file when it is on disk.
 */
public final class HtmlReport {
    private static final int CONTEXT = 2;
    private static final int MAX_LINE = 300;

    private HtmlReport() {}

    public static void write(List<ValidationReport> reports, Writer out) throws IOException {
        out.write("<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\"><title>cda-validate report</title>\n<style>"
                + "body{font-family:sans-serif;margin:1.5em;color:#222}table{border-collapse:collapse}"
                + "td,th{border:1px solid #bbb;padding:3px 8px;text-align:left}.ok{color:#1a7f37}.ko{color:#c62828}"
                + ".ERROR{color:#c62828;font-weight:bold}.WARNING{color:#b26a00;font-weight:bold}.INFO{color:#555}"
                + "pre{background:#f6f8fa;padding:6px;overflow-x:auto;font-size:90%}pre b{background:#ffe08a}"
                + "li{margin-bottom:.8em}</style></head><body>\n");
        out.write("<h1>CDA validation report</h1><p>" + reports.size() + " document(s), " + Instant.now() + "</p>\n");
        out.write("<table><tr><th>document</th><th>result</th><th>level</th><th>volet</th><th>errors</th><th>warnings</th></tr>\n");
        for (int i = 0; i < reports.size(); i++) {
            ValidationReport r = reports.get(i);
            out.write("<tr><td><a href=\"#d" + i + "\">" + Escape.xml(r.document()) + "</a></td><td class=\""
                    + (r.valid() ? "ok\">valid" : "ko\">invalid") + "</td><td>" + r.level() + "</td><td>"
                    + Escape.xml(r.volet() == null ? "-" : r.volet()) + "</td><td>" + r.errorCount() + "</td><td>"
                    + r.warningCount() + "</td></tr>\n");
        }
        out.write("</table>\n");
        for (int i = 0; i < reports.size(); i++) {
            ValidationReport r = reports.get(i);
            out.write("<h2 id=\"d" + i + "\">" + Escape.xml(r.document()) + "</h2>\n<p>Rule sets: "
                    + Escape.xml(String.join(", ", r.ruleSets())) + "</p>\n<ol>\n");
            List<String> lines = lines(r.document());
            for (Finding f : r.findings()) {
                out.write("<li><span class=\"" + f.severity() + "\">" + f.severity() + "</span> [" + Escape.xml(f.layer())
                        + "]" + (f.line() == null ? "" : " line " + f.line())
                        + (f.ruleId() == null ? "" : " <code>" + Escape.xml(f.ruleId()) + "</code>") + "<br>"
                        + Escape.xml(f.message())
                        + (f.location() == null ? "" : "<br><code>" + Escape.xml(f.location()) + "</code>"));
                if (f.line() != null && lines != null && f.line() <= lines.size()) {
                    out.write("<pre>");
                    for (int n = Math.max(1, f.line() - CONTEXT); n <= Math.min(lines.size(), f.line() + CONTEXT); n++) {
                        String text = lines.get(n - 1);
                        if (text.length() > MAX_LINE) {
                            text = text.substring(0, MAX_LINE) + " …";
                        }
                        String shown = String.format("%6d  %s", n, Escape.xml(text));
                        out.write(n == f.line() ? "<b>" + shown + "</b>\n" : shown + "\n");
                    }
                    out.write("</pre>");
                }
                out.write("</li>\n");
            }
            out.write("</ol>\n");
        }
        out.write("</body></html>\n");
    }

    /** The document's lines, when it is a readable file of reasonable size (for excerpts). */
    private static List<String> lines(String document) {
        try {
            Path p = Path.of(document);
            if (Files.isRegularFile(p) && Files.size(p) < 64L * 1024 * 1024) {
                return Files.readAllLines(p, StandardCharsets.UTF_8);
            }
        } catch (Exception e) {
            // no excerpt: not a file, or not UTF-8
        }
        return null;
    }
}
