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
 * The configurable per-submission content limit (a sanity limit: content is staged in small transactions, so neither
 * H2 nor PostgreSQL needs it to survive a big document, see {@link H2BigDocumentTest}). A submission whose documents
 * exceed it is refused while streaming, nothing is stored (no staged chunk left), and the store keeps working.
 */
class SubmissionContentLimitTest {
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
    void oversizedSubmissionIsRefusedAndNothingIsStored(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            XdsStore store = XdsStore.open(db.dataSource(),
                    RegistryConfig.ihe(REPO).withChunkSize(64 * KB).withMaxSubmissionContent(LIMIT));
            store.patients().register(PATIENT, null);
            String before = AtomicityTest.fingerprint(db.dataSource());

            ProvideAndRegisterDocumentSet big = generatedSubmission(3L * LIMIT);
            String bigUid = big.getDocuments().get(0).getDocumentEntry().getUniqueId();
            Response r = store.provideAndRegister(big);
            assertFailure(r, ErrorCode.REPOSITORY_ERROR);
            String context = r.getErrors().get(0).getCodeContext();
            assertTrue(context.contains(bigUid) && context.contains(String.valueOf(LIMIT)), context);
            assertEquals(before, AtomicityTest.fingerprint(db.dataSource()), "nothing of the refused submission is stored");
            assertEquals(Status.FAILURE, RetrieveTest.retrieve(store, REPO, bigUid).getStatus());

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
                    RegistryConfig.ihe(REPO).withChunkSize(64 * KB).withMaxSubmissionContent(LIMIT));
            store.patients().register(PATIENT, null);
            String before = AtomicityTest.fingerprint(db.dataSource());
            // each document alone is within the limit, both together are not: the first one's staged chunks go too
            assertFailure(store.provideAndRegister(generatedSubmission(LIMIT * 6L / 10, LIMIT * 6L / 10)), ErrorCode.REPOSITORY_ERROR);
            assertEquals(before, AtomicityTest.fingerprint(db.dataSource()));
            // exactly at the limit is accepted
            assertSuccess(store.provideAndRegister(generatedSubmission(LIMIT / 2, LIMIT / 2)));
        }
    }

    @Test
    void noLimitByDefault() {
        assertEquals(Long.MAX_VALUE, RegistryConfig.ihe(REPO).submissionContentLimit());
        assertEquals(5_000_000L, RegistryConfig.frDmp(REPO).withMaxSubmissionContent(5_000_000L).submissionContentLimit());
        assertThrows(IllegalArgumentException.class, () -> RegistryConfig.ihe(REPO).withMaxSubmissionContent(-1));
    }
}
