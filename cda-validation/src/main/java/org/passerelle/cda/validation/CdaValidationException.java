package org.passerelle.cda.validation;

/** A failure of the engine or its configuration (not of a document): kit folder missing, rule set broken, I/O. */
public class CdaValidationException extends RuntimeException {
    private final CdaFailure failure;

    public CdaValidationException(CdaFailure failure, Throwable cause, Object... args) {
        super(failure.format(args), cause);
        this.failure = failure;
    }

    public CdaFailure failure() { return failure; }
}
