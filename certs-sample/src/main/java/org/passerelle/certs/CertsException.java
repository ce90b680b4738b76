package org.passerelle.certs;

/** A sample PKI generation failure; {@link #failure()} says which (and the CLI exit code). */
public class CertsException extends Exception {
    private final CertsFailure failure;

    public CertsException(CertsFailure failure, Throwable cause, Object... args) {
        super(failure.format(args), cause);
        this.failure = failure;
    }

    public CertsFailure failure() { return failure; }
}
