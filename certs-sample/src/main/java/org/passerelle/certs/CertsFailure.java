package org.passerelle.certs;

/** What can go wrong when generating the sample PKI, with the CLI exit code of each failure. */
public enum CertsFailure {
    INVALID_ARGUMENT(2, "invalid argument: %s"),
    OUTPUT_EXISTS(3, "%s already exists; pass --force to overwrite the sample PKI files"),
    WRITE_FAILED(4, "cannot write the sample PKI into %s: %s"),
    CRYPTO_FAILED(5, "certificate generation failed: %s");

    private final int exitCode;
    private final String template;

    CertsFailure(int exitCode, String template) {
        this.exitCode = exitCode;
        this.template = template;
    }

    public int exitCode() { return exitCode; }

    public String format(Object... args) { return String.format(template, args); }
}
