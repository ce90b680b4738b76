package org.passerelle.gateway;

import jakarta.activation.DataHandler;
import jakarta.mail.util.ByteArrayDataSource;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Document;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocument;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Severity;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A throwaway store for the SOAP plumbing tests that do not need a database. */
final class InMemoryBackend implements XdsBackend {
    final Map<String, DocumentEntry> entries = new ConcurrentHashMap<>();
    final Map<String, byte[]> contents = new ConcurrentHashMap<>();
    int calls;

    @Override public String repositoryUniqueId() { return GatewayConfig.DEFAULT_REPOSITORY_UNIQUE_ID; }

    @Override
    public synchronized Response provideAndRegister(ProvideAndRegisterDocumentSet request) {
        calls++;
        for (Document d : request.getDocuments()) {
            if (entries.containsKey(d.getDocumentEntry().getUniqueId())) {
                Response r = new Response(Status.FAILURE);
                r.getErrors().add(new ErrorInfo(ErrorCode.DUPLICATE_UNIQUE_ID_IN_REGISTRY,
                        d.getDocumentEntry().getUniqueId(), Severity.ERROR, null, null));
                return r;
            }
        }
        for (Document d : request.getDocuments()) {
            DocumentEntry e = d.getDocumentEntry();
            try (InputStream in = d.getDataHandler().getInputStream()) {
                contents.put(e.getUniqueId(), in.readAllBytes());
            } catch (IOException x) {
                throw new UncheckedIOException(x);
            }
            e.setRepositoryUniqueId(repositoryUniqueId());
            e.setAvailabilityStatus(AvailabilityStatus.APPROVED);
            entries.put(e.getUniqueId(), e);
        }
        return new Response(Status.SUCCESS);
    }

    @Override public Response register(RegisterDocumentSet request) { calls++; return new Response(Status.SUCCESS); }

    @Override public Response update(RegisterDocumentSet request) { calls++; return new Response(Status.SUCCESS); }

    @Override
    public QueryResponse query(QueryRegistry request) {
        calls++;
        QueryResponse r = new QueryResponse(Status.SUCCESS);
        if (request.getQuery() instanceof FindDocumentsQuery q) {
            entries.values().stream()
                    .filter(e -> e.getPatientId().getId().equals(q.getPatientId().getId()))
                    .forEach(r.getDocumentEntries()::add);
        }
        return r;
    }

    @Override
    public RetrievedDocumentSet retrieve(RetrieveDocumentSet request) {
        calls++;
        RetrievedDocumentSet set = new RetrievedDocumentSet(Status.SUCCESS);
        for (DocumentReference ref : request.getDocuments()) {
            byte[] b = contents.get(ref.getDocumentUniqueId());
            if (b == null || !repositoryUniqueId().equals(ref.getRepositoryUniqueId())) {
                set.getErrors().add(new ErrorInfo(b == null ? ErrorCode.DOCUMENT_UNIQUE_ID_ERROR : ErrorCode.UNKNOWN_REPOSITORY_ID,
                        ref.getDocumentUniqueId(), Severity.ERROR, ref.getDocumentUniqueId(), null));
                continue;
            }
            String mime = entries.get(ref.getDocumentUniqueId()).getMimeType();
            set.getDocuments().add(new RetrievedDocument(new DataHandler(new ByteArrayDataSource(b, mime)), ref, null, null, mime));
        }
        set.setStatus(set.getErrors().isEmpty() ? Status.SUCCESS : set.getDocuments().isEmpty() ? Status.FAILURE : Status.PARTIAL_SUCCESS);
        return set;
    }

    @Override
    public Optional<DocumentEntry> findDocumentEntryByUniqueId(String uniqueId) {
        return Optional.ofNullable(entries.get(uniqueId));
    }

    @Override public boolean isReady() { return true; }
}
