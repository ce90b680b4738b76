package org.passerelle.client;

/** A client failure from {@link ClientFailure}, with a message that says what went wrong and where. */
public class ClientException extends Exception {
    private final ClientFailure failure;

    public ClientException(ClientFailure failure, String message, Throwable cause) {
        super(message, cause);
        this.failure = failure;
    }

    public ClientFailure failure() {
        return failure;
    }

    public int exitCode() {
        return failure.exitCode();
    }
}
