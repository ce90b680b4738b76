package org.passerelle.gateway.spi;

import java.util.List;

/**
 * Receives one event per transaction, allowed or refused, after the outcome is known. Must not serialise requests:
 * implementations are thread-safe and fast (they may queue).
 */
public interface TransactionAuditor {

    /**
     * @param caller       who called
     * @param transaction  which transaction
     * @param patientId    the patient concerned (CX), or null if unknown
     * @param documentIds  uniqueIds of the documents concerned (submitted, returned or retrieved)
     * @param outcome      the outcome
     * @param detail       a short human-readable detail (error code and context on failure), or null
     */
    void record(Caller caller, Transaction transaction, String patientId, List<String> documentIds,
                Outcome outcome, String detail);

    enum Outcome { SUCCESS, PARTIAL_SUCCESS, FAILURE, REFUSED }

    /** Discards events. */
    TransactionAuditor NONE = (c, t, p, d, o, x) -> { };
}
