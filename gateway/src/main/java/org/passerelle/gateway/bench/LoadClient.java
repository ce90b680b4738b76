package org.passerelle.gateway.bench;

/**
 * What the bench asks of a client, per operation; every answer is checked and a failed check throws. Implementations
 * are shared by the bench's threads.
 */
public interface LoadClient extends AutoCloseable {

    /** A document the gateway stored: its uniqueId and the patient whose CDA it is. */
    record StoredDocument(String uniqueId, int patient) {
    }

    /** ITI-41 of submission {@code i} (patient {@code i mod patients}): Success, else an exception. */
    StoredDocument submit(int i) throws Exception;

    /** ITI-18 FindDocuments (Approved, LeafClass) of a patient who has documents; the number of entries returned (at least one). */
    int find(int patient) throws Exception;

    /** ITI-43 of a stored document: Success and exactly the bytes submitted, else an exception. */
    void retrieve(StoredDocument document) throws Exception;

    @Override
    default void close() {
    }
}
