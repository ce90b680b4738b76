package org.passerelle.cda.validation;

/** Severity of a finding. Schematron roles map here: error/fatal/no role are errors, as the ANS kit counts them. */
public enum Severity {
    ERROR, WARNING, INFO;

    /** Maps an SVRL {@code @role} (null when absent) the way the ANS reference verdicts count it. */
    public static Severity fromRole(String role) {
        if (role == null || role.isBlank()) {
            return ERROR;
        }
        return switch (role.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "error", "fatal", "erreur" -> ERROR;
            case "warning", "warn", "avertissement" -> WARNING;
            default -> INFO;
        };
    }
}
