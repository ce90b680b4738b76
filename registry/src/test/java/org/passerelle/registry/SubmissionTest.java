package org.passerelle.registry;

import jakarta.activation.DataHandler;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.*;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetFolderAndContentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetFoldersQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetSubmissionSetAndContentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.passerelle.testsupport.TestDatabase;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;
import static org.passerelle.registry.Fixtures.*;

/** Registry and repository semantics of ITI-41/42, after the NIST acceptance list, on H2 and PostgreSQL. */
class SubmissionTest {

    static XdsStore open(TestDatabase db) {
        XdsStore store = XdsStore.open(db.dataSource(), RegistryConfig.ihe(REPO));
        store.patients().register(PATIENT, "MARTIN^Simone");
        store.patients().register(OTHER_PATIENT, null);
        return store;
    }

    static List<DocumentEntry> findDocuments(XdsStore store, String patient, AvailabilityStatus... statuses) {
        FindDocumentsQuery q = new FindDocumentsQuery();
        q.setPatientId(Identifiable.parse(patient));
        q.setStatus(List.of(statuses));
        QueryResponse r = store.query(leaf(q));
        assertSuccess(r);
        return r.getDocumentEntries();
    }

    static DocumentEntry byUniqueId(XdsStore store, String uid) {
        GetDocumentsQuery q = new GetDocumentsQuery();
        q.setUniqueIds(List.of(uid));
        QueryResponse r = store.query(leaf(q));
        assertSuccess(r);
        assertEquals(1, r.getDocumentEntries().size(), "documents with uniqueId " + uid);
        return r.getDocumentEntries().get(0);
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void registerOneDocumentAssignsIdsAndApproves(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            XdsStore store = open(db);
            DocumentEntry de = entry("Document01", PATIENT);
            de.setHash("da39a3ee5e6b4b0d3255bfef95601890afd80709");
            de.setSize(0L);
            de.setRepositoryUniqueId(REPO);
            RegisterDocumentSet r = register(PATIENT, de);
            assertSuccess(store.register(r));

            List<DocumentEntry> found = findDocuments(store, PATIENT, AvailabilityStatus.APPROVED);
            assertEquals(1, found.size());
            DocumentEntry stored = found.get(0);
            assertTrue(stored.getEntryUuid().startsWith("urn:uuid:"), stored.getEntryUuid());
            assertEquals(stored.getEntryUuid(), stored.getLogicalUuid());
            assertEquals("1", stored.getVersion().getVersionName());
            assertEquals(AvailabilityStatus.APPROVED, stored.getAvailabilityStatus());
            assertEquals(de.getUniqueId(), stored.getUniqueId());
            assertEquals("11488-4", stored.getTypeCode().getCode());
            assertEquals(PATIENT, Hl7v2Based.render(stored.getPatientId()));
            assertTrue(findDocuments(store, OTHER_PATIENT, AvailabilityStatus.APPROVED).isEmpty());
            try (var c = db.dataSource().getConnection();
                 var rs = c.createStatement().executeQuery("SELECT status FROM reg_document_entry")) {
                assertTrue(rs.next());
                assertEquals("urn:oasis:names:tc:ebxml-regrep:StatusType:Approved", rs.getString(1));
            }

            GetSubmissionSetAndContentsQuery q = new GetSubmissionSetAndContentsQuery();
            q.setUniqueId(r.getSubmissionSet().getUniqueId());
            QueryResponse contents = store.query(leaf(q));
            assertSuccess(contents);
            assertEquals(1, contents.getSubmissionSets().size());
            assertEquals(AvailabilityStatus.APPROVED, contents.getSubmissionSets().get(0).getAvailabilityStatus());
            assertEquals(1, contents.getDocumentEntries().size());
            assertEquals(1, contents.getAssociations().size());
            assertEquals(stored.getEntryUuid(), contents.getAssociations().get(0).getTargetUuid());
        }
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void provideAndRegisterComputesHashAndSizeAndRetrieves(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            XdsStore store = open(db);
            byte[] content = text("Compte rendu de consultation\n");
            DocumentEntry de = entry("Document01", PATIENT);
            de.setHash(sha1(content).toUpperCase()); // NIST 11981: an uppercase hash is accepted
            assertSuccess(store.provideAndRegister(provide(PATIENT, de, content)));

            DocumentEntry stored = byUniqueId(store, de.getUniqueId());
            assertEquals(sha1(content), stored.getHash());
            assertEquals(content.length, stored.getSize());
            assertEquals(REPO, stored.getRepositoryUniqueId());

            var retrieved = RetrieveTest.retrieve(store, REPO, de.getUniqueId());
            assertSuccess(retrieved);
            assertEquals(1, retrieved.getDocuments().size());
            assertArrayEquals(content, retrieved.getDocuments().get(0).getDataHandler().getInputStream().readAllBytes());
            assertEquals("text/plain", retrieved.getDocuments().get(0).getMimeType());
        }
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void wrongHashOrSizeIsRefusedAndNothingStored(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            XdsStore store = open(db);
            byte[] content = text("hello");
            DocumentEntry badHash = entry("Document01", PATIENT);
            badHash.setHash("0000000000000000000000000000000000000000");
            assertFailure(store.provideAndRegister(provide(PATIENT, badHash, content)), ErrorCode.REPOSITORY_METADATA_ERROR);

            DocumentEntry badSize = entry("Document01", PATIENT);
            badSize.setSize(6L);
            Response r = store.provideAndRegister(provide(PATIENT, badSize, content));
            assertFailure(r, ErrorCode.REPOSITORY_METADATA_ERROR);
            assertTrue(r.getErrors().get(0).getCodeContext().contains("5 bytes"), r.getErrors().get(0).getCodeContext());

            assertTrue(findDocuments(store, PATIENT, AvailabilityStatus.APPROVED).isEmpty());
            assertEquals(ErrorCode.DOCUMENT_UNIQUE_ID_ERROR,
                    RetrieveTest.retrieve(store, REPO, badSize.getUniqueId()).getErrors().get(0).getErrorCode());
        }
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void missingDocumentOrMetadata(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            XdsStore store = open(db);
            DocumentEntry de = entry("Document01", PATIENT);
            ProvideAndRegisterDocumentSet noContent = provide(PATIENT, de, text("x"));
            Document withoutContent = new Document();
            withoutContent.setDocumentEntry(de);
            noContent.getDocuments().set(0, withoutContent);
            assertFailure(store.provideAndRegister(noContent), ErrorCode.MISSING_DOCUMENT);

            ProvideAndRegisterDocumentSet noMetadata = provide(PATIENT, entry("Document01", PATIENT), text("x"));
            noMetadata.getDocuments().add(new Document(null, new DataHandler(bytes(text("orphan"), "text/plain"))));
            assertFailure(store.provideAndRegister(noMetadata), ErrorCode.MISSING_DOCUMENT_METADATA);
            assertTrue(findDocuments(store, PATIENT, AvailabilityStatus.APPROVED).isEmpty());
        }
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void duplicateUniqueIdAndNonIdenticalHash(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            XdsStore store = open(db);
            DocumentEntry first = entry("Document01", PATIENT);
            assertSuccess(store.provideAndRegister(provide(PATIENT, first, text("v1"))));

            DocumentEntry same = entry("Document01", PATIENT);
            same.setUniqueId(first.getUniqueId());
            assertFailure(store.provideAndRegister(provide(PATIENT, same, text("v1"))), ErrorCode.DUPLICATE_UNIQUE_ID_IN_REGISTRY);

            DocumentEntry different = entry("Document01", PATIENT);
            different.setUniqueId(first.getUniqueId());
            assertFailure(store.provideAndRegister(provide(PATIENT, different, text("v2"))), ErrorCode.NON_IDENTICAL_HASH);

            DocumentEntry registered = entry("Document01", PATIENT);
            registered.setUniqueId(first.getUniqueId());
            assertFailure(store.register(register(PATIENT, registered)), ErrorCode.DUPLICATE_UNIQUE_ID_IN_REGISTRY);

            DocumentEntry a = entry("Document01", PATIENT);
            DocumentEntry b = entry("Document02", PATIENT);
            b.setUniqueId(a.getUniqueId());
            assertFailure(store.register(register(PATIENT, a, b)), ErrorCode.REGISTRY_DUPLICATE_UNIQUE_ID_IN_MESSAGE);
            assertEquals(1, findDocuments(store, PATIENT, AvailabilityStatus.APPROVED).size());
        }
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void patientRules(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            XdsStore store = open(db);
            // one patient per submission (NIST 11986)
            assertFailure(store.register(register(PATIENT, entry("Document01", OTHER_PATIENT))), ErrorCode.PATIENT_ID_DOES_NOT_MATCH);
            // unknown patient under the ihe policy (NIST 11996)
            String unknown = "P9^^^&1.2.3.4.5&ISO";
            assertFailure(store.register(register(unknown, entry("Document01", unknown))), ErrorCode.UNKNOWN_PATIENT_ID);
            // closed record
            store.patients().setState(PATIENT, PatientRegistry.State.CLOSED, "décès");
            Response closed = store.register(register(PATIENT, entry("Document01", PATIENT)));
            assertFailure(closed, ErrorCode.UNKNOWN_PATIENT_ID);
            assertTrue(closed.getErrors().get(0).getCodeContext().contains("closed (décès)"), closed.getErrors().get(0).getCodeContext());
            store.patients().setState(PATIENT, PatientRegistry.State.OPPOSED, null);
            assertFailure(store.register(register(PATIENT, entry("Document01", PATIENT))), ErrorCode.UNKNOWN_PATIENT_ID);
            store.patients().setState(PATIENT, PatientRegistry.State.ACTIVE, null);
            assertSuccess(store.register(register(PATIENT, entry("Document01", PATIENT))));
        }
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void frDmpPolicyRegistersInsPatientsOnFirstUse(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            XdsStore store = XdsStore.open(db.dataSource(), RegistryConfig.frDmp(REPO));
            String ins = "123456789012345^^^&1.2.250.1.213.1.4.10&ISO";
            assertTrue(store.patients().find(ins).isEmpty());
            assertSuccess(store.register(register(ins, entry("Document01", ins))));
            assertEquals(PatientRegistry.State.ACTIVE, store.patients().find(ins + "^NH").orElseThrow().state());

            String notIns = "P1^^^&1.2.3.4.5&ISO";
            Response r = store.register(register(notIns, entry("Document01", notIns)));
            assertFailure(r, ErrorCode.UNKNOWN_PATIENT_ID);
            assertTrue(store.patients().find(notIns).isEmpty());
        }
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void replaceDeprecatesOriginalAndAppendOnDeprecatedIsRefused(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            XdsStore store = open(db);
            DocumentEntry original = entry("Document01", PATIENT);
            assertSuccess(store.register(register(PATIENT, original)));
            String originalUuid = byUniqueId(store, original.getUniqueId()).getEntryUuid();

            DocumentEntry addendum = entry("Addendum", PATIENT);
            RegisterDocumentSet apnd = register(PATIENT, addendum);
            apnd.getAssociations().add(assoc(AssociationType.APPEND, "apnd", "Addendum", originalUuid));
            assertSuccess(store.register(apnd));

            DocumentEntry replacement = entry("Document02", PATIENT);
            RegisterDocumentSet rplc = register(PATIENT, replacement);
            rplc.getAssociations().add(assoc(AssociationType.REPLACE, "rplc", "Document02", originalUuid));
            assertSuccess(store.register(rplc));

            assertEquals(AvailabilityStatus.DEPRECATED, byUniqueId(store, original.getUniqueId()).getAvailabilityStatus());
            assertEquals(AvailabilityStatus.APPROVED, byUniqueId(store, replacement.getUniqueId()).getAvailabilityStatus());
            // the addendum of a replaced document is deprecated with it
            assertEquals(AvailabilityStatus.DEPRECATED, byUniqueId(store, addendum.getUniqueId()).getAvailabilityStatus());

            RegisterDocumentSet late = register(PATIENT, entry("Addendum2", PATIENT));
            late.getAssociations().add(assoc(AssociationType.APPEND, "apnd2", "Addendum2", originalUuid));
            assertFailure(store.register(late), ErrorCode.REGISTRY_DEPRECATED_DOCUMENT_ERROR);

            RegisterDocumentSet again = register(PATIENT, entry("Document03", PATIENT));
            again.getAssociations().add(assoc(AssociationType.REPLACE, "rplc2", "Document03", originalUuid));
            assertFailure(store.register(again), ErrorCode.REGISTRY_DEPRECATED_DOCUMENT_ERROR);

            assertEquals(1, findDocuments(store, PATIENT, AvailabilityStatus.APPROVED).size());
            assertEquals(2, findDocuments(store, PATIENT, AvailabilityStatus.DEPRECATED).size());
        }
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void transformAndReplaceDeprecatesWhileTransformKeepsTheOriginal(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            XdsStore store = open(db);
            DocumentEntry original = entry("Document01", PATIENT);
            assertSuccess(store.register(register(PATIENT, original)));
            String originalUuid = byUniqueId(store, original.getUniqueId()).getEntryUuid();

            RegisterDocumentSet xfrm = register(PATIENT, entry("Transform", PATIENT));
            xfrm.getAssociations().add(assoc(AssociationType.TRANSFORM, "xfrm", "Transform", originalUuid));
            assertSuccess(store.register(xfrm));
            assertEquals(AvailabilityStatus.APPROVED, byUniqueId(store, original.getUniqueId()).getAvailabilityStatus());

            DocumentEntry replacement = entry("XfrmRplc", PATIENT);
            RegisterDocumentSet xfrmRplc = register(PATIENT, replacement);
            xfrmRplc.getAssociations().add(assoc(AssociationType.TRANSFORM_AND_REPLACE, "xr", "XfrmRplc", originalUuid));
            assertSuccess(store.register(xfrmRplc));
            assertEquals(AvailabilityStatus.DEPRECATED, byUniqueId(store, original.getUniqueId()).getAvailabilityStatus());
            assertEquals(AvailabilityStatus.APPROVED, byUniqueId(store, replacement.getUniqueId()).getAvailabilityStatus());
            // the transform of the replaced original is deprecated with it
            assertEquals(1, findDocuments(store, PATIENT, AvailabilityStatus.APPROVED).size());
        }
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void replaceAcrossPatientsOrOfUnknownTargetIsRefused(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            XdsStore store = open(db);
            DocumentEntry original = entry("Document01", PATIENT);
            assertSuccess(store.register(register(PATIENT, original)));
            String originalUuid = byUniqueId(store, original.getUniqueId()).getEntryUuid();

            RegisterDocumentSet other = register(OTHER_PATIENT, entry("Document02", OTHER_PATIENT));
            other.getAssociations().add(assoc(AssociationType.REPLACE, "rplc", "Document02", originalUuid));
            assertFailure(store.register(other), ErrorCode.PATIENT_ID_DOES_NOT_MATCH);
            assertEquals(AvailabilityStatus.APPROVED, byUniqueId(store, original.getUniqueId()).getAvailabilityStatus());

            RegisterDocumentSet dangling = register(PATIENT, entry("Document02", PATIENT));
            dangling.getAssociations().add(assoc(AssociationType.REPLACE, "rplc", "Document02",
                    "urn:uuid:00000000-0000-0000-0000-000000000001"));
            Response r = store.register(dangling);
            assertFailure(r, ErrorCode.REGISTRY_METADATA_ERROR);
            assertTrue(r.getErrors().get(0).getCodeContext().contains("neither in the submission nor in the registry"));
        }
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void foldersLastUpdateTimeAndReplacementJoiningTheFolder(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            XdsStore store = open(db);
            // folder with an initial document (NIST 12000)
            DocumentEntry doc = entry("Document01", PATIENT);
            RegisterDocumentSet withFolder = register(PATIENT, doc);
            Folder folder = folder("Folder01", PATIENT);
            withFolder.getFolders().add(folder);
            withFolder.getAssociations().add(member("ss-folder", "SubmissionSet01", "Folder01"));
            withFolder.getAssociations().add(member("folder-doc", "Folder01", "Document01"));
            assertSuccess(store.register(withFolder));
            Folder stored = folderByUniqueId(store, folder.getUniqueId());
            assertNotNull(stored.getLastUpdateTime());
            long created = stored.getLastUpdateTime().getDateTime().toEpochSecond();
            assertEquals(1, folderContents(store, folder.getUniqueId()).getDocumentEntries().size());

            // make the clock tick so that the update is visible at second precision
            Thread.sleep(1100);
            // RPLC of a document in a folder puts the replacement into the folder (NIST 12327, 12323)
            String docUuid = byUniqueId(store, doc.getUniqueId()).getEntryUuid();
            DocumentEntry replacement = entry("Document02", PATIENT);
            RegisterDocumentSet rplc = register(PATIENT, replacement);
            rplc.getAssociations().add(assoc(AssociationType.REPLACE, "rplc", "Document02", docUuid));
            assertSuccess(store.register(rplc));
            long afterReplace = folderByUniqueId(store, folder.getUniqueId()).getLastUpdateTime().getDateTime().toEpochSecond();
            assertTrue(afterReplace > created, "lastUpdateTime " + afterReplace + " after " + created);
            QueryResponse contents = folderContents(store, folder.getUniqueId());
            assertEquals(2, contents.getDocumentEntries().size());

            // adding an existing document of the same patient to the existing folder updates lastUpdateTime (NIST 12323)
            assertSuccess(store.register(register(PATIENT, entry("Document05", PATIENT))));
            String loose = findDocuments(store, PATIENT, AvailabilityStatus.APPROVED).stream()
                    .filter(e -> e.getTitle().getValue().endsWith("Document05")).findFirst().orElseThrow().getEntryUuid();
            Thread.sleep(1100);
            RegisterDocumentSet addOwn = new RegisterDocumentSet();
            addOwn.setSubmissionSet(submissionSet(PATIENT));
            addOwn.getAssociations().add(member("add", stored.getEntryUuid(), loose));
            addOwn.getAssociations().add(member("ss-add", "SubmissionSet01", "add"));
            assertSuccess(store.register(addOwn));
            long afterAdd = folderByUniqueId(store, folder.getUniqueId()).getLastUpdateTime().getDateTime().toEpochSecond();
            assertTrue(afterAdd > afterReplace, "lastUpdateTime " + afterAdd + " after " + afterReplace);
            assertEquals(3, folderContents(store, folder.getUniqueId()).getDocumentEntries().size());

            // adding an existing document to an existing folder, of another patient (NIST 12002)
            assertSuccess(store.register(register(OTHER_PATIENT, entry("Document09", OTHER_PATIENT))));
            String stranger = findDocuments(store, OTHER_PATIENT, AvailabilityStatus.APPROVED).get(0).getEntryUuid();
            RegisterDocumentSet add = new RegisterDocumentSet();
            add.setSubmissionSet(submissionSet(PATIENT));
            add.getAssociations().add(member("add", stored.getEntryUuid(), stranger));
            add.getAssociations().add(member("ss-add", "SubmissionSet01", "add"));
            assertFailure(store.register(add), ErrorCode.PATIENT_ID_DOES_NOT_MATCH);
        }
    }

