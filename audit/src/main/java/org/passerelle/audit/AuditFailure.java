package org.passerelle.audit;

/** The catalogue of audit failures, with the CLI exit code each maps to and a message template. */
public enum AuditFailure {
    CHAIN_BROKEN(3, "audit chain %s is broken at seq %d (row id %d): %s"),
    CHAIN_TRUNCATED(3, "audit chain %s ends at seq %d but its head records seq %d: rows were removed from its tail"),
    HEAD_WITHOUT_ROWS(3, "audit chain %s has a head (seq %d) but no rows"),
    DATABASE_UNAVAILABLE(2, "cannot use the audit database %s: %s"),
    WRITE_FAILED(4, "audit events could not be written after %d attempts: %s"),
    BAD_ARGUMENT(64, "%s");

    private final int exitCode;
    private final String template;

    AuditFailure(int exitCode, String template) {
        this.exitCode = exitCode;
        this.template = template;
    }

    public int exitCode() { return exitCode; }

    public String message(Object... args) { return String.format(template, args); }
}
