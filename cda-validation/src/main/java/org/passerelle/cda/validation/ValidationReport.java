package org.passerelle.cda.validation;

import java.util.List;

/**
 * The result of validating one document.
 *
 * @param document the document name (file path or the name given by the caller)
 * @param level    detected level
 * @param volet    detected volet as {@code templateId@extension} (e.g. "1.2.250.1.213.1.1.1.55@2024.01"), or null
 * @param ruleSets the layers that were run, in order (e.g. "xsd", "schematron:StrucMin")
 * @param findings every problem found, layer by layer
 */
public record ValidationReport(String document, Level level, String volet, List<String> ruleSets, List<Finding> findings) {
    public ValidationReport {
        ruleSets = List.copyOf(ruleSets);
        findings = List.copyOf(findings);
    }

    /** True when there is no error (warnings and infos do not make a document invalid). */
    public boolean valid() {
        return errorCount() == 0;
    }

    public long errorCount() {
        return findings.stream().filter(f -> f.severity() == Severity.ERROR).count();
    }

    public long warningCount() {
        return findings.stream().filter(f -> f.severity() == Severity.WARNING).count();
    }

    /** The findings of one layer, e.g. {@code findingsOf("schematron:StrucMin")}. */
    public List<Finding> findingsOf(String layer) {
        return findings.stream().filter(f -> f.layer().equals(layer)).toList();
    }
}
