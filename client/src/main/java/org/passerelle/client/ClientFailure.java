package org.passerelle.client;

/**
 * Every way a client operation can fail, with the exit code of {@code bin/xds-client}
 * (0 ok, 1 the registry/repository said no, 2 usage, input or transport problem) and a message template.
 */
public enum ClientFailure {
    REGISTRY_FAILURE(1, "the %s answered %s"),
    SOAP_FAULT(1, "the %s refused the request with a SOAP fault: %s"),
    SERVER_FAULT(1, "the %s failed with a server-side SOAP fault (may succeed later): %s"),
    CDA_INVALID(2, "%s is not a valid CDA document (%d errors); first: %s"),
    CDA_METADATA(2, "%s: %s"),
    TRANSPORT(2, "cannot reach %s: %s"),
    TLS(2, "TLS setup failed: %s"),
    VIHF(2, "cannot build or sign the VIHF: %s"),
    SIGNING(2, "cannot sign: %s"),
    USAGE(2, "%s"),
    IO(2, "%s");

    private final int exitCode;
    private final String template;

    ClientFailure(int exitCode, String template) {
        this.exitCode = exitCode;
        this.template = template;
    }

    public int exitCode() { return exitCode; }

    public ClientException exception(Object... args) {
        return new ClientException(this, String.format(template, args), null);
    }

    public ClientException exception(Throwable cause, Object... args) {
        return new ClientException(this, String.format(template, args), cause);
    }
}
