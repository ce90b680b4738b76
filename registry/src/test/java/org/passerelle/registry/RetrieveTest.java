package org.passerelle.registry;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.passerelle.testsupport.TestDatabase;

import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;
import static org.passerelle.registry.Fixtures.*;

/** ITI-43 on chunked content: lazy streaming, multi-chunk documents, partial success. */
class RetrieveTest {

    static RetrievedDocumentSet retrieve(XdsStore store, String repo, String... uids) {
        RetrieveDocumentSet r = new RetrieveDocumentSet();
        for (String uid : uids) r.getDocuments().add(new DocumentReference(repo, uid, null));
        return store.retrieve(r);
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void multiChunkDocumentStreamsBackIdentically(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            // 8 KB chunks: a 300 KB document spans 37 chunks
            XdsStore store = XdsStore.open(db.dataSource(), RegistryConfig.ihe(REPO).withChunkSize(8 * 1024));
            store.patients().register(PATIENT, null);
            byte[] content = new byte[300 * 1024 + 17];
            new Random(42).nextBytes(content);
            DocumentEntry de = entry("Document01", PATIENT);
            de.setMimeType("application/pdf");
            de.setSize((long) content.length);
            assertSuccess(store.provideAndRegister(provide(PATIENT, de, content)));

            try (var c = db.dataSource().getConnection();
                 var rs = c.createStatement().executeQuery("SELECT chunk_count FROM repo_document")) {
                assertTrue(rs.next());
                assertEquals(38, rs.getInt(1));
            }

            RetrievedDocumentSet r = retrieve(store, REPO, de.getUniqueId());
            assertSuccess(r);
            assertEquals("application/pdf", r.getDocuments().get(0).getMimeType());
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            long size = 0;
            try (InputStream in = r.getDocuments().get(0).getDataHandler().getInputStream()) {
                byte[] buf = new byte[5000];
                int n;
                while ((n = in.read(buf)) > 0) {
                    sha1.update(buf, 0, n);
                    size += n;
                }
            }
            assertEquals(content.length, size);
            assertEquals(sha1(content), HexFormat.of().formatHex(sha1.digest()));
            // the DataSource can be read again (MTOM writers may do so)
            assertArrayEquals(content, r.getDocuments().get(0).getDataHandler().getInputStream().readAllBytes());
            // MTOM writes the content through DataHandler.writeTo: one write per chunk
            CountingOutputStream out = new CountingOutputStream();
            r.getDocuments().get(0).getDataHandler().writeTo(out);
            assertArrayEquals(content, out.toByteArray());
            assertEquals(38, out.writes);
        }
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void oneChunkDocumentIsReadInTheQueryThatFindsIt(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            FaultInjectingDataSource counting = new FaultInjectingDataSource(db.dataSource());
            XdsStore store = XdsStore.open(counting, RegistryConfig.ihe(REPO));
            store.patients().register(PATIENT, null);
            byte[] content = new byte[100 * 1024 + 5];
            new Random(7).nextBytes(content);
            DocumentEntry de = entry("Document01", PATIENT);
            de.setMimeType("text/xml");
            assertSuccess(store.provideAndRegister(provide(PATIENT, de, content)));

            counting.failAt(0);
            RetrievedDocumentSet r = retrieve(store, REPO, de.getUniqueId());
            assertSuccess(r);
            assertEquals("text/xml", r.getDocuments().get(0).getMimeType());
            assertEquals("text/xml", r.getDocuments().get(0).getDataHandler().getContentType());
            CountingOutputStream out = new CountingOutputStream();
            r.getDocuments().get(0).getDataHandler().writeTo(out);
            assertArrayEquals(content, out.toByteArray());
            assertEquals(1, out.writes);
            assertArrayEquals(content, r.getDocuments().get(0).getDataHandler().getInputStream().readAllBytes());
            // entry status, content reference and the content itself: one statement, none while writing
            assertEquals(1, counting.executed());
        }
    }

