package org.passerelle.registry;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.*;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.*;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.passerelle.testsupport.TestDatabase;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;
import static org.passerelle.registry.Fixtures.*;

/**
 * Every stored query on a data set shaped like the NIST fixture 12346 (single doc; doc with folder; two docs with
 * folder; doc then its replacement), with expected counts.
 */
class StoredQueryTest {
    private static final AvailabilityStatus APPROVED = AvailabilityStatus.APPROVED;
    private static final AvailabilityStatus DEPRECATED = AvailabilityStatus.DEPRECATED;
    static final String HOME = "urn:oid:1.2.250.1.999.1";

    /** entryUUIDs and uniqueIds of the loaded data set. */
    static final class DataSet {
        final Map<String, String> uuid = new java.util.HashMap<>();
        final Map<String, String> uid = new java.util.HashMap<>();

        void keep(String name, XDSMetaClass o) {
            uuid.put(name, o.getEntryUuid());
            uid.put(name, o.getUniqueId());
        }
    }

    static DataSet load(XdsStore store) {
        DataSet d = new DataSet();
        // single_doc
        DocumentEntry de1 = entry("Document01", PATIENT);
        de1.setCreationTime("20040101100000");
        de1.getReferenceIdList().add(ReferenceId.parse("ord1^^^&1.2.3&ISO^urn:ihe:iti:xds:2013:order"));
        RegisterDocumentSet single = register(PATIENT, de1);
        assertSuccess(store.register(single));
        d.keep("SS1", single.getSubmissionSet());
        d.keep("DE1", de1);

        // doc_w_fol
        DocumentEntry de2 = entry("Document01", PATIENT);
        de2.getAuthors().clear();
        de2.getAuthors().add(author("802222222222^BERNARD^ALICE^^^^^^&1.2.250.1.71.4.2.1&ISO"));
        RegisterDocumentSet withFolder = register(PATIENT, de2);
        Folder f1 = folder("Folder", PATIENT);
        withFolder.getFolders().add(f1);
        withFolder.getAssociations().add(member("ss-f", "SubmissionSet01", "Folder"));
        withFolder.getAssociations().add(member("f-d", "Folder", "Document01"));
        assertSuccess(store.register(withFolder));
        d.keep("SS2", withFolder.getSubmissionSet());
        d.keep("DE2", de2);
        d.keep("F1", f1);

        // two_doc_w_fol
        DocumentEntry de3 = entry("Document01", PATIENT);
        de3.setClassCode(code("11", "Synthèse", "1.2.250.1.213.1.1.4.1"));
        DocumentEntry de4 = entry("Document02", PATIENT);
        de4.getConfidentialityCodes().add(code("MASQUE_PS", "Masqué aux PS", "1.2.250.1.213.1.1.4.13"));
        RegisterDocumentSet twoDocs = register(PATIENT, de3, de4);
        Folder f2 = folder("Folder", PATIENT);
        f2.getCodeList().clear();
        f2.getCodeList().add(code("Radiology", "Radiology", "1.3.6.1.4.1.21367.100.1"));
        twoDocs.getFolders().add(f2);
        twoDocs.getAssociations().add(member("ss-f", "SubmissionSet01", "Folder"));
        twoDocs.getAssociations().add(member("f-d1", "Folder", "Document01"));
        twoDocs.getAssociations().add(member("f-d2", "Folder", "Document02"));
        assertSuccess(store.register(twoDocs));
        d.keep("SS3", twoDocs.getSubmissionSet());
        d.keep("DE3", de3);
        d.keep("DE4", de4);
        d.keep("F2", f2);

        // doc_for_rplc, rplc
        DocumentEntry de5 = entry("Document01", PATIENT);
        RegisterDocumentSet forRplc = register(PATIENT, de5);
        assertSuccess(store.register(forRplc));
        d.keep("SS4", forRplc.getSubmissionSet());
        d.keep("DE5", de5);
        DocumentEntry de6 = entry("Document01", PATIENT);
        RegisterDocumentSet rplc = register(PATIENT, de6);
        rplc.getAssociations().add(assoc(AssociationType.REPLACE, "rplc", "Document01", de5.getEntryUuid()));
        assertSuccess(store.register(rplc));
        d.keep("SS5", rplc.getSubmissionSet());
        d.keep("DE6", de6);

        // noise: another patient
        assertSuccess(store.register(register(OTHER_PATIENT, entry("Document01", OTHER_PATIENT))));
        return d;
    }

    static QueryResponse run(XdsStore store, StoredQuery q) {
        QueryResponse r = store.query(leaf(q));
        assertSuccess(r);
        return r;
    }

    static int count(QueryResponse r) {
        return r.getDocumentEntries().size() + r.getSubmissionSets().size() + r.getFolders().size() + r.getAssociations().size();
    }

