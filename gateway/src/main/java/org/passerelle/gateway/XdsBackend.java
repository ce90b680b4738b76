package org.passerelle.gateway;

import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;
import org.passerelle.registry.StoredQueryResponse;

import java.util.Optional;

/**
 * The registry/repository storage as the endpoints see it: IPF simple-model requests in, IPF simple-model responses
 * out. The production implementation adapts module registry's {@code XdsStore}; tests may plug in their own.
 * Implementations are thread-safe and never half-store a submission.
 */
public interface XdsBackend extends AutoCloseable {

    /** The repositoryUniqueId this gateway's repository answers to (ITI-43 checks requests against it). */
    String repositoryUniqueId();

    Response provideAndRegister(ProvideAndRegisterDocumentSet request);

    Response register(RegisterDocumentSet request);

    /** ITI-57 metadata update. */
    Response update(RegisterDocumentSet request);

    QueryResponse query(QueryRegistry request);

    /**
     * ITI-18 with the DocumentEntries in their ebRIM form, for the endpoint, which filters and forwards them: the
     * same answer as {@link #query}. The default converts {@link #query}'s answer; a store that keeps the ebRIM form
     * hands it over without building IPF DocumentEntries.
     */
    default StoredQueryResponse queryStored(QueryRegistry request) {
        return StoredQueryResponse.of(query(request));
    }

    RetrievedDocumentSet retrieve(RetrieveDocumentSet request);

    Optional<DocumentEntry> findDocumentEntryByUniqueId(String uniqueId);

    /** True when the database answers (readiness probe). */
    boolean isReady();

    @Override default void close() { }
}
