package org.passerelle.gateway.access;

import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the policy needs to read from the registry to decide on replacements and ITI-57 updates: the registered
 * (latest) DocumentEntry an association or a new version points at, and a document's real status (IPF's model
 * cannot hold the CI-SIS Archived/Deleted statuses).
 */
public interface DocumentLookup {

    /** The latest registered version whose entryUUID or logicalId is {@code uuid}. */
    Optional<DocumentEntry> byUuid(String uuid);

    /** The registry status URN of the latest version of the document with this uniqueId. */
    Optional<String> status(String uniqueId);

    /** No registry access: replacement and update checks that need the registered entry are skipped. */
    DocumentLookup NONE = new DocumentLookup() {
        @Override public Optional<DocumentEntry> byUuid(String uuid) { return Optional.empty(); }
        @Override public Optional<String> status(String uniqueId) { return Optional.empty(); }
    };

    /**
     * Through the registry's own stored queries (GetDocuments by UUID, then by logicalId), e.g.
     * {@code DocumentLookup.viaQueries(store::query, store::documentStatus)}.
     */
    static DocumentLookup viaQueries(Function<QueryRegistry, QueryResponse> query, Function<String, Optional<String>> status) {
        return new DocumentLookup() {
            @Override
            public Optional<DocumentEntry> byUuid(String uuid) {
                if (uuid == null) return Optional.empty();
                GetDocumentsQuery byId = new GetDocumentsQuery();
                byId.setUuids(List.of(uuid));
                Optional<DocumentEntry> found = latest(query.apply(new QueryRegistry(byId, QueryReturnType.LEAF_CLASS)));
                // the uuid may name an older version, or be the logicalId itself: the latest version decides
                String lid = found.map(e -> e.getLogicalUuid() != null ? e.getLogicalUuid() : e.getEntryUuid()).orElse(uuid);
                GetDocumentsQuery byLid = new GetDocumentsQuery();
                byLid.setLogicalUuid(List.of(lid));
                byLid.setMetadataLevel(2);
                Optional<DocumentEntry> latest = latest(query.apply(new QueryRegistry(byLid, QueryReturnType.LEAF_CLASS)));
                return latest.isPresent() ? latest : found;
            }

            @Override
            public Optional<String> status(String uniqueId) { return status.apply(uniqueId); }
        };
    }

    private static Optional<DocumentEntry> latest(QueryResponse r) {
        if (r == null || r.getDocumentEntries() == null) return Optional.empty();
        return r.getDocumentEntries().stream().max(Comparator.comparing(
                (DocumentEntry d) -> d.getVersion() == null || d.getVersion().getVersionName() == null ? 0
                        : parse(d.getVersion().getVersionName())));
    }

    private static int parse(String v) {
        try { return Integer.parseInt(v.trim()); } catch (NumberFormatException e) { return 0; }
    }
}
