package org.passerelle.registry;

import jakarta.activation.DataHandler;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Document;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Folder;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.passerelle.testsupport.TestDatabase;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;
import static org.passerelle.registry.Fixtures.*;

/**
 * Fault injection: a database failure at any statement of a submission (content staging included), or a content stream
 * failing mid-read, leaves the database exactly as before (staged chunks discarded), and the store keeps working.
 */
class AtomicityTest {

    /** Every table's row count, every status and every folder's lastUpdateTime. */
    static String fingerprint(DataSource ds) throws SQLException {
        StringBuilder sb = new StringBuilder();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            for (String t : new String[]{"reg_patient", "reg_object", "reg_document_entry", "reg_submission_set", "reg_folder",
                    "reg_association", "reg_code", "repo_document", "repo_chunk", "repo_staging"}) {
                try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + t)) {
                    rs.next();
                    sb.append(t).append('=').append(rs.getLong(1)).append(' ');
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT entry_uuid, status FROM reg_document_entry ORDER BY entry_uuid")) {
                while (rs.next()) sb.append(rs.getString(1)).append(':').append(rs.getString(2)).append(' ');
            }
            try (ResultSet rs = st.executeQuery("SELECT entry_uuid, last_update_time FROM reg_folder ORDER BY entry_uuid")) {
                while (rs.next()) sb.append(rs.getString(1)).append(':').append(rs.getLong(2)).append(' ');
            }
        }
        return sb.toString();
    }

    /** A PnR with two multi-chunk documents, a new folder, and the replacement of a document held by an existing folder. */
    static ProvideAndRegisterDocumentSet bigSubmission(String replacedUuid, String existingFolderUuid) {
        byte[] a = new byte[40_000];
        byte[] b = new byte[20_000];
        new Random(1).nextBytes(a);
        new Random(2).nextBytes(b);
        DocumentEntry d1 = entry("Document01", PATIENT);
        ProvideAndRegisterDocumentSet r = provide(PATIENT, d1, a);
        DocumentEntry d2 = entry("Document02", PATIENT);
        r.getDocuments().add(new Document(d2, new DataHandler(bytes(b, "text/plain"))));
        r.getAssociations().add(member("m2", "SubmissionSet01", "Document02"));
        Folder f = folder("Folder01", PATIENT);
        r.getFolders().add(f);
        r.getAssociations().add(member("mf", "SubmissionSet01", "Folder01"));
        r.getAssociations().add(member("fd", "Folder01", "Document02"));
        r.getAssociations().add(assoc(AssociationType.REPLACE, "rplc", "Document01", replacedUuid));
        r.getAssociations().add(member("add", existingFolderUuid, "Document02"));
        r.getAssociations().add(member("m-add", "SubmissionSet01", "add"));
        return r;
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void databaseFailureAtAnyStatementLeavesNothing(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            FaultInjectingDataSource faulty = new FaultInjectingDataSource(db.dataSource());
            XdsStore store = XdsStore.open(faulty, RegistryConfig.ihe(REPO).withChunkSize(8 * 1024));
            store.patients().register(PATIENT, null);

            // the data the failing submissions refer to: a document in a folder
            DocumentEntry original = entry("Original", PATIENT);
            ProvideAndRegisterDocumentSet base = provide(PATIENT, original, text("original"));
            base.getFolders().add(folder("Folder00", PATIENT));
            base.getAssociations().add(member("mf", "SubmissionSet01", "Folder00"));
            base.getAssociations().add(member("fd", "Folder00", "Original"));
            assertSuccess(store.provideAndRegister(base));
            String originalUuid = original.getEntryUuid();
            String folderUuid = base.getFolders().get(0).getEntryUuid();

            String before = fingerprint(db.dataSource());
            // a successful run, counting its statements
            faulty.failAt(0);
            Response probe = store.provideAndRegister(bigSubmission(originalUuid, folderUuid));
            assertSuccess(probe);
            int statements = faulty.executed();
            assertTrue(statements > 15, "statements of the submission: " + statements);

            // then the same submission shape, replacing the probe's (Approved) replacement, failing at each statement
            String current = fingerprint(db.dataSource());
            String replacement = findApproved(store, PATIENT, originalUuid);
            int failures = 0;
            for (int n = 1; n <= statements; n++) {
                faulty.failAt(n);
                Response r = store.provideAndRegister(bigSubmission(replacement, folderUuid));
                if (r.getStatus() == Status.SUCCESS) {
                    fail("statement " + n + " of " + statements + " failed but the submission succeeded");
                }
                failures++;
                assertEquals(ErrorCode.REGISTRY_ERROR, r.getErrors().get(0).getErrorCode(), describe(r));
                assertEquals(current, fingerprint(db.dataSource()), "after a failure at statement " + n);
            }
            assertTrue(failures > 15);
            faulty.failAt(0);
            assertSuccess(store.provideAndRegister(bigSubmission(replacement, folderUuid)));
            assertNotEquals(before, fingerprint(db.dataSource()));
        }
    }

    /** The Approved document that replaced {@code originalUuid}. */
    static String findApproved(XdsStore store, String patient, String originalUuid) {
        return SubmissionTest.findDocuments(store, patient, AvailabilityStatus.APPROVED).stream()
                .filter(de -> !de.getEntryUuid().equals(originalUuid))
                .filter(de -> de.getTitle().getValue().endsWith("Document01"))
                .findFirst().orElseThrow().getEntryUuid();
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void contentStreamFailingMidReadLeavesNothing(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            XdsStore store = XdsStore.open(db.dataSource(), RegistryConfig.ihe(REPO).withChunkSize(8 * 1024));
            store.patients().register(PATIENT, null);
            assertSuccess(store.provideAndRegister(provide(PATIENT, entry("Document00", PATIENT), text("first"))));
            String before = fingerprint(db.dataSource());

            DocumentEntry ok = entry("Document01", PATIENT);
            ProvideAndRegisterDocumentSet r = provide(PATIENT, ok, new byte[30_000]);
            DocumentEntry broken = entry("Document02", PATIENT);
            r.getDocuments().add(new Document(broken, new DataHandler(stream(() -> new FailingStream(100_000), "text/plain"))));
            r.getAssociations().add(member("m2", "SubmissionSet01", "Document02"));
            Response response = store.provideAndRegister(r);
            assertFailure(response, ErrorCode.REPOSITORY_ERROR);
            assertTrue(response.getErrors().get(0).getCodeContext().contains("network dropped"), describe(response));
            assertEquals(before, fingerprint(db.dataSource()));

            assertSuccess(store.provideAndRegister(provide(PATIENT, entry("Document03", PATIENT), new byte[30_000])));
            assertEquals(2, SubmissionTest.findDocuments(store, PATIENT, AvailabilityStatus.APPROVED).size());
        }
    }

    /** Gives {@code limit} bytes, then fails like a dropped connection. */
    static final class FailingStream extends InputStream {
        private final int limit;
        private int given;

        FailingStream(int limit) { this.limit = limit; }

        @Override
        public int read() throws IOException {
            if (given >= limit) throw new IOException("network dropped after " + limit + " bytes");
            given++;
            return 'x';
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (given >= limit) throw new IOException("network dropped after " + limit + " bytes");
            int n = Math.min(len, limit - given);
            java.util.Arrays.fill(b, off, off + n, (byte) 'x');
            given += n;
            return n;
        }
    }
}
