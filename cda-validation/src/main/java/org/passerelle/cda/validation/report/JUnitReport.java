package org.passerelle.cda.validation.report;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import org.passerelle.cda.validation.Finding;
import org.passerelle.cda.validation.Severity;
import org.passerelle.cda.validation.ValidationReport;

/**
 * JUnit XML for CI pipelines: one test suite per document, one test case per layer that ran; a layer with errors is a
 * failed test whose text lists its findings (line, location, message).
 */
public final class JUnitReport {
    private JUnitReport() {}

    public static void write(List<ValidationReport> reports, Writer out) throws IOException {
        long tests = 0;
        long failures = 0;
        for (ValidationReport r : reports) {
            tests += r.ruleSets().size();
            failures += r.ruleSets().stream().filter(l -> errors(r, l) > 0).count();
        }
        out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.write("<testsuites name=\"cda-validate\" tests=\"" + tests + "\" failures=\"" + failures + "\">\n");
        for (ValidationReport r : reports) {
            long f = r.ruleSets().stream().filter(l -> errors(r, l) > 0).count();
            out.write("  <testsuite name=\"" + Escape.xml(r.document()) + "\" tests=\"" + r.ruleSets().size()
                    + "\" failures=\"" + f + "\" errors=\"0\" skipped=\"0\">\n");
            out.write("    <properties><property name=\"level\" value=\"" + r.level() + "\"/><property name=\"volet\" value=\""
                    + Escape.xml(r.volet() == null ? "" : r.volet()) + "\"/></properties>\n");
            for (String layer : r.ruleSets()) {
                List<Finding> fs = r.findings().stream()
                        .filter(x -> x.layer().equals(layer) || (layer.equals("xml") && !r.ruleSets().contains(x.layer())))
                        .toList();
                out.write("    <testcase classname=\"" + Escape.xml(r.document()) + "\" name=\"" + Escape.xml(layer) + "\">\n");
                long e = fs.stream().filter(x -> x.severity() == Severity.ERROR).count();
                if (e > 0) {
                    out.write("      <failure type=\"" + Escape.xml(layer) + "\" message=\"" + e + " error(s) in "
                            + Escape.xml(layer) + "\">");
                    for (Finding x : fs) {
                        if (x.severity() == Severity.ERROR) {
                            out.write(Escape.xml(TextReport.line(x)) + "\n");
                        }
                    }
                    out.write("</failure>\n");
                }
                StringBuilder other = new StringBuilder();
                for (Finding x : fs) {
                    if (x.severity() != Severity.ERROR) {
                        other.append(TextReport.line(x)).append('\n');
                    }
                }
                if (other.length() > 0) {
                    out.write("      <system-out>" + Escape.xml(other.toString()) + "</system-out>\n");
                }
                out.write("    </testcase>\n");
            }
            out.write("  </testsuite>\n");
        }
        out.write("</testsuites>\n");
    }

    private static long errors(ValidationReport r, String layer) {
        return r.findings().stream().filter(x -> x.severity() == Severity.ERROR
                && (x.layer().equals(layer) || (layer.equals("xml") && !r.ruleSets().contains(x.layer())))).count();
    }
}
