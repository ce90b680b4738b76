package org.passerelle.cda.validation.report;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import org.passerelle.cda.validation.Finding;
import org.passerelle.cda.validation.ValidationReport;

/** JSON: {@code {"documents":[{document, valid, level, volet, errors, warnings, ruleSets, findings:[...]}]}}. */
public final class JsonReport {
    private JsonReport() {}

    public static void write(List<ValidationReport> reports, Writer out) throws IOException {
        out.write("{\"documents\":[");
        for (int i = 0; i < reports.size(); i++) {
            ValidationReport r = reports.get(i);
            out.write(i == 0 ? "\n" : ",\n");
            out.write("{\"document\":" + Escape.json(r.document()) + ",\"valid\":" + r.valid() + ",\"level\":"
                    + Escape.json(r.level().name()) + ",\"volet\":" + Escape.json(r.volet()) + ",\"errors\":"
                    + r.errorCount() + ",\"warnings\":" + r.warningCount() + ",\"ruleSets\":[");
            for (int j = 0; j < r.ruleSets().size(); j++) {
                out.write((j == 0 ? "" : ",") + Escape.json(r.ruleSets().get(j)));
            }
            out.write("],\"findings\":[");
            for (int j = 0; j < r.findings().size(); j++) {
                Finding f = r.findings().get(j);
                out.write((j == 0 ? "\n " : ",\n ") + "{\"layer\":" + Escape.json(f.layer()) + ",\"severity\":"
                        + Escape.json(f.severity().name()) + ",\"ruleId\":" + Escape.json(f.ruleId()) + ",\"message\":"
                        + Escape.json(f.message()) + ",\"location\":" + Escape.json(f.location()) + ",\"line\":"
                        + (f.line() == null ? "null" : f.line()) + "}");
            }
            out.write("]}");
        }
        out.write("\n]}\n");
    }
}
