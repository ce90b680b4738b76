package org.passerelle.registry;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.passerelle.testsupport.TestDatabase;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.*;
import static org.passerelle.registry.Fixtures.*;

/** Two stores with separate pools on one database behave as stateless nodes of one registry. */
class ClusterTest {

    static HikariDataSource secondPool(TestDatabase db) {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(db.jdbcUrl());
        cfg.setUsername(db.user());
        cfg.setPassword("");
        cfg.setMaximumPoolSize(4);
        cfg.setPoolName("node-b");
        return new HikariDataSource(cfg);
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void nodesSeeEachOthersDataImmediately(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); HikariDataSource poolB = secondPool(db)) {
            XdsStore nodeA = XdsStore.open(db.dataSource(), RegistryConfig.ihe(REPO));
            XdsStore nodeB = XdsStore.open(poolB, RegistryConfig.ihe(REPO));
            nodeA.patients().register(PATIENT, null);
            assertTrue(nodeB.patients().find(PATIENT).isPresent());

            byte[] content = text("written by node A");
            DocumentEntry de = entry("Document01", PATIENT);
            assertSuccess(nodeA.provideAndRegister(provide(PATIENT, de, content)));
            assertEquals(1, SubmissionTest.findDocuments(nodeB, PATIENT, AvailabilityStatus.APPROVED).size());
            assertArrayEquals(content, RetrieveTest.retrieve(nodeB, REPO, de.getUniqueId()).getDocuments().get(0)
                    .getDataHandler().getInputStream().readAllBytes());

            nodeB.patients().setState(PATIENT, PatientRegistry.State.CLOSED, "fermé sur le nœud B");
            assertFailure(nodeA.register(register(PATIENT, entry("Document02", PATIENT))),
                    org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode.UNKNOWN_PATIENT_ID);
        }
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void concurrentSubmissionsOfOneUniqueIdStoreItOnce(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); HikariDataSource poolB = secondPool(db)) {
            XdsStore nodeA = XdsStore.open(db.dataSource(), RegistryConfig.ihe(REPO));
            XdsStore nodeB = XdsStore.open(poolB, RegistryConfig.ihe(REPO));
            nodeA.patients().register(PATIENT, null);
            String uid = oid();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Response>> results = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    XdsStore node = i % 2 == 0 ? nodeA : nodeB;
                    results.add(pool.submit(() -> {
                        DocumentEntry de = entry("Document01", PATIENT);
                        de.setUniqueId(uid);
                        start.await();
                        return node.provideAndRegister(provide(PATIENT, de, text("same content")));
                    }));
                }
                start.countDown();
                int ok = 0;
                for (Future<Response> f : results) if (f.get().getStatus() == Status.SUCCESS) ok++;
                assertEquals(1, ok, "exactly one concurrent submission of uniqueId " + uid + " succeeds");
            } finally {
                pool.shutdownNow();
            }
            assertEquals(1, SubmissionTest.findDocuments(nodeB, PATIENT, AvailabilityStatus.APPROVED).size());
        }
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void concurrentFirstSubmissionsForOneNewInsPatientAllSucceed(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); HikariDataSource poolB = secondPool(db)) {
            XdsStore nodeA = XdsStore.open(db.dataSource(), RegistryConfig.frDmp(REPO));
            XdsStore nodeB = XdsStore.open(poolB, RegistryConfig.frDmp(REPO));
            String ins = "279035121518989^^^&1.2.250.1.213.1.4.10&ISO";
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Response>> results = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    XdsStore node = i % 2 == 0 ? nodeA : nodeB;
                    results.add(pool.submit(() -> {
                        var request = register(ins, entry("Document01", ins));
                        start.await();
                        return node.register(request);
                    }));
                }
                start.countDown();
                for (Future<Response> f : results) assertSuccess(f.get());
            } finally {
                pool.shutdownNow();
            }
            assertEquals(4, SubmissionTest.findDocuments(nodeA, ins, AvailabilityStatus.APPROVED).size());
            assertEquals(PatientRegistry.State.ACTIVE, nodeB.patients().find(ins).orElseThrow().state());
        }
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void concurrentReplacementsOfOneDocumentLeaveOneApprovedReplacement(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); HikariDataSource poolB = secondPool(db)) {
            XdsStore nodeA = XdsStore.open(db.dataSource(), RegistryConfig.ihe(REPO));
            XdsStore nodeB = XdsStore.open(poolB, RegistryConfig.ihe(REPO));
            nodeA.patients().register(PATIENT, null);
            DocumentEntry original = entry("Document01", PATIENT);
            assertSuccess(nodeA.register(register(PATIENT, original)));
            String originalUuid = original.getEntryUuid();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            int ok = 0;
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Response>> results = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    XdsStore node = i % 2 == 0 ? nodeA : nodeB;
                    results.add(pool.submit(() -> {
                        var request = register(PATIENT, entry("Replacement", PATIENT));
                        request.getAssociations().add(assoc(org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationType.REPLACE,
                                "rplc", "Replacement", originalUuid));
                        start.await();
                        return node.register(request);
                    }));
                }
                start.countDown();
                for (Future<Response> f : results) if (f.get().getStatus() == Status.SUCCESS) ok++;
            } finally {
                pool.shutdownNow();
            }
            assertEquals(1, ok, "exactly one of four concurrent replacements succeeds");
            assertEquals(1, SubmissionTest.findDocuments(nodeB, PATIENT, AvailabilityStatus.APPROVED).size());
            assertEquals(1, SubmissionTest.findDocuments(nodeB, PATIENT, AvailabilityStatus.DEPRECATED).size());
        }
    }
}
