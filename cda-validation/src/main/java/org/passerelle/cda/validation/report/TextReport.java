package org.passerelle.cda.validation.report;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import org.passerelle.cda.validation.Finding;
import org.passerelle.cda.validation.ValidationReport;

/** Plain text: one block per document, one line per finding, then the summary table. */
public final class TextReport {
    private TextReport() {}

    public static void write(List<ValidationReport> reports, Writer out) throws IOException {
        for (ValidationReport r : reports) {
            out.write(r.document() + ": " + (r.valid() ? "VALID" : "INVALID") + " (" + r.errorCount() + " error(s), "
                    + r.warningCount() + " warning(s)); level " + r.level() + ", volet "
                    + (r.volet() == null ? "-" : r.volet()) + "\n");
            out.write("  rule sets: " + String.join(", ", r.ruleSets()) + "\n");
            for (Finding f : r.findings()) {
                out.write("  " + line(f) + "\n");
            }
            out.write("\n");
        }
        summary(reports, out);
    }

    static String line(Finding f) {
        StringBuilder b = new StringBuilder();
        b.append(f.severity()).append(" [").append(f.layer()).append(']');
        if (f.line() != null) {
            b.append(" line ").append(f.line());
        }
        if (f.location() != null) {
            b.append(' ').append(f.location());
        }
        b.append(": ").append(f.message());
        if (f.ruleId() != null) {
            b.append(" (").append(f.ruleId()).append(')');
        }
        return b.toString();
    }

    /** The end-of-run table: document, level, volet, errors, warnings. */
    public static void summary(List<ValidationReport> reports, Writer out) throws IOException {
        int w = "document".length();
        int vw = "volet".length();
        for (ValidationReport r : reports) {
            w = Math.max(w, r.document().length());
            vw = Math.max(vw, r.volet() == null ? 1 : r.volet().length());
        }
        String fmt = "%-" + w + "s  %-7s  %-" + vw + "s  %6s  %8s%n";
        out.write(String.format(fmt, "document", "level", "volet", "errors", "warnings"));
        long invalid = 0;
        for (ValidationReport r : reports) {
            out.write(String.format(fmt, r.document(), r.level(), r.volet() == null ? "-" : r.volet(), r.errorCount(),
                    r.warningCount()));
            invalid += r.valid() ? 0 : 1;
        }
        out.write(reports.size() + " document(s), " + (reports.size() - invalid) + " valid, " + invalid + " invalid\n");
    }
}
