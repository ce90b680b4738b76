package org.passerelle.cda.validation;

import java.util.Objects;

/**
 * One problem found in a document.
 *
 * @param layer    {@code xml}, {@code xsd}, {@code kit} or {@code schematron:<rule set>}
 * @param severity error, warning or info
 * @param ruleId   schematron assert/pattern id, XSD error key or {@link CdaFailure} code; may be null
 * @param message  human-readable message, whitespace-normalised
 * @param location XPath of the offending node, null when unknown
 * @param line     line number in the document, null when unknown
 */
public record Finding(String layer, Severity severity, String ruleId, String message, String location, Integer line) {
    public Finding {
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(severity, "severity");
        message = message == null ? "" : message;
    }

    /** A finding raised by the engine itself (bad input, kit defect...). */
    public static Finding of(String layer, CdaFailure failure, Integer line, Object... args) {
        return new Finding(layer, failure.severity(), failure.code(), failure.format(args), null, line);
    }
}
