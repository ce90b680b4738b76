package org.passerelle.registry;

import jakarta.activation.DataHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Document;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.passerelle.testsupport.TestDatabase;

import java.io.InputStream;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;
import static org.passerelle.registry.Fixtures.*;

/**
 * The guard that keeps the embedded H2 store alive: H2 holds a transaction's uncommitted pages on the heap, and running
 * out of heap at COMMIT makes it close its store until restart. A submission whose documents exceed the configured
 * per-submission limit is refused while streaming, nothing is stored, and the store keeps working. PostgreSQL has no
 * such limit.
 */
class EmbeddedStoreLimitTest {
    private static final int KB = 1024;
    private static final int LIMIT = 1024 * KB;

    /** {@code size} pseudo-random bytes generated on the fly (never held in memory as a whole). */
    static InputStream generated(long size, long seed) {
        return new InputStream() {
            private final Random random = new Random(seed);
            private long left = size;

            @Override
            public int read() {
                if (left <= 0) return -1;
                left--;
                return random.nextInt(256);
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) return -1;
                int n = (int) Math.min(len, left);
                byte[] r = new byte[n];
                random.nextBytes(r);
                System.arraycopy(r, 0, b, off, n);
                left -= n;
                return n;
            }
        };
    }

    static ProvideAndRegisterDocumentSet generatedSubmission(long... sizes) {
        ProvideAndRegisterDocumentSet r = null;
        for (int i = 0; i < sizes.length; i++) {
            DocumentEntry de = entry("Document0" + i, PATIENT);
            de.setMimeType("application/octet-stream");
            long size = sizes[i];
            long seed = i;
            DataHandler dh = new DataHandler(stream(() -> generated(size, seed), "application/octet-stream"));
            if (r == null) {
                r = provide(PATIENT, de, new byte[0]);
                r.getDocuments().clear();
            } else {
                r.getAssociations().add(member("m" + i, "SubmissionSet01", de.getEntryUuid()));
            }
            r.getDocuments().add(new Document(de, dh));
        }
        return r;
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void oversizedSubmissionIsRefusedOnH2AndStoredOnPostgres(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            XdsStore store = XdsStore.open(db.dataSource(),
                    RegistryConfig.ihe(REPO).withChunkSize(64 * KB).withMaxEmbeddedTransactionContent(LIMIT));
            store.patients().register(PATIENT, null);
            String before = AtomicityTest.fingerprint(db.dataSource());

            ProvideAndRegisterDocumentSet big = generatedSubmission(3L * LIMIT);
            String bigUid = big.getDocuments().get(0).getDocumentEntry().getUniqueId();
            Response r = store.provideAndRegister(big);
            if (kind == TestDatabase.Kind.H2) {
                assertFailure(r, ErrorCode.REPOSITORY_ERROR);
                String context = r.getErrors().get(0).getCodeContext();
                assertTrue(context.contains(bigUid) && context.contains(String.valueOf(LIMIT))
                        && context.contains("embedded H2") && context.contains("PostgreSQL"), context);
                assertEquals(before, AtomicityTest.fingerprint(db.dataSource()), "nothing of the refused submission is stored");
                assertEquals(Status.FAILURE, RetrieveTest.retrieve(store, REPO, bigUid).getStatus());
            } else {
                assertSuccess(r);
                RetrievedDocumentSet got = RetrieveTest.retrieve(store, REPO, bigUid);
                assertEquals(Status.SUCCESS, got.getStatus());
                try (InputStream in = got.getDocuments().get(0).getDataHandler().getInputStream();
                     InputStream expected = generated(3L * LIMIT, 0)) {
                    assertArrayEquals(expected.readAllBytes(), in.readAllBytes());
                }
            }

            // the store keeps working: a submission within the limit is stored and retrievable
            byte[] small = new byte[LIMIT / 2];
            new Random(7).nextBytes(small);
            DocumentEntry de = entry("Document01", PATIENT);
            assertSuccess(store.provideAndRegister(provide(PATIENT, de, small)));
            RetrievedDocumentSet got = RetrieveTest.retrieve(store, REPO, de.getUniqueId());
            assertEquals(Status.SUCCESS, got.getStatus(), () -> got.getErrors().toString());
            try (InputStream in = got.getDocuments().get(0).getDataHandler().getInputStream()) {
                assertArrayEquals(small, in.readAllBytes());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void limitCountsEveryDocumentOfTheSubmission(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            XdsStore store = XdsStore.open(db.dataSource(),
                    RegistryConfig.ihe(REPO).withChunkSize(64 * KB).withMaxEmbeddedTransactionContent(LIMIT));
            store.patients().register(PATIENT, null);
            String before = AtomicityTest.fingerprint(db.dataSource());
            // each document alone is within the limit, both together are not
            ProvideAndRegisterDocumentSet two = generatedSubmission(LIMIT * 6L / 10, LIMIT * 6L / 10);
            Response r = store.provideAndRegister(two);
            if (kind == TestDatabase.Kind.H2) {
                assertFailure(r, ErrorCode.REPOSITORY_ERROR);
                assertEquals(before, AtomicityTest.fingerprint(db.dataSource()));
                // exactly at the limit is accepted
                assertSuccess(store.provideAndRegister(generatedSubmission(LIMIT / 2, LIMIT / 2)));
            } else {
                assertSuccess(r);
            }
        }
    }

    @Test
    void defaultLimitIsATenthOfTheHeap() {
        assertEquals(Runtime.getRuntime().maxMemory() / 10, RegistryConfig.ihe(REPO).embeddedContentLimit());
        assertEquals(5_000_000L, RegistryConfig.frDmp(REPO).withMaxEmbeddedTransactionContent(5_000_000L).embeddedContentLimit());
        assertThrows(IllegalArgumentException.class, () -> RegistryConfig.ihe(REPO).withMaxEmbeddedTransactionContent(-1));
    }
}
