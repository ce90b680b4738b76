package org.passerelle.registry;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Association;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Code;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Folder;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.ObjectReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetAllQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetFolderAndContentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetSubmissionSetAndContentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryList;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.passerelle.testsupport.TestDatabase;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.passerelle.registry.Fixtures.*;

/**
 * The data shape of NIST 12346/two_doc_w_fol (a submission set with two documents and a folder holding both, the
 * folder memberships being themselves members of the submission set), queried with the document filters of NIST
 * 11906 format_code / conf_code: an association leading to a filtered-out entry must not come back, nor the
 * submission set's membership of such an association (ITI TF-2a 3.18.4.1.2.3.7).
 */
class FilteredContentsTest {
    private static final Code PDF = code("urn:ihe:iti:xds-sd:pdf:2008", "PDF", "1.3.6.1.4.1.19376.1.2.3");
    private static final Code APS = code("urn:ihe:pcc:aps:2007", "APS", "1.3.6.1.4.1.19376.1.2.3");
    private static final Code MASQUE = code("MASQUE_PS", "Masqué aux PS", "1.2.250.1.213.1.1.4.13");

    /** Symbolic name (as in two_doc_w_fol.xml) to stored entryUUID. */
    private final Map<String, String> uuid = new HashMap<>();

    private XdsStore load(TestDatabase db) {
        XdsStore store = XdsStore.open(db.dataSource(), RegistryConfig.ihe(REPO));
        store.patients().register(PATIENT, null);
        DocumentEntry d1 = entry("Document01", PATIENT);
        d1.setFormatCode(APS);
        DocumentEntry d2 = entry("Document02", PATIENT);
        d2.setFormatCode(PDF);
        d2.getConfidentialityCodes().add(MASQUE);
        RegisterDocumentSet r = register(PATIENT, d1, d2);   // ss-member-0: SS -> D1, ss-member-1: SS -> D2
        Folder f = folder("Folder", PATIENT);
        r.getFolders().add(f);
        r.getAssociations().add(member("ss-f", "SubmissionSet01", "Folder"));
        r.getAssociations().add(member("FolderDocument01Assoc", "Folder", "Document01"));
        r.getAssociations().add(member("ss-fd1", "SubmissionSet01", "FolderDocument01Assoc"));
        r.getAssociations().add(member("FolderDocument02Assoc", "Folder", "Document02"));
        r.getAssociations().add(member("ss-fd2", "SubmissionSet01", "FolderDocument02Assoc"));
        Map<Association, String> names = new java.util.IdentityHashMap<>();
        for (Association a : r.getAssociations()) names.put(a, a.getEntryUuid());
        assertSuccess(store.register(r));
        uuid.put("SS", r.getSubmissionSet().getEntryUuid());
        uuid.put("D1", d1.getEntryUuid());
        uuid.put("D2", d2.getEntryUuid());
        uuid.put("F", f.getEntryUuid());
        names.forEach((a, name) -> uuid.put(name, a.getEntryUuid()));

        // a second submission of the same patient, so GetAll has more than one submission set to sort out
        assertSuccess(store.register(register(PATIENT, entry("Document01", PATIENT))));
        return store;
    }

    private Set<String> names(List<String> ids) {
        Map<String, String> byUuid = uuid.entrySet().stream().collect(Collectors.toMap(Map.Entry::getValue, Map.Entry::getKey));
        return ids.stream().map(id -> byUuid.getOrDefault(id, "other:" + id)).collect(Collectors.toCollection(TreeSet::new));
    }

    private Set<String> associations(QueryResponse r) {
        return names(r.getAssociations().stream().map(Association::getEntryUuid).toList());
    }

    private Set<String> documents(QueryResponse r) {
        return names(r.getDocumentEntries().stream().map(DocumentEntry::getEntryUuid).toList());
    }

    private static QueryList<Code> oneSlot(Code c) {
        QueryList<Code> q = new QueryList<>();
        q.getOuterList().add(List.of(c));
        return q;
    }

    private GetSubmissionSetAndContentsQuery contents() {
        GetSubmissionSetAndContentsQuery q = new GetSubmissionSetAndContentsQuery();
        q.setUuid(uuid.get("SS"));
        return q;
    }