    /** Records the bytes written and how many write calls wrote them. */
    static final class CountingOutputStream extends java.io.ByteArrayOutputStream {
        int writes;

        @Override
        public synchronized void write(int b) {
            writes++;
            super.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            writes++;
            super.write(b, off, len);
        }
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void unknownDocumentOrRepositoryGivesPartialSuccess(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            XdsStore store = SubmissionTest.open(db);
            DocumentEntry de = entry("Document01", PATIENT);
            assertSuccess(store.provideAndRegister(provide(PATIENT, de, text("abc"))));

            RetrieveDocumentSet req = new RetrieveDocumentSet();
            req.getDocuments().add(new DocumentReference(REPO, de.getUniqueId(), null));
            req.getDocuments().add(new DocumentReference(REPO, "1.2.3.404", null));
            req.getDocuments().add(new DocumentReference("1.2.3.999", de.getUniqueId(), null));
            RetrievedDocumentSet r = store.retrieve(req);
            assertEquals(Status.PARTIAL_SUCCESS, r.getStatus());
            assertEquals(1, r.getDocuments().size());
            assertEquals(2, r.getErrors().size());
            assertEquals(ErrorCode.DOCUMENT_UNIQUE_ID_ERROR, r.getErrors().get(0).getErrorCode());
            assertEquals("1.2.3.404", r.getErrors().get(0).getLocation());
            assertEquals(ErrorCode.UNKNOWN_REPOSITORY_ID, r.getErrors().get(1).getErrorCode());

            RetrievedDocumentSet none = retrieve(store, REPO, "1.2.3.404");
            assertEquals(Status.FAILURE, none.getStatus());
            assertEquals(Status.FAILURE, store.retrieve(new RetrieveDocumentSet()).getStatus());
        }
    }

    /** A deterministic pseudo-random stream of {@code size} bytes that never exists whole in memory. */
    static final class GeneratedStream extends InputStream {
        private final long size;
        private long pos;
        private long state = 0x9E3779B97F4A7C15L;

        GeneratedStream(long size) { this.size = size; }

        @Override
        public int read() {
            if (pos >= size) return -1;
            pos++;
            state ^= state << 13;
            state ^= state >>> 7;
            state ^= state << 17;
            return (int) (state & 0xff);
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= size) return -1;
            int n = (int) Math.min(len, size - pos);
            for (int i = 0; i < n; i++) b[off + i] = (byte) read();
            return n;
        }
    }

    static String sha1Of(InputStream in) throws Exception {
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        byte[] buf = new byte[64 * 1024];
        int n;
        while ((n = in.read(buf)) > 0) sha1.update(buf, 0, n);
        return HexFormat.of().formatHex(sha1.digest());
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void largeDocumentIsStoredAndServedInChunks(TestDatabase.Kind kind) throws Exception {
        long size = 24L * 1024 * 1024 + 3;
        String expected;
        try (InputStream in = new GeneratedStream(size)) {
            expected = sha1Of(in);
        }
        try (TestDatabase db = TestDatabase.create(kind)) {
            XdsStore store = SubmissionTest.open(db);
            DocumentEntry de = entry("Document01", PATIENT);
            de.setHash(expected);
            var request = provide(PATIENT, de, new byte[0]);
            request.getDocuments().get(0).setDataHandler(new jakarta.activation.DataHandler(
                    stream(() -> new GeneratedStream(size), "application/dicom")));
            assertSuccess(store.provideAndRegister(request));
            DocumentEntry stored = SubmissionTest.byUniqueId(store, de.getUniqueId());
            assertEquals(size, stored.getSize());

            RetrievedDocumentSet r = retrieve(store, REPO, de.getUniqueId());
            assertSuccess(r);
            try (InputStream in = r.getDocuments().get(0).getDataHandler().getInputStream()) {
                assertEquals(expected, sha1Of(in));
            }
        }
    }
}
