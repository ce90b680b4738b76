package org.passerelle.cda.metadata;

/** One difference between a CDA header and the DocumentEntry submitted with it. */
public record Mismatch(CdaMetadataFailure failure, String cdaValue, String metadataValue) {

    public String message() {
        return failure.format(cdaValue, metadataValue);
    }

    /** ebRS error code a repository returns for it. */
    public String ebRsErrorCode() {
        return failure.ebRsErrorCode();
    }

    @Override
    public String toString() {
        return failure + ": " + message();
    }
}
