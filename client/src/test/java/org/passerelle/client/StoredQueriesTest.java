package org.passerelle.client;

import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryType;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.QueryRegistryTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class StoredQueriesTest {

    @Test
    void namesIdsAndSpellingsResolve() throws Exception {
        assertEquals(QueryType.FIND_DOCUMENTS, StoredQueries.type("FindDocuments"));
        assertEquals(QueryType.GET_DOCUMENTS_AND_ASSOCIATIONS, StoredQueries.type("get-documents-and-associations"));
        assertEquals(QueryType.GET_ASSOCIATIONS, StoredQueries.type("urn:uuid:a7ae438b-4bc2-4642-93e9-be891f7bb155"));
        ClientException e = assertThrows(ClientException.class, () -> StoredQueries.type("FindEverything"));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains("FindDocuments"), e.getMessage());
    }

    @Test
    void parametersAreEncodedAsIpfEncodesThem() throws Exception {
        var ours = StoredQueries.request(QueryType.FIND_DOCUMENTS, QueryReturnType.LEAF_CLASS, StoredQueries.parse(List.of(
                "$XDSDocumentEntryPatientId=279035121518989^^^&1.2.250.1.213.1.4.10&ISO",
                "XDSDocumentEntryStatus=urn:oasis:names:tc:ebxml-regrep:StatusType:Approved",
                "$XDSDocumentEntryCreationTimeFrom=20200101")));

        // the same query through IPF's typed model and transformer
        FindDocumentsQuery q = new FindDocumentsQuery();
        q.setPatientId(org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable.parse(
                "279035121518989^^^&1.2.250.1.213.1.4.10&ISO"));
        q.setStatus(List.of(org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus.APPROVED));
        q.getCreationTime().setFrom("20200101");
        var ipf = new QueryRegistryTransformer(new EbXMLFactory30()).toEbXML(
                new org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry(q, QueryReturnType.LEAF_CLASS));

        assertEquals(ipf.getId(), ours.getId());
        assertEquals(ipf.getReturnType(), ours.getReturnType());
        for (String slot : List.of("$XDSDocumentEntryPatientId", "$XDSDocumentEntryStatus", "$XDSDocumentEntryCreationTimeFrom")) {
            assertEquals(ipf.getSlotValues(slot), ours.getSlotValues(slot), slot);
        }
    }

    @Test
    void repeatedNamesMakeAListAndQuotesAreEscaped() throws Exception {
        Map<String, List<String>> p = StoredQueries.parse(List.of("$XDSDocumentEntryTypeCode=11502-2^^2.16.840.1.113883.6.1",
                "$XDSDocumentEntryTypeCode=11488-4^^2.16.840.1.113883.6.1", "$XDSDocumentEntryTitle=l'examen"));
        var r = StoredQueries.request(QueryType.FIND_DOCUMENTS, QueryReturnType.OBJECT_REF, p);
        assertEquals(List.of("('11502-2^^2.16.840.1.113883.6.1','11488-4^^2.16.840.1.113883.6.1')"),
                r.getSlotValues("$XDSDocumentEntryTypeCode"));
        assertEquals(List.of("('l''examen')"), r.getSlotValues("$XDSDocumentEntryTitle"));
    }

    @Test
    void malformedParameterIsAUsageError() {
        ClientException e = assertThrows(ClientException.class, () -> StoredQueries.parse(List.of("XDSDocumentEntryPatientId")));
        assertEquals(ClientFailure.USAGE, e.failure());
    }
}
