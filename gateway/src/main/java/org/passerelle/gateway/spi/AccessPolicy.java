package org.passerelle.gateway.spi;

import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;

/**
 * The DMP access rules as the endpoints apply them. Refusals are {@link AccessDenied} (mapped to an ebRS
 * XDSRegistryError whose codeContext starts with the rule id, e.g. "R-11: ..."). Implementations are thread-safe.
 */
public interface AccessPolicy {

    /** ITI-41 / ITI-42 / ITI-57: may this caller submit this (already parsed and validated) submission? */
    void checkSubmission(Caller caller, Transaction transaction, RegisterDocumentSet submission) throws AccessDenied;

    /** ITI-18: the response with every object the caller may not see removed (forbidden documents are simply absent). */
    QueryResponse filterQueryResponse(Caller caller, QueryResponse response);

    /**
     * True when {@link #filterQueryResponse} reads nothing of the DocumentEntries but entryUUID, logicalUUID, version,
     * homeCommunityId, uniqueId, patientId, availabilityStatus, mimeType, typeCode, confidentialityCodes, authors and
     * extra metadata, and only removes entries (or answers a failure): the endpoint then hands it entries carrying
     * just those fields, which are much cheaper to build than full entries, and sends the kept entries as stored.
     */
    default boolean readsAccessFactsOnly() { return false; }

    /** ITI-43: may this caller read this document? */
    void checkRetrieve(Caller caller, DocumentEntry document) throws AccessDenied;

    /** Everything allowed (the plain IHE profile, or security disabled). */
    AccessPolicy ALLOW_ALL = new AccessPolicy() {
        @Override public void checkSubmission(Caller c, Transaction t, RegisterDocumentSet s) { }
        @Override public QueryResponse filterQueryResponse(Caller c, QueryResponse r) { return r; }
        @Override public void checkRetrieve(Caller c, DocumentEntry d) { }
    };
}
