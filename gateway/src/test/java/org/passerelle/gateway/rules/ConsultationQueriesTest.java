package org.passerelle.gateway.rules;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Association;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Code;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.SubmissionSet;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Timestamp;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindSubmissionSetsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetAssociationsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetDocumentsAndAssociationsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.passerelle.gateway.GatewayServer;
import org.passerelle.gateway.Profile;
import org.passerelle.gateway.XdsClient;
import org.passerelle.testsupport.TestDatabase;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.passerelle.gateway.rules.RuleGateways.assertSuccess;

/**
 * the consultation pattern of the DMP optimisation guide, over real SOAP on H2 and PostgreSQL. First visit:
 * FindDocuments at most 2 years back (serviceStartTimeFrom), Approved only, the user's preferred typeCodes, and the
 * widened search without a date limit. Later visits: FindSubmissionSets since the last connection, then
 * GetAssociations and GetDocumentsAndAssociations with batches of 20 UUIDs. Each query must return exactly the
 * expected documents.
 */
@DisplayName("R-92 consultation queries: 2-year FindDocuments, FindSubmissionSets since last visit, batches of 20 UUIDs")
class ConsultationQueriesTest {
    static final Code TYPE_A = RuleGateways.code("11488-4", "2.16.840.1.113883.6.1");
    static final Code TYPE_B = RuleGateways.code("34133-9", "2.16.840.1.113883.6.1");
    static final Code TYPE_C = RuleGateways.code("18748-4", "2.16.840.1.113883.6.1");

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void r92FirstAndLaterVisits(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); GatewayServer server = RuleGateways.start(db, Profile.IHE)) {
            XdsClient client = new XdsClient(server);
            Identifiable patient = RuleGateways.registeredPatient(server);
            ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);

            String d1 = submit(client, RuleGateways.ihe(patient, TYPE_A, now.minusYears(1)));
            String d2 = submit(client, RuleGateways.ihe(patient, TYPE_B, now.minusYears(3)));   // older than 2 years
            String d3 = submit(client, RuleGateways.ihe(patient, TYPE_C, now.minusDays(30)));   // not a preferred type
            ProvideAndRegisterDocumentSet p4 = RuleGateways.ihe(patient, TYPE_A, now.minusMonths(6));
            String d4 = submit(client, p4);
            // d5 replaces d4: d4 becomes Deprecated
            ProvideAndRegisterDocumentSet p5 = RuleGateways.ihe(patient, TYPE_A, now.minusMonths(1));
            p5.getAssociations().add(new Association(AssociationType.REPLACE, "urn:uuid:" + UUID.randomUUID(),
                    p5.getDocuments().get(0).getDocumentEntry().getEntryUuid(),
                    p4.getDocuments().get(0).getDocumentEntry().getEntryUuid()));
            String d5 = submit(client, p5);
            String d6 = submit(client, RuleGateways.ihe(patient, TYPE_B, now.minusDays(20)));
            // a submission made before the last connection
            ProvideAndRegisterDocumentSet old = RuleGateways.ihe(patient, TYPE_A, now.minusDays(40));
            old.getSubmissionSet().setSubmissionTime(new Timestamp(now.minusDays(10), Timestamp.Precision.SECOND));
            String d7 = submit(client, old);

            // first visit: 2 years back, Approved, preferred types A and B
            FindDocumentsQuery first = new FindDocumentsQuery();
            first.setPatientId(patient);
            first.setStatus(List.of(AvailabilityStatus.APPROVED));
            first.getServiceStartTime().setFrom(new Timestamp(now.minusYears(2), Timestamp.Precision.SECOND));
            first.setTypeCodes(List.of(TYPE_A, TYPE_B));
            assertEquals(Set.of(d1, d5, d6, d7), uniqueIds(query(client, first).getDocumentEntries()));

            // widened (vaccination history): no date limit, every type, still Approved only
            FindDocumentsQuery wide = new FindDocumentsQuery();
            wide.setPatientId(patient);
            wide.setStatus(List.of(AvailabilityStatus.APPROVED));
            assertEquals(Set.of(d1, d2, d3, d5, d6, d7), uniqueIds(query(client, wide).getDocumentEntries()));

            // later visit: the submission sets since the last connection (5 days ago)
            FindSubmissionSetsQuery since = new FindSubmissionSetsQuery();
            since.setPatientId(patient);
            since.setStatus(List.of(AvailabilityStatus.APPROVED));
            since.getSubmissionTime().setFrom(new Timestamp(now.minusDays(5), Timestamp.Precision.SECOND));
            List<SubmissionSet> sets = query(client, since).getSubmissionSets();
            assertEquals(6, sets.size(), () -> sets.toString());
            assertTrue(sets.stream().noneMatch(s -> s.getUniqueId().equals(old.getSubmissionSet().getUniqueId())));

            // fill up to 20 documents, then the batches of 20 UUIDs
            List<String> uuids = new ArrayList<>(entryUuids(query(client, wide).getDocumentEntries()));
            uuids.add(p4.getDocuments().get(0).getDocumentEntry().getEntryUuid());          // the deprecated one too
            Set<String> batchUniqueIds = new java.util.HashSet<>(Set.of(d1, d2, d3, d4, d5, d6, d7));
            while (uuids.size() < 20) {
                ProvideAndRegisterDocumentSet p = RuleGateways.ihe(patient, TYPE_C, now.minusDays(uuids.size()));
                batchUniqueIds.add(submit(client, p));
                uuids.add(p.getDocuments().get(0).getDocumentEntry().getEntryUuid());
            }
            assertEquals(20, Set.copyOf(uuids).size());

            GetAssociationsQuery assocQuery = new GetAssociationsQuery();
            assocQuery.setUuids(uuids);
            QueryResponse assocs = query(client, assocQuery);
            Set<String> hasMemberTargets = assocs.getAssociations().stream()
                    .filter(a -> a.getAssociationType() == AssociationType.HAS_MEMBER)
                    .map(Association::getTargetUuid).collect(Collectors.toSet());
            assertEquals(Set.copyOf(uuids), hasMemberTargets);
            assertTrue(assocs.getAssociations().stream().anyMatch(a -> a.getAssociationType() == AssociationType.REPLACE
                    && a.getTargetUuid().equals(p4.getDocuments().get(0).getDocumentEntry().getEntryUuid())),
                    () -> assocs.getAssociations().toString());
            assertTrue(assocs.getDocumentEntries().isEmpty());

            GetDocumentsAndAssociationsQuery docsAndAssocs = new GetDocumentsAndAssociationsQuery();
            docsAndAssocs.setUuids(uuids);
            QueryResponse both = query(client, docsAndAssocs);
            assertEquals(batchUniqueIds, uniqueIds(both.getDocumentEntries()));
            assertEquals(Set.copyOf(uuids), entryUuids(both.getDocumentEntries()));
            assertEquals(hasMemberTargets, both.getAssociations().stream()
                    .filter(a -> a.getAssociationType() == AssociationType.HAS_MEMBER)
                    .map(Association::getTargetUuid).collect(Collectors.toSet()));
            assertTrue(both.getDocumentEntries().stream().anyMatch(e -> e.getUniqueId().equals(d4)
                    && e.getAvailabilityStatus() == AvailabilityStatus.DEPRECATED));
        }
    }

    static String submit(XdsClient client, ProvideAndRegisterDocumentSet pnr) {
        assertSuccess(client.provideAndRegister(RuleGateways.iheWire(pnr)));
        return pnr.getDocuments().get(0).getDocumentEntry().getUniqueId();
    }

    static QueryResponse query(XdsClient client, org.openehealth.ipf.commons.ihe.xds.core.requests.query.Query q) {
        QueryResponse r = client.query(new QueryRegistry(q, QueryReturnType.LEAF_CLASS));
        assertSuccess(r);
        return r;
    }

    static Set<String> uniqueIds(List<DocumentEntry> entries) {
        return entries.stream().map(DocumentEntry::getUniqueId).collect(Collectors.toSet());
    }

    static Set<String> entryUuids(List<DocumentEntry> entries) {
        return entries.stream().map(DocumentEntry::getEntryUuid).collect(Collectors.toSet());
    }
}
