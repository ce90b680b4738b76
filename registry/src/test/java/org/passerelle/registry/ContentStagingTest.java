package org.passerelle.registry;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.passerelle.testsupport.TestDatabase;

import javax.sql.DataSource;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;
import static org.passerelle.registry.Fixtures.*;

/**
 * Content staging (issue 4): beyond 4 MB, a submission's chunks are committed under fresh keys before the metadata
 * transaction, and a document is visible only once that transaction names its key. What a failed or crashed submission staged is discarded at once or
 * swept by age; published content is never swept; a submission whose staging was swept under it fails, nothing stored.
 */
class ContentStagingTest {
    private static final int CHUNK = 8 * 1024;

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static long count(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Content staged and never published, as a crash between staging and commit leaves it, last touched {@code agoMillis} ago. */
    private static String orphan(DataSource ds, byte[] content, long agoMillis) throws Exception {
        ContentStore.Staging staging = new ContentStore.Staging();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            ContentStore store = new ContentStore(ds, CHUNK);
            String key = store.stage(c, new ByteArrayInputStream(content), Long.MAX_VALUE, staging).key();
            store.commitStaging(c, staging, key);
        }
        age(ds, staging.staged.get(0), agoMillis);
        return staging.staged.get(0);
    }

    private static void age(DataSource ds, String key, long agoMillis) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE repo_staging SET touched_at = ? WHERE content_key = ?")) {
            ps.setLong(1, System.currentTimeMillis() - agoMillis);
            ps.setString(2, key);
            assertEquals(1, ps.executeUpdate());
        }
    }

    private static long chunksOf(DataSource ds, String key) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM repo_chunk WHERE content_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void assertRetrievable(XdsStore store, DocumentEntry de, byte[] content) throws Exception {
        RetrievedDocumentSet got = RetrieveTest.retrieve(store, REPO, de.getUniqueId());
        assertEquals(Status.SUCCESS, got.getStatus(), () -> got.getErrors().toString());
        try (InputStream in = got.getDocuments().get(0).getDataHandler().getInputStream()) {
            assertArrayEquals(content, in.readAllBytes());
        }
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void failureAfterStagingLeavesNothingVisibleAndDiscardsTheChunks(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind);
             XdsStore store = XdsStore.open(db.dataSource(), RegistryConfig.ihe(REPO).withChunkSize(CHUNK))) {
            store.patients().register(PATIENT, null);
            String before = AtomicityTest.fingerprint(db.dataSource());

            // the whole content (several staging transactions of 4 MB) is staged before the hash is found wrong
            byte[] content = random(9 * 1024 * 1024 + 5, 3);
            DocumentEntry de = entry("Document01", PATIENT);
            de.setHash("0123456789012345678901234567890123456789");
            assertFailure(store.provideAndRegister(provide(PATIENT, de, content)), ErrorCode.REPOSITORY_METADATA_ERROR);
            assertEquals(before, AtomicityTest.fingerprint(db.dataSource()), "no chunk, no staging row, no metadata");
            assertEquals(Status.FAILURE, RetrieveTest.retrieve(store, REPO, de.getUniqueId()).getStatus());

            // the same document with its right hash goes through
            de = entry("Document01", PATIENT);
            assertSuccess(store.provideAndRegister(provide(PATIENT, de, content)));
            assertRetrievable(store, de, content);
            assertEquals(0, count(db.dataSource(), "SELECT COUNT(*) FROM repo_staging"));
        }
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void orphansOlderThanTheAgeAreSweptYoungOnesAndPublishedContentAreNot(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            DataSource ds = db.dataSource();
            XdsStore store = XdsStore.open(ds, RegistryConfig.ihe(REPO).withChunkSize(CHUNK));
            store.patients().register(PATIENT, null);
            byte[] published = random(100_000, 1);
            DocumentEntry de = entry("Document01", PATIENT);
            assertSuccess(store.provideAndRegister(provide(PATIENT, de, published)));
            String publishedKey;
            try (Connection c = ds.getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT content_key FROM repo_document")) {
                rs.next();
                publishedKey = rs.getString(1);
            }
            long publishedChunks = chunksOf(ds, publishedKey);
            assertEquals(13, publishedChunks);

            String old = orphan(ds, random(50_000, 2), Duration.ofHours(2).toMillis());
            String young = orphan(ds, random(50_000, 3), Duration.ofMinutes(5).toMillis());
            // a staging row wrongly naming published content (cannot happen: publishing deletes it) is not swept either
            try (Connection c = ds.getConnection();
                 PreparedStatement ps = c.prepareStatement("INSERT INTO repo_staging (content_key, touched_at, swept) VALUES (?, 0, FALSE)")) {
                ps.setString(1, publishedKey);
                ps.executeUpdate();
            }
            assertEquals(7, chunksOf(ds, old));

            assertEquals(1, store.sweepOrphanContent(Duration.ofHours(1)));
            assertEquals(0, chunksOf(ds, old));
            assertEquals(7, chunksOf(ds, young), "a staging younger than the age may belong to a live upload");
            assertEquals(publishedChunks, chunksOf(ds, publishedKey));
            assertRetrievable(store, de, published);
            assertEquals(2, count(ds, "SELECT COUNT(*) FROM repo_staging"));

            // a node starting later sweeps at start-up with its own age
            age(ds, young, Duration.ofMinutes(20).toMillis());
            try (XdsStore second = XdsStore.open(ds, RegistryConfig.ihe(REPO).withChunkSize(CHUNK)
                    .withOrphanContentAge(Duration.ofMinutes(10)))) {
                assertEquals(0, chunksOf(ds, young));
                assertRetrievable(second, de, published);
            }
            assertEquals(publishedChunks, chunksOf(ds, publishedKey));
            store.close();
        }
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void stagingSweptBeforePublishingFailsTheSubmission(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            DataSource ds = db.dataSource();
            XdsStore.open(ds, RegistryConfig.ihe(REPO)).close();
            ContentStore content = new ContentStore(ds, CHUNK);
            String key = orphan(ds, random(30_000, 4), Duration.ofHours(2).toMillis());
            ContentStore.Staged staged = new ContentStore.Staged(key, "x", 30_000, 4);
            ContentStore.Staging staging = new ContentStore.Staging();
            staging.staged.add(key);
            // the upload was slower than the age: a sweeper claims and deletes its staging
            assertEquals(1, content.sweep(Duration.ofHours(1).toMillis()));
            RegistryException e = assertThrows(RegistryException.class, () -> Jdbc.inTransaction(ds, c -> {
                content.publish(c, "1.2.3.4.5", "text/plain", staged, staging);
                return null;
            }));
            assertTrue(e.getMessage().contains("orphan sweeper"), e.getMessage());
            assertEquals(0, count(ds, "SELECT COUNT(*) FROM repo_document"));
            assertEquals(0, count(ds, "SELECT COUNT(*) FROM repo_chunk"));
        }
    }

    /** A small document (in the transaction) then a 4.5 MB one (both staged at the first 4 MB): a failure anywhere leaves nothing. */
    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void databaseFailureAtAnyStatementOfAStagedSubmissionLeavesNothing(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            FaultInjectingDataSource faulty = new FaultInjectingDataSource(db.dataSource());
            XdsStore store = XdsStore.open(faulty, RegistryConfig.ihe(REPO).withChunkSize(256 * 1024));
            store.patients().register(PATIENT, null);
            byte[] small = random(30_000, 5);
            byte[] big = random(4 * 1024 * 1024 + 300_000, 6);
            String before = AtomicityTest.fingerprint(db.dataSource());
            faulty.failAt(0);
            assertSuccess(store.provideAndRegister(twoDocuments(small, big)));
            int statements = faulty.executed();
            String after = AtomicityTest.fingerprint(db.dataSource());
            assertNotEquals(before, after);
            assertEquals(0, count(db.dataSource(), "SELECT COUNT(*) FROM repo_staging"));
            for (int n = 1; n <= statements; n++) {
                faulty.failAt(n);
                assertEquals(Status.FAILURE, store.provideAndRegister(twoDocuments(small, big)).getStatus(), "failure at " + n);
                faulty.failAt(0);
                assertEquals(after, AtomicityTest.fingerprint(db.dataSource()), "after a failure at statement " + n + " of " + statements);
            }
        }
    }

    private static org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet twoDocuments(byte[] small, byte[] big) {
        var r = provide(PATIENT, entry("Document01", PATIENT), small);
        DocumentEntry second = entry("Document02", PATIENT);
        r.getDocuments().add(new org.openehealth.ipf.commons.ihe.xds.core.metadata.Document(second,
                new jakarta.activation.DataHandler(bytes(big, "application/octet-stream"))));
        r.getAssociations().add(member("m2", "SubmissionSet01", "Document02"));
        return r;
    }
}
