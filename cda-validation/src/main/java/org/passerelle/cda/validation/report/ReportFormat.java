package org.passerelle.cda.validation.report;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import org.passerelle.cda.validation.ValidationReport;

/** The output formats of {@code cda-validate}: each writes the reports of one run. */
public enum ReportFormat {
    text("report.txt"), json("report.json"), junit("junit.xml"), svrl("report.svrl.xml"), html("report.html");

    private final String fileName;

    ReportFormat(String fileName) {
        this.fileName = fileName;
    }

    /** File name used in the --out folder. */
    public String fileName() { return fileName; }

    public void write(List<ValidationReport> reports, Writer out) throws IOException {
        switch (this) {
            case text -> TextReport.write(reports, out);
            case json -> JsonReport.write(reports, out);
            case junit -> JUnitReport.write(reports, out);
            case svrl -> SvrlReport.write(reports, out);
            case html -> HtmlReport.write(reports, out);
        }
        out.flush();
    }
}
