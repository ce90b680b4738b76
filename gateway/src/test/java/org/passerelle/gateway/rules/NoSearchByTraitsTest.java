package org.passerelle.gateway.rules;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.query.AdhocQueryRequest;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.query.AdhocQueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.SlotType1;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.ValueListType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rs.RegistryError;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.QueryRegistryTransformer;
import org.openehealth.ipf.commons.ihe.xds.iti18.Iti18PortType;
import org.passerelle.gateway.GatewayServer;
import org.passerelle.gateway.Profile;
import org.passerelle.testsupport.TestDatabase;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * the gateway offers no patient search by identity traits (stopped on the DMP in June 2024): records are found
 * by INS only. A "find patients by traits" stored query is not served (XDSUnknownStoredQuery), and FindDocuments
 * with traits instead of the INS is refused for want of the patient id; nothing is returned either way.
 */
@DisplayName("R-73 no search by identity traits: trait queries are refused with the IHE error, nothing returned")
class NoSearchByTraitsTest {
    static final String FAILURE = "urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Failure";

    @Test
    void r73TraitQueriesAreNotServed() throws Exception {
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2);
             GatewayServer server = RuleGateways.start(db, Profile.FR_DMP)) {
            Iti18PortType iti18 = RuleGateways.rawIti18(server);

            // an unknown stored query id asking for patients by name, first name, birth date and sex
            AdhocQueryRequest byTraits = traitsQuery();
            byTraits.getAdhocQuery().setId("urn:uuid:" + java.util.UUID.randomUUID());
            AdhocQueryResponse unknown = iti18.documentRegistryRegistryStoredQuery(byTraits);
            assertRefused(unknown, "XDSUnknownStoredQuery");

            // FindDocuments naming traits instead of $XDSDocumentEntryPatientId
            AdhocQueryResponse noIns = iti18.documentRegistryRegistryStoredQuery(traitsQuery());
            assertRefused(noIns, "XDSStoredQueryMissingParam");
        }
    }

    /** FindDocuments whose patient id slot is replaced by identity traits. */
    static AdhocQueryRequest traitsQuery() {
        FindDocumentsQuery q = new FindDocumentsQuery();
        q.setPatientId(new org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable("0",
                new org.openehealth.ipf.commons.ihe.xds.core.metadata.AssigningAuthority("1.2.250.1.213.1.4.8")));
        q.setStatus(List.of(AvailabilityStatus.APPROVED));
        AdhocQueryRequest request = new QueryRegistryTransformer(new EbXMLFactory30())
                .toEbXML(new QueryRegistry(q, QueryReturnType.LEAF_CLASS)).getInternal();
        request.getAdhocQuery().getSlot().removeIf(s -> s.getName().equals("$XDSDocumentEntryPatientId"));
        request.getAdhocQuery().getSlot().add(slot("$PatientFamilyName", "'DUPONT'"));
        request.getAdhocQuery().getSlot().add(slot("$PatientGivenName", "'JEAN'"));
        request.getAdhocQuery().getSlot().add(slot("$PatientBirthTime", "19800101"));
        request.getAdhocQuery().getSlot().add(slot("$PatientSex", "'M'"));
        return request;
    }

    static SlotType1 slot(String name, String value) {
        SlotType1 s = new SlotType1();
        s.setName(name);
        ValueListType v = new ValueListType();
        v.getValue().add(value);
        s.setValueList(v);
        return s;
    }

    static void assertRefused(AdhocQueryResponse r, String... anyOf) {
        List<String> codes = r.getRegistryErrorList() == null ? List.of()
                : r.getRegistryErrorList().getRegistryError().stream().map(RegistryError::getErrorCode).toList();
        assertEquals(FAILURE, r.getStatus(), () -> "expected a refusal, got " + r.getStatus() + " " + codes);
        assertTrue(codes.stream().anyMatch(List.of(anyOf)::contains), () -> "expected one of " + List.of(anyOf) + ", got " + codes);
        assertTrue(r.getRegistryObjectList() == null || r.getRegistryObjectList().getIdentifiable().isEmpty(),
                "nothing returned");
    }
}