    static FindDocumentsQuery findDocuments(AvailabilityStatus... status) {
        FindDocumentsQuery q = new FindDocumentsQuery();
        q.setPatientId(Identifiable.parse(PATIENT));
        q.setStatus(List.of(status));
        return q;
    }

    static QueryList<Code> andOfOrs(List<List<Code>> lists) {
        QueryList<Code> q = new QueryList<>();
        q.getOuterList().addAll(lists);
        return q;
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void everyStoredQuery(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            XdsStore store = XdsStore.open(db.dataSource(), RegistryConfig.ihe(REPO).withHomeCommunityId(HOME));
            store.patients().register(PATIENT, null);
            store.patients().register(OTHER_PATIENT, null);
            DataSet d = load(store);
            Code n = code("N", "Normal", "2.16.840.1.113883.5.25");
            Code masque = code("MASQUE_PS", "Masqué aux PS", "1.2.250.1.213.1.1.4.13");

            // ---------------- FindDocuments (NIST 11897)
            assertEquals(5, run(store, findDocuments(APPROVED)).getDocumentEntries().size());
            assertEquals(1, run(store, findDocuments(DEPRECATED)).getDocumentEntries().size());
            assertEquals(6, run(store, findDocuments(APPROVED, DEPRECATED)).getDocumentEntries().size());
            QueryResponse approved = run(store, findDocuments(APPROVED));
            assertTrue(approved.getDocumentEntries().stream().allMatch(de -> HOME.equals(de.getHomeCommunityId())));

            FindDocumentsQuery byClass = findDocuments(APPROVED);
            byClass.setClassCodes(List.of(code("11", "Synthèse", "1.2.250.1.213.1.1.4.1")));
            assertEquals(List.of(d.uuid.get("DE3")), ids(run(store, byClass)));
            byClass.setClassCodes(List.of(code("11", "x", "1.2.250.1.213.1.1.4.1"), code("10", "x", "1.2.250.1.213.1.1.4.1")));
            assertEquals(5, run(store, byClass).getDocumentEntries().size());
            byClass.setClassCodes(List.of(code("11", "x", "wrong.scheme")));
            assertEquals(0, run(store, byClass).getDocumentEntries().size());

            FindDocumentsQuery byConf = findDocuments(APPROVED);
            byConf.setConfidentialityCodes(andOfOrs(List.of(List.of(n), List.of(masque))));   // N AND MASQUE_PS
            assertEquals(List.of(d.uuid.get("DE4")), ids(run(store, byConf)));
            byConf.setConfidentialityCodes(andOfOrs(List.of(List.of(n, masque))));            // N OR MASQUE_PS
            assertEquals(5, run(store, byConf).getDocumentEntries().size());

            FindDocumentsQuery byTime = findDocuments(APPROVED);
            byTime.getCreationTime().setFrom("2020");
            assertEquals(4, run(store, byTime).getDocumentEntries().size());
            byTime.getCreationTime().setFrom("20040101100000");   // From is inclusive
            byTime.getCreationTime().setTo("20040101100001");     // To is exclusive
            assertEquals(List.of(d.uuid.get("DE1")), ids(run(store, byTime)));
            byTime.getCreationTime().setFrom("20040101100001");
            byTime.getCreationTime().setTo("20040101100002");
            assertEquals(0, run(store, byTime).getDocumentEntries().size());
            FindDocumentsQuery byService = findDocuments(APPROVED);
            byService.getServiceStartTime().setFrom("20260319100000");
            byService.getServiceStopTime().setTo("20260319110000");
            assertEquals(0, run(store, byService).getDocumentEntries().size());
            byService.getServiceStopTime().setTo("20260319110001");
            assertEquals(5, run(store, byService).getDocumentEntries().size());

            FindDocumentsQuery byAuthor = findDocuments(APPROVED);
            byAuthor.setAuthorPersons(List.of("%BERNARD%"));
            assertEquals(List.of(d.uuid.get("DE2")), ids(run(store, byAuthor)));
            byAuthor.setAuthorPersons(List.of("80222222222_^%"));
            assertEquals(1, run(store, byAuthor).getDocumentEntries().size());

            FindDocumentsQuery onDemand = findDocuments(APPROVED);
            onDemand.setDocumentEntryTypes(List.of(DocumentEntryType.ON_DEMAND));
            assertEquals(0, run(store, onDemand).getDocumentEntries().size());
            onDemand.setDocumentEntryTypes(List.of(DocumentEntryType.ON_DEMAND, DocumentEntryType.STABLE));
            assertEquals(5, run(store, onDemand).getDocumentEntries().size());

            QueryResponse refs = store.query(new QueryRegistry(findDocuments(APPROVED), QueryReturnType.OBJECT_REF));
            assertSuccess(refs);
            assertEquals(5, refs.getReferences().size());
            assertTrue(refs.getDocumentEntries().isEmpty());
            assertEquals(HOME, refs.getReferences().get(0).getHome());

            // ---------------- FindDocumentsByReferenceId
            FindDocumentsByReferenceIdQuery byRef = new FindDocumentsByReferenceIdQuery();
            byRef.setPatientId(Identifiable.parse(PATIENT));
            byRef.setStatus(List.of(APPROVED));
            QueryList<String> refIds = new QueryList<>();
            refIds.getOuterList().add(List.of("ord1^^^&1.2.3&ISO^urn:ihe:iti:xds:2013:order"));
            byRef.setReferenceIds(refIds);
            assertEquals(List.of(d.uuid.get("DE1")), ids(run(store, byRef)));

            // ---------------- FindSubmissionSets
            FindSubmissionSetsQuery fss = new FindSubmissionSetsQuery();
            fss.setPatientId(Identifiable.parse(PATIENT));
            fss.setStatus(List.of(APPROVED));
            assertEquals(5, run(store, fss).getSubmissionSets().size());
            fss.setSourceIds(List.of("1.2.250.1.999.1.1.7898"));
            fss.setContentTypeCodes(List.of(code("04", "x", "1.2.250.1.213.2.2")));
            fss.getSubmissionTime().setFrom("20261123090000");
            assertEquals(5, run(store, fss).getSubmissionSets().size());
            fss.getSubmissionTime().setTo("20261123090000");
            assertEquals(0, run(store, fss).getSubmissionSets().size());

            // ---------------- FindFolders (NIST 11899)
            FindFoldersQuery ff = new FindFoldersQuery();
            ff.setPatientId(Identifiable.parse(PATIENT));
            ff.setStatus(List.of(APPROVED));
            assertEquals(2, run(store, ff).getFolders().size());
            ff.setCodes(andOfOrs(List.of(List.of(code("Radiology", "x", "1.3.6.1.4.1.21367.100.1")))));
            assertEquals(List.of(d.uuid.get("F2")), run(store, ff).getFolders().stream().map(Folder::getEntryUuid).toList());
            ff.setCodes(null);
            ff.getLastUpdateTime().setFrom("2020");
            assertEquals(2, run(store, ff).getFolders().size());
            ff.getLastUpdateTime().setTo("2021");
            assertEquals(0, run(store, ff).getFolders().size());

            // ---------------- GetAll (NIST 15803)
            GetAllQuery all = new GetAllQuery();
            all.setPatientId(Identifiable.parse(PATIENT));
            all.setStatusDocuments(List.of(APPROVED, DEPRECATED));
            all.setStatusSubmissionSets(List.of(APPROVED));
            all.setStatusFolders(List.of(APPROVED));
            QueryResponse everything = run(store, all);
            assertEquals(6, everything.getDocumentEntries().size());
            assertEquals(5, everything.getSubmissionSets().size());
            assertEquals(2, everything.getFolders().size());
            assertEquals(12, everything.getAssociations().size());

            // ---------------- GetDocuments (NIST 11901)
            GetDocumentsQuery gd = new GetDocumentsQuery();
            gd.setUuids(List.of(d.uuid.get("DE1")));
            assertEquals(List.of(d.uid.get("DE1")), run(store, gd).getDocumentEntries().stream().map(DocumentEntry::getUniqueId).toList());
            gd = new GetDocumentsQuery();
            gd.setUniqueIds(List.of(d.uid.get("DE1"), d.uid.get("DE2")));
            assertEquals(2, run(store, gd).getDocumentEntries().size());

            // ---------------- GetFolders (NIST 11902)
            GetFoldersQuery gf = new GetFoldersQuery();
            gf.setUuids(List.of(d.uuid.get("F1")));
            assertEquals(APPROVED, run(store, gf).getFolders().get(0).getAvailabilityStatus());
            gf = new GetFoldersQuery();
            gf.setUniqueIds(List.of(d.uid.get("F2")));
            assertEquals(d.uuid.get("F2"), run(store, gf).getFolders().get(0).getEntryUuid());

            // ---------------- GetAssociations (NIST 11903)
            GetAssociationsQuery ga = new GetAssociationsQuery();
            ga.setUuids(List.of(d.uuid.get("DE2")));
            assertEquals(2, run(store, ga).getAssociations().size());
            ga.setUuids(List.of(d.uuid.get("DE2"), d.uuid.get("SS1")));
            assertEquals(3, run(store, ga).getAssociations().size());

            // ---------------- GetDocumentsAndAssociations
            GetDocumentsAndAssociationsQuery gda = new GetDocumentsAndAssociationsQuery();
            gda.setUuids(List.of(d.uuid.get("DE6")));
            QueryResponse withAssocs = run(store, gda);
            assertEquals(1, withAssocs.getDocumentEntries().size());
            assertEquals(2, withAssocs.getAssociations().size());

            // ---------------- GetSubmissionSets (NIST 11905)
            GetSubmissionSetsQuery gss = new GetSubmissionSetsQuery();
            gss.setUuids(List.of(d.uuid.get("DE3")));
            QueryResponse sets = run(store, gss);
            assertEquals(List.of(d.uuid.get("SS3")), sets.getSubmissionSets().stream().map(SubmissionSet::getEntryUuid).toList());
            assertEquals(1, sets.getAssociations().size());
            gss.setUuids(List.of(d.uuid.get("DE1"), d.uuid.get("F1")));
            assertEquals(2, run(store, gss).getSubmissionSets().size());

            // ---------------- GetSubmissionSetAndContents (NIST 11906)
            GetSubmissionSetAndContentsQuery gssc = new GetSubmissionSetAndContentsQuery();
            gssc.setUniqueId(d.uid.get("SS3"));
            QueryResponse contents = run(store, gssc);
            assertEquals(1, contents.getSubmissionSets().size());
            assertEquals(2, contents.getDocumentEntries().size());
            assertEquals(1, contents.getFolders().size());
            assertEquals(3, contents.getAssociations().size());
            gssc = new GetSubmissionSetAndContentsQuery();
            gssc.setUuid(d.uuid.get("SS3"));
            gssc.setConfidentialityCodes(andOfOrs(List.of(List.of(masque))));
            QueryResponse masked = run(store, gssc);
            assertEquals(List.of(d.uuid.get("DE4")), ids(masked));
            assertEquals(2, masked.getAssociations().size());
            gssc.setConfidentialityCodes(null);
            gssc.setFormatCodes(List.of(code("urn:other", "x", "1.3.6.1.4.1.19376.1.2.3")));
            assertEquals(0, run(store, gssc).getDocumentEntries().size());
            QueryResponse ssRefs = store.query(new QueryRegistry(new GetSubmissionSetAndContentsQuery() {{
                setUuid(d.uuid.get("SS2"));
            }}, QueryReturnType.OBJECT_REF));
            assertEquals(5, ssRefs.getReferences().size()); // SS, DE, folder, SS->DE, SS->folder

            // ---------------- GetFolderAndContents (NIST 11907)
            GetFolderAndContentsQuery gfc = new GetFolderAndContentsQuery();
            gfc.setUniqueId(d.uid.get("F2"));
            QueryResponse folderContents = run(store, gfc);
            assertEquals(1, folderContents.getFolders().size());
            assertEquals(2, folderContents.getDocumentEntries().size());
            assertEquals(2, folderContents.getAssociations().size());
            gfc.setConfidentialityCodes(andOfOrs(List.of(List.of(masque))));
            assertEquals(1, run(store, gfc).getDocumentEntries().size());

            // ---------------- GetFoldersForDocument
            GetFoldersForDocumentQuery gffd = new GetFoldersForDocumentQuery();
            gffd.setUuid(d.uuid.get("DE3"));
            assertEquals(List.of(d.uuid.get("F2")), run(store, gffd).getFolders().stream().map(Folder::getEntryUuid).toList());
            gffd = new GetFoldersForDocumentQuery();
            gffd.setUniqueId(d.uid.get("DE1"));
            assertEquals(0, count(run(store, gffd)));

            // ---------------- GetRelatedDocuments (NIST 11909)
            GetRelatedDocumentsQuery grd = new GetRelatedDocumentsQuery();
            grd.setUuid(d.uuid.get("DE6"));
            grd.setAssociationTypes(List.of(AssociationType.REPLACE, AssociationType.APPEND, AssociationType.TRANSFORM));
            QueryResponse related = run(store, grd);
            assertEquals(2, related.getDocumentEntries().size());
            assertEquals(1, related.getAssociations().size());
            grd.setUuid(d.uuid.get("DE1"));
            assertEquals(0, count(run(store, grd)));
            grd.setUuid(d.uuid.get("DE3")); // in a folder, but no document relationship
            assertEquals(0, count(run(store, grd)));

            // ---------------- XDSTooManyResults
            XdsStore small = XdsStore.open(db.dataSource(), RegistryConfig.ihe(REPO).withMaxQueryResults(3));
            QueryResponse tooMany = small.query(leaf(findDocuments(APPROVED)));
            assertFailure(tooMany, ErrorCode.TOO_MANY_RESULTS);
            assertEquals(1, small.query(leaf(byClass)).getStatus() == org.openehealth.ipf.commons.ihe.xds.core.responses.Status.SUCCESS ? 1 : 0);
        }
    }

    static List<String> ids(QueryResponse r) {
        List<String> out = new ArrayList<>();
        for (DocumentEntry de : r.getDocumentEntries()) out.add(de.getEntryUuid());
        return out;
    }
}