    static Folder folderByUniqueId(XdsStore store, String uid) {
        GetFoldersQuery q = new GetFoldersQuery();
        q.setUniqueIds(List.of(uid));
        QueryResponse r = store.query(leaf(q));
        assertSuccess(r);
        assertEquals(1, r.getFolders().size());
        return r.getFolders().get(0);
    }

    static QueryResponse folderContents(XdsStore store, String uid) {
        GetFolderAndContentsQuery q = new GetFolderAndContentsQuery();
        q.setUniqueId(uid);
        QueryResponse r = store.query(leaf(q));
        assertSuccess(r);
        return r;
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void preAssignedUuidsAreAcceptedOnce(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            XdsStore store = open(db);
            String uuid = "urn:uuid:" + java.util.UUID.randomUUID();
            DocumentEntry de = entry(uuid, PATIENT);
            assertSuccess(store.register(register(PATIENT, de)));
            assertEquals(uuid, byUniqueId(store, de.getUniqueId()).getEntryUuid());

            DocumentEntry again = entry(uuid, PATIENT); // new uniqueId, same entryUUID (NIST 15806)
            Response r = store.register(register(PATIENT, again));
            assertFailure(r, ErrorCode.REGISTRY_METADATA_ERROR);
            assertTrue(r.getErrors().get(0).getCodeContext().contains(uuid));
            assertEquals(1, findDocuments(store, PATIENT, AvailabilityStatus.APPROVED).size());
        }
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void extraMetadataAndDocumentationClassification(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            XdsStore store = open(db);
            DocumentEntry de = entry("Document01", PATIENT);
            de.setExtraMetadata(Map.of("urn:example:extra", List.of("one", "two")));
            de.getEventCodeList().add(code("T-D4909", "Kidney", "SNM3"));
            assertSuccess(store.register(register(PATIENT, de)));
            DocumentEntry stored = byUniqueId(store, de.getUniqueId());
            assertEquals(List.of("one", "two"), stored.getExtraMetadata().get("urn:example:extra")); // NIST 12379
            assertEquals("T-D4909", stored.getEventCodeList().get(0).getCode());

            // documentation on HasMember is refused, on RPLC accepted (NIST 12370)
            RegisterDocumentSet bad = register(PATIENT, entry("Document02", PATIENT));
            bad.getAssociations().get(0).setDocCode(code("Additional_Information", "Additional information", "1.2.3"));
            assertFailure(store.register(bad), ErrorCode.REGISTRY_METADATA_ERROR);

            RegisterDocumentSet rplc = register(PATIENT, entry("Document02", PATIENT));
            Association replace = assoc(AssociationType.REPLACE, "rplc", "Document02", stored.getEntryUuid());
            replace.setDocCode(code("Additional_Information", "Additional information", "1.2.3"));
            rplc.getAssociations().add(replace);
            assertSuccess(store.register(rplc));
        }
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void dmpSubmissionWithSignatureDocument(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            XdsStore store = XdsStore.open(db.dataSource(), RegistryConfig.frDmp(REPO));
            String ins = "123456789012345^^^&1.2.250.1.213.1.4.10&ISO";
            DocumentEntry doc = entry("Document01", ins);
            ProvideAndRegisterDocumentSet r = provide(ins, doc, text("<ClinicalDocument/>"));
            DocumentEntry signature = entry("Signature01", ins);
            signature.setClassCode(code("urn:oid:1.3.6.1.4.1.19376.1.2.1.1.1", "Digital Signature", "URN"));
            signature.setTypeCode(code("E1762", "Full Document", "ASTM"));
            signature.getConfidentialityCodes().add(code("INVISIBLE_PATIENT", "Non visible par le patient", "1.2.250.1.213.1.1.4.13"));
            signature.getConfidentialityCodes().add(code("MASQUE_PS", "Masqué aux PS", "1.2.250.1.213.1.1.4.13"));
            r.getDocuments().add(new Document(signature, new DataHandler(bytes(text("<ds:Signature/>"), "text/xml"))));
            r.getAssociations().add(member("ss-sig", "SubmissionSet01", "Signature01"));
            r.getAssociations().add(assoc(AssociationType.SIGNS, "signs", "Signature01", "SubmissionSet01"));
            assertSuccess(store.provideAndRegister(r));
            assertEquals(2, findDocuments(store, ins, AvailabilityStatus.APPROVED).size());

            // a signs association must come from a document of the submission
            ProvideAndRegisterDocumentSet bad = provide(ins, entry("Document01", ins), text("x"));
            bad.getAssociations().add(assoc(AssociationType.SIGNS, "signs", "SubmissionSet01", "Document01"));
            assertFailure(store.provideAndRegister(bad), ErrorCode.REGISTRY_METADATA_ERROR);
        }
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void everyEntryMustBeAMemberOfTheSubmissionSet(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            XdsStore store = open(db);
            RegisterDocumentSet r = register(PATIENT, entry("Document01", PATIENT));
            r.getAssociations().clear();
            assertFailure(store.register(r), ErrorCode.REGISTRY_METADATA_ERROR);
            RegisterDocumentSet noSet = new RegisterDocumentSet();
            assertFailure(store.register(noSet), ErrorCode.REGISTRY_METADATA_ERROR);
        }
    }
}
