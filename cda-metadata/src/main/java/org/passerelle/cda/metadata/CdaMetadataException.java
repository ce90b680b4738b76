package org.passerelle.cda.metadata;

/** A failure from {@link CdaMetadataFailure}, with its precise message. */
public class CdaMetadataException extends Exception {
    private final CdaMetadataFailure failure;

    public CdaMetadataException(CdaMetadataFailure failure, String message, Throwable cause) {
        super(message, cause);
        this.failure = failure;
    }

    public CdaMetadataFailure failure() {
        return failure;
    }
}
