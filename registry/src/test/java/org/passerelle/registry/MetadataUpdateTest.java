package org.passerelle.registry;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.*;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.passerelle.testsupport.TestDatabase;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;
import static org.passerelle.registry.Fixtures.*;

/** ITI-57: new metadata versions (mask/unmask), PreviousVersion checks, UpdateAvailabilityStatus incl. CI-SIS statuses. */
class MetadataUpdateTest {

    /** A new version of {@code current} (same logicalID and uniqueId), with its HasMember carrying PreviousVersion. */
    static RegisterDocumentSet newVersion(DocumentEntry current, String previousVersion, String patient) {
        DocumentEntry next = entry("NewVersion", patient);
        next.setLogicalUuid(current.getLogicalUuid());
        next.setUniqueId(current.getUniqueId());
        next.getConfidentialityCodes().add(code("MASQUE_PS", "Masqué aux PS", "1.2.250.1.213.1.1.4.13"));
        RegisterDocumentSet r = register(patient, next);
        r.getAssociations().get(0).setPreviousVersion(previousVersion);
        return r;
    }

    static RegisterDocumentSet statusChange(String target, String from, String to) {
        RegisterDocumentSet r = new RegisterDocumentSet();
        r.setSubmissionSet(submissionSet(PATIENT));
        Association a = assoc(AssociationType.UPDATE_AVAILABILITY_STATUS, "uas", "SubmissionSet01", target);
        AvailabilityStatus ipfFrom = AvailabilityStatus.valueOfOpcode(from);
        AvailabilityStatus ipfTo = AvailabilityStatus.valueOfOpcode(to);
        if (ipfFrom != null) a.setOriginalStatus(ipfFrom);
        if (ipfTo != null) a.setNewStatus(ipfTo);
        Map<String, List<String>> extra = new java.util.HashMap<>();
        if (ipfFrom == null) extra.put(SubmissionProcessor.ORIGINAL_STATUS_SLOT, List.of(from));
        if (ipfTo == null) extra.put(SubmissionProcessor.NEW_STATUS_SLOT, List.of(to));
        a.setExtraMetadata(extra);
        r.getAssociations().add(a);
        return r;
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void newVersionMasksTheDocumentAndDeprecatesThePrevious(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            XdsStore store = SubmissionTest.open(db);
            DocumentEntry de = entry("Document01", PATIENT);
            assertSuccess(store.provideAndRegister(provide(PATIENT, de, text("cr"))));
            DocumentEntry v1 = SubmissionTest.byUniqueId(store, de.getUniqueId());

            assertSuccess(store.update(newVersion(v1, "1", PATIENT)));
            DocumentEntry v2 = SubmissionTest.byUniqueId(store, de.getUniqueId());
            assertNotEquals(v1.getEntryUuid(), v2.getEntryUuid());
            assertEquals(v1.getLogicalUuid(), v2.getLogicalUuid());
            assertEquals("2", v2.getVersion().getVersionName());
            assertEquals(2, v2.getConfidentialityCodes().size());

            GetDocumentsQuery versions = new GetDocumentsQuery();
            versions.setLogicalUuid(List.of(v1.getLogicalUuid()));
            QueryResponse all = store.query(leaf(versions));
            assertSuccess(all);
            assertEquals(2, all.getDocumentEntries().size());
            List<DocumentEntry> approved = SubmissionTest.findDocuments(store, PATIENT, AvailabilityStatus.APPROVED);
            assertEquals(List.of(v2.getEntryUuid()), approved.stream().map(DocumentEntry::getEntryUuid).toList());

            // a stale PreviousVersion is refused, nothing changes
            assertFailure(store.update(newVersion(v1, "1", PATIENT)), ErrorCode.METADATA_VERSION_ERROR);
            assertEquals("2", SubmissionTest.byUniqueId(store, de.getUniqueId()).getVersion().getVersionName());
            // an unknown logicalID
            DocumentEntry ghost = entry("Ghost", PATIENT);
            ghost.setLogicalUuid("urn:uuid:00000000-0000-0000-0000-0000000000aa");
            assertFailure(store.update(newVersion(ghost, "1", PATIENT)), ErrorCode.UNRESOLVED_REFERENCE_EXCEPTION);
            // a patient change
            assertFailure(store.update(newVersion(v2, "2", OTHER_PATIENT)), ErrorCode.PATIENT_ID_RECONCILIATION_ERROR);
            // nothing to do
            RegisterDocumentSet empty = new RegisterDocumentSet();
            empty.setSubmissionSet(submissionSet(PATIENT));
            assertFailure(store.update(empty), ErrorCode.METADATA_UPDATE_ERROR);
        }
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void archiveThenDeleteMakesTheContentUnretrievable(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            XdsStore store = SubmissionTest.open(db);
            DocumentEntry de = entry("Document01", PATIENT);
            assertSuccess(store.provideAndRegister(provide(PATIENT, de, text("cr"))));
            String uuid = SubmissionTest.byUniqueId(store, de.getUniqueId()).getEntryUuid();

            assertFailure(store.update(statusChange(uuid, Statuses.DEPRECATED, Statuses.ARCHIVED)), ErrorCode.METADATA_UPDATE_ERROR);
            assertSuccess(store.update(statusChange(uuid, Statuses.APPROVED, Statuses.ARCHIVED)));
            assertEquals(Statuses.ARCHIVED, store.documentStatus(de.getUniqueId()).orElseThrow());
            assertTrue(SubmissionTest.findDocuments(store, PATIENT, AvailabilityStatus.APPROVED).isEmpty());
            assertSuccess(RetrieveTest.retrieve(store, REPO, de.getUniqueId()));
            GetDocumentsQuery byUuid = new GetDocumentsQuery();
            byUuid.setUuids(List.of(uuid));
            DocumentEntry archived = store.query(leaf(byUuid)).getDocumentEntries().get(0);
            assertNull(archived.getAvailabilityStatus());
            assertEquals(List.of(Statuses.ARCHIVED), archived.getExtraMetadata().get(QueryEngine.STATUS_SLOT));

            assertSuccess(store.update(statusChange(uuid, Statuses.ARCHIVED, Statuses.APPROVED)));
            assertEquals(1, SubmissionTest.findDocuments(store, PATIENT, AvailabilityStatus.APPROVED).size());

            assertSuccess(store.update(statusChange(uuid, Statuses.APPROVED, Statuses.DELETED)));
            var retrieved = RetrieveTest.retrieve(store, REPO, de.getUniqueId());
            assertEquals(ErrorCode.DOCUMENT_UNIQUE_ID_ERROR, retrieved.getErrors().get(0).getErrorCode());
            assertTrue(retrieved.getErrors().get(0).getCodeContext().contains("Deleted"));
            assertTrue(store.query(leaf(byUuid)).getDocumentEntries().isEmpty(), "a deleted entry is invisible to queries");
            assertFailure(store.update(statusChange(uuid, Statuses.DELETED, "urn:example:Bogus")), ErrorCode.METADATA_UPDATE_OPERATION_ERROR);
        }
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void newFolderVersionKeepsItsLogicalId(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            XdsStore store = SubmissionTest.open(db);
            RegisterDocumentSet create = new RegisterDocumentSet();
            create.setSubmissionSet(submissionSet(PATIENT));
            Folder folder = folder("Folder01", PATIENT);
            create.getFolders().add(folder);
            create.getAssociations().add(member("m", "SubmissionSet01", "Folder01"));
            assertSuccess(store.register(create));
            Folder v1 = SubmissionTest.folderByUniqueId(store, folder.getUniqueId());

            RegisterDocumentSet update = new RegisterDocumentSet();
            update.setSubmissionSet(submissionSet(PATIENT));
            Folder next = folder("Folder02", PATIENT);
            next.setUniqueId(v1.getUniqueId());
            next.setLogicalUuid(v1.getLogicalUuid());
            next.setTitle(new LocalizedString("Dossier renommé"));
            update.getFolders().add(next);
            Association member = member("m", "SubmissionSet01", "Folder02");
            member.setPreviousVersion("1");
            update.getAssociations().add(member);
            assertSuccess(store.update(update));

            Folder v2 = SubmissionTest.folderByUniqueId(store, folder.getUniqueId());
            assertEquals("Dossier renommé", v2.getTitle().getValue());
            assertEquals("2", v2.getVersion().getVersionName());
            assertEquals(v1.getLogicalUuid(), v2.getLogicalUuid());
            org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetFoldersQuery old =
                    new org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetFoldersQuery();
            old.setUuids(List.of(v1.getEntryUuid()));
            assertEquals(AvailabilityStatus.DEPRECATED, store.query(leaf(old)).getFolders().get(0).getAvailabilityStatus());
        }
    }
}
