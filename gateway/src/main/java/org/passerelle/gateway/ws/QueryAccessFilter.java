package org.passerelle.gateway.ws;

import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.passerelle.gateway.spi.AccessPolicy;
import org.passerelle.gateway.spi.Caller;
import org.passerelle.registry.StoredDocumentEntry;
import org.passerelle.registry.StoredQueryResponse;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies the {@link AccessPolicy} to an ITI-18 answer whose DocumentEntries are in their stored ebRIM form, building
 * no more of the IPF model than the policy reads: nothing for {@link AccessPolicy#ALLOW_ALL}, the access facts for a
 * policy that {@link AccessPolicy#readsAccessFactsOnly() reads only those} (the kept entries then go out as stored),
 * full entries otherwise (the policy's answer then goes out as IPF writes it, as before this path existed).
 */
final class QueryAccessFilter {

    private QueryAccessFilter() { }

    static StoredQueryResponse filter(AccessPolicy policy, Caller caller, StoredQueryResponse found) {
        if (policy == AccessPolicy.ALLOW_ALL) return found;
        if (!policy.readsAccessFactsOnly()) {
            return StoredQueryResponse.of(policy.filterQueryResponse(caller, found.toQueryResponse()));
        }
        Map<DocumentEntry, StoredDocumentEntry> handedOut = new IdentityHashMap<>();
        List<DocumentEntry> views = new ArrayList<>(found.documentEntries().size());
        for (StoredDocumentEntry e : found.documentEntries()) {
            DocumentEntry view = e.accessView();
            handedOut.put(view, e);
            views.add(view);
        }
        QueryResponse simple = found.others();
        simple.setDocumentEntries(views);
        QueryResponse filtered = policy.filterQueryResponse(caller, simple);
        List<StoredDocumentEntry> kept = new ArrayList<>(filtered.getDocumentEntries().size());
        for (DocumentEntry e : filtered.getDocumentEntries()) {
            StoredDocumentEntry stored = handedOut.get(e);
            if (stored == null) throw new IllegalStateException("the access policy added a DocumentEntry of its own to an ITI-18 answer");
            kept.add(stored);
        }
        filtered.setDocumentEntries(new ArrayList<>());
        return StoredQueryResponse.of(filtered).withDocumentEntries(kept);
    }
}
