package org.passerelle.cda.validation.report;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import org.passerelle.cda.validation.Finding;
import org.passerelle.cda.validation.Severity;
import org.passerelle.cda.validation.ValidationReport;

/**
 * ISO SVRL: one {@code svrl:schematron-output} per document (wrapped in a {@code reports} element when there are
 * several), every finding as a {@code failed-assert} with its role, id, location and line.
 */
public final class SvrlReport {
    static final String NS = "http://purl.oclc.org/dsdl/svrl";

    private SvrlReport() {}

    public static void write(List<ValidationReport> reports, Writer out) throws IOException {
        out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.write("<reports xmlns:svrl=\"" + NS + "\" xmlns:p=\"urn:passerelle:cda-validation\">\n");
        for (ValidationReport r : reports) {
            out.write("<svrl:schematron-output title=\"" + Escape.xml(r.document()) + "\" p:level=\"" + r.level()
                    + "\" p:volet=\"" + Escape.xml(r.volet() == null ? "" : r.volet()) + "\">\n");
            String layer = null;
            for (Finding f : r.findings()) {
                if (!f.layer().equals(layer)) {
                    layer = f.layer();
                    out.write("  <svrl:active-pattern name=\"" + Escape.xml(layer) + "\"/>\n");
                }
                out.write("  <svrl:failed-assert role=\"" + role(f.severity()) + "\""
                        + (f.ruleId() == null ? "" : " id=\"" + Escape.xml(f.ruleId()) + "\"")
                        + " location=\"" + Escape.xml(f.location() == null ? "" : f.location()) + "\""
                        + (f.line() == null ? "" : " p:line=\"" + f.line() + "\"") + ">");
                out.write("<svrl:text>" + Escape.xml(f.message()) + "</svrl:text></svrl:failed-assert>\n");
            }
            out.write("</svrl:schematron-output>\n");
        }
        out.write("</reports>\n");
    }

    private static String role(Severity s) {
        return switch (s) {
            case ERROR -> "error";
            case WARNING -> "warning";
            case INFO -> "info";
        };
    }
}
