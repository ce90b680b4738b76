package org.passerelle.gateway.bench;

import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.RetrieveDocumentSetResponseType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.query.AdhocQueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rs.RegistryResponseType;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.QueryRegistryTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.RetrieveDocumentSetRequestTransformer;
import org.passerelle.cda.metadata.FrenchSubmission;

import java.io.InputStream;
import java.util.Arrays;
import java.util.List;

/** The bench's client through CXF JAX-WS proxies (JAXB, MTOM, WS-Addressing), one set of proxies per thread. */
public final class CxfLoadClient implements LoadClient {
    private static final EbXMLFactory30 FACTORY = new EbXMLFactory30();

    private final BenchDocuments docs;
    private final String repositoryUniqueId;
    private final ThreadLocal<CxfPorts> ports;

    public CxfLoadClient(BenchDocuments docs, GatewayUrls urls) {
        this.docs = docs;
        this.repositoryUniqueId = urls.repositoryUniqueId();
        this.ports = ThreadLocal.withInitial(() -> new CxfPorts(urls.iti41(), urls.iti18(), urls.iti43()));
    }

    @Override
    public StoredDocument submit(int i) throws Exception {
        ProvideAndRegisterDocumentSet p = docs.submission(i);
        RegistryResponseType r = ports.get().iti41.documentRepositoryProvideAndRegisterDocumentSetB(
                FrenchSubmission.toEbXml(p).getInternal());
        if (!r.getStatus().endsWith(":Success")) throw new IllegalStateException(describe(r));
        return new StoredDocument(p.getDocuments().get(0).getDocumentEntry().getUniqueId(),
                BenchDocuments.patientOf(i, docs.patients()));
    }

    @Override
    public int find(int patient) throws Exception {
        FindDocumentsQuery q = new FindDocumentsQuery();
        q.setPatientId(docs.patientId(patient));
        q.setStatus(List.of(AvailabilityStatus.APPROVED));
        var wire = new QueryRegistryTransformer(FACTORY).toEbXML(new QueryRegistry(q, QueryReturnType.LEAF_CLASS));
        AdhocQueryResponse r = ports.get().iti18.documentRegistryRegistryStoredQuery(wire.getInternal());
        if (!r.getStatus().endsWith(":Success")) throw new IllegalStateException(describe(r));
        int n = r.getRegistryObjectList() == null ? 0 : r.getRegistryObjectList().getIdentifiable().size();
        if (n == 0) throw new IllegalStateException("FindDocuments found nothing for patient " + patient + ", who has documents");
        return n;
    }

    @Override
    public void retrieve(StoredDocument d) throws Exception {
        RetrieveDocumentSet rq = new RetrieveDocumentSet();
        rq.getDocuments().add(new DocumentReference(repositoryUniqueId, d.uniqueId(), null));
        var wire = new RetrieveDocumentSetRequestTransformer(FACTORY).toEbXML(rq);
        RetrieveDocumentSetResponseType r = ports.get().iti43.documentRepositoryRetrieveDocumentSet(wire.getInternal());
        if (!r.getRegistryResponse().getStatus().endsWith(":Success")) throw new IllegalStateException("retrieve failed: "
                + describe(r.getRegistryResponse()));
        byte[] got;
        try (InputStream in = r.getDocumentResponse().get(0).getDocument().getInputStream()) {
            got = in.readAllBytes();
        }
        if (!Arrays.equals(got, docs.content(d.patient()))) {
            throw new IllegalStateException("retrieved " + got.length + " bytes differ from the document submitted");
        }
    }

    static String describe(RegistryResponseType r) {
        if (r.getRegistryErrorList() == null) return r.getStatus();
        return r.getStatus() + " " + r.getRegistryErrorList().getRegistryError().stream()
                .map(e -> e.getErrorCode() + ": " + e.getCodeContext()).toList();
    }

    static String describe(AdhocQueryResponse r) {
        if (r.getRegistryErrorList() == null) return r.getStatus();
        return r.getStatus() + " " + r.getRegistryErrorList().getRegistryError().stream()
                .map(e -> e.getErrorCode() + ": " + e.getCodeContext()).toList();
    }
}