    private static final Set<String> ALL_SEVEN = Set.of("ss-member-0", "ss-member-1", "ss-f",
            "FolderDocument01Assoc", "ss-fd1", "FolderDocument02Assoc", "ss-fd2");

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void submissionSetContentsUnfiltered(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            XdsStore store = load(db);
            QueryResponse all = StoredQueryTest.run(store, contents());
            assertEquals(Set.of("D1", "D2"), documents(all));
            assertEquals(1, all.getFolders().size());
            assertEquals(1, all.getSubmissionSets().size());
            assertEquals(ALL_SEVEN, associations(all));
        }
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void submissionSetContentsByFormatCode(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            XdsStore store = load(db);
            GetSubmissionSetAndContentsQuery q = contents();
            q.setFormatCodes(List.of(APS));   // NIST 11906 format_code: only Document01 matches
            QueryResponse r = StoredQueryTest.run(store, q);
            assertEquals(Set.of("D1"), documents(r));
            assertEquals(List.of(uuid.get("F")), r.getFolders().stream().map(Folder::getEntryUuid).toList());
            assertEquals(1, r.getSubmissionSets().size());
            assertEquals(Set.of("ss-member-0", "ss-f", "FolderDocument01Assoc", "ss-fd1"), associations(r));

            // the same as ObjectRefs: SS, D1, folder and the four associations
            QueryResponse refs = store.query(new QueryRegistry(q, QueryReturnType.OBJECT_REF));
            assertSuccess(refs);
            assertEquals(Set.of("SS", "D1", "F", "ss-member-0", "ss-f", "FolderDocument01Assoc", "ss-fd1"),
                    names(refs.getReferences().stream().map(ObjectReference::getId).toList()));

            q.setFormatCodes(List.of(PDF, APS));   // OR within the slot: both documents, all seven associations
            assertEquals(ALL_SEVEN, associations(StoredQueryTest.run(store, q)));
            q.setFormatCodes(List.of(code("urn:none", "none", "1.3.6.1.4.1.19376.1.2.3")));
            QueryResponse none = StoredQueryTest.run(store, q);
            assertEquals(Set.of(), documents(none));
            assertEquals(1, none.getFolders().size());   // filters apply to documents only
            assertEquals(Set.of("ss-f"), associations(none));
        }
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void submissionSetContentsByConfidentialityCode(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            XdsStore store = load(db);
            GetSubmissionSetAndContentsQuery q = contents();
            q.setConfidentialityCodes(oneSlot(MASQUE));   // NIST 11906 conf_code: only Document02 matches
            QueryResponse r = StoredQueryTest.run(store, q);
            assertEquals(Set.of("D2"), documents(r));
            assertEquals(1, r.getFolders().size());
            assertEquals(Set.of("ss-member-1", "ss-f", "FolderDocument02Assoc", "ss-fd2"), associations(r));
        }
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void folderContentsAndGetAllFollowTheSameRule(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            XdsStore store = load(db);
            GetFolderAndContentsQuery folder = new GetFolderAndContentsQuery();
            folder.setUuid(uuid.get("F"));
            assertEquals(Set.of("FolderDocument01Assoc", "FolderDocument02Assoc"), associations(StoredQueryTest.run(store, folder)));
            folder.setFormatCodes(List.of(APS));
            QueryResponse f = StoredQueryTest.run(store, folder);
            assertEquals(Set.of("D1"), documents(f));
            assertEquals(Set.of("FolderDocument01Assoc"), associations(f));
            folder.setFormatCodes(null);
            folder.setConfidentialityCodes(oneSlot(MASQUE));
            assertEquals(Set.of("FolderDocument02Assoc"), associations(StoredQueryTest.run(store, folder)));

            GetAllQuery all = new GetAllQuery();
            all.setPatientId(Identifiable.parse(PATIENT));
            all.setStatusDocuments(List.of(AvailabilityStatus.APPROVED));
            all.setStatusSubmissionSets(List.of(AvailabilityStatus.APPROVED));
            all.setStatusFolders(List.of(AvailabilityStatus.APPROVED));
            QueryResponse everything = StoredQueryTest.run(store, all);
            assertEquals(3, everything.getDocumentEntries().size());
            assertEquals(8, everything.getAssociations().size());   // the seven + the second submission's member
            all.setFormatCodes(List.of(APS));
            QueryResponse aps = StoredQueryTest.run(store, all);
            assertEquals(Set.of("D1"), documents(aps));
            assertEquals(2, aps.getSubmissionSets().size());
            assertEquals(Set.of("ss-member-0", "ss-f", "FolderDocument01Assoc", "ss-fd1"), associations(aps));
        }
    }
}
