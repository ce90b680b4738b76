package org.passerelle.registry;

import jakarta.xml.bind.JAXBElement;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.query.AdhocQueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.IdentifiableType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.RegistryObjectListType;
import org.openehealth.ipf.commons.ihe.xds.core.transform.responses.QueryResponseTransformer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * An ITI-18 answer whose DocumentEntries stay in their stored ebRIM form ({@link StoredDocumentEntry}) on their way to
 * the wire: everything else (status, errors, ObjectRefs, SubmissionSets, Folders, Associations) is IPF's simple model.
 * {@link #toEbXML} writes the same AdhocQueryResponse as IPF's {@link QueryResponseTransformer} on
 * {@link #toQueryResponse()}, without rebuilding IPF DocumentEntries.
 */
public final class StoredQueryResponse {
    private final QueryResponse others;
    private final List<StoredDocumentEntry> documentEntries;

    /** @param others the response without its DocumentEntries */
    StoredQueryResponse(QueryResponse others, List<StoredDocumentEntry> documentEntries) {
        this.others = Objects.requireNonNull(others, "others");
        this.documentEntries = new ArrayList<>(documentEntries);
    }

    /** A simple-model response (e.g. from another backend, or a failure) in this form. */
    public static StoredQueryResponse of(QueryResponse response) {
        List<StoredDocumentEntry> entries = new ArrayList<>();
        for (DocumentEntry e : response.getDocumentEntries()) entries.add(StoredDocumentEntry.of(e));
        QueryResponse others = new QueryResponse(response.getStatus());
        others.setErrors(new ArrayList<>(response.getErrors()));
        others.setReferences(new ArrayList<>(response.getReferences()));
        others.setSubmissionSets(new ArrayList<>(response.getSubmissionSets()));
        others.setFolders(new ArrayList<>(response.getFolders()));
        others.setAssociations(new ArrayList<>(response.getAssociations()));
        others.setDocuments(new ArrayList<>(response.getDocuments()));
        return new StoredQueryResponse(others, entries);
    }

    public static StoredQueryResponse failure(List<ErrorInfo> errors) {
        QueryResponse r = new QueryResponse(Status.FAILURE);
        r.setErrors(new ArrayList<>(errors));
        return new StoredQueryResponse(r, List.of());
    }

    public Status status() { return others.getStatus(); }

    public List<ErrorInfo> errors() { return others.getErrors(); }

    /** The DocumentEntries, in the order of the response (mutable: a filter may remove some). */
    public List<StoredDocumentEntry> documentEntries() { return documentEntries; }

    /** Status, errors, ObjectRefs, SubmissionSets, Folders and Associations (mutable); no DocumentEntries. */
    public QueryResponse others() { return others; }

    /** The same response with these DocumentEntries instead. */
    public StoredQueryResponse withDocumentEntries(List<StoredDocumentEntry> entries) {
        return new StoredQueryResponse(others, entries);
    }

    /** Removes these DocumentEntries with the Associations and ObjectRefs that point at them. */
    public void removeDocumentEntries(Collection<String> entryUuids) {
        if (entryUuids.isEmpty()) return;
        documentEntries.removeIf(e -> entryUuids.contains(e.entryUuid()));
        others.getAssociations().removeIf(a -> entryUuids.contains(a.getSourceUuid()) || entryUuids.contains(a.getTargetUuid()));
        others.getReferences().removeIf(r -> entryUuids.contains(r.getId()));
    }

    /** The same response in IPF's simple model (DocumentEntries rebuilt), as {@link XdsStore#query} gives it. */
    public QueryResponse toQueryResponse() {
        QueryResponse r = new QueryResponse(others.getStatus());
        r.setErrors(new ArrayList<>(others.getErrors()));
        r.setReferences(new ArrayList<>(others.getReferences()));
        List<DocumentEntry> des = new ArrayList<>();
        for (StoredDocumentEntry e : documentEntries) des.add(e.toDocumentEntry());
        r.setDocumentEntries(des);
        r.setSubmissionSets(new ArrayList<>(others.getSubmissionSets()));
        r.setFolders(new ArrayList<>(others.getFolders()));
        r.setAssociations(new ArrayList<>(others.getAssociations()));
        r.setDocuments(new ArrayList<>(others.getDocuments()));
        return r;
    }

    /**
     * The wire form: IPF writes everything but the DocumentEntries, whose ExtrinsicObjects come first in the
     * RegistryObjectList as IPF would put them.
     */
    public AdhocQueryResponse toEbXML(QueryResponseTransformer transformer) {
        AdhocQueryResponse wire = transformer.toEbXML(others).getInternal();
        if (!documentEntries.isEmpty()) {
            if (wire.getRegistryObjectList() == null) wire.setRegistryObjectList(new RegistryObjectListType());
            List<JAXBElement<? extends IdentifiableType>> objects = new ArrayList<>(documentEntries.size());
            for (StoredDocumentEntry e : documentEntries) objects.add(EbXMLFactory30.RIM_FACTORY.createExtrinsicObject(e.ebXml()));
            wire.getRegistryObjectList().getIdentifiable().addAll(0, objects);
        }
        return wire;
    }
}
