package org.passerelle.client;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryType;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.passerelle.cda.metadata.FrenchForms;
import org.passerelle.cda.metadata.SubmissionOptions;
import org.passerelle.gateway.GatewayConfig;
import org.passerelle.gateway.GatewayServer;
import org.passerelle.testsupport.SharedFolder;
import org.passerelle.testsupport.TestDatabase;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The client against a real gateway (SOAP 1.2 / MTOM over HTTP on localhost), registry on H2 and PostgreSQL. */
class ClientGatewayTest {
    static final String SOURCE = "1.2.250.1.999.1.1.7898";

    static GatewayServer start(TestDatabase db, Path dataDir) {
        return GatewayServer.start(GatewayConfig.builder().host("127.0.0.1").port(0).dataDir(dataDir)
                .dataSource(db.dataSource()).kitDir(SharedFolder.ciSis()).insTestOids(true).build());
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void libraryProvideQueryRetrieve(TestDatabase.Kind kind, @TempDir Path dir) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); GatewayServer server = start(db, dir)) {
            XdsClient client = XdsClient.builder().baseUrl(server.baseUrl()).build();
            Path file = ClientTestFiles.example("IPS-FR_2024.01.xml");
            ProvideAndRegisterDocumentSet request = new SubmissionPreparer(null).prepare(List.of(file),
                    SubmissionOptions.of(SOURCE));
            DocumentEntry sent = request.getDocuments().get(0).getDocumentEntry();

            Response r = client.provideAndRegister(request);
            assertEquals(Status.SUCCESS, r.getStatus(), () -> r.getErrors().toString());

            QueryResponse found = client.query(StoredQueries.request(QueryType.FIND_DOCUMENTS, QueryReturnType.LEAF_CLASS,
                    Map.of("$XDSDocumentEntryPatientId", List.of(FrenchForms.render(sent.getPatientId())),
                            "$XDSDocumentEntryStatus", List.of(StoredQueries.APPROVED))));
            assertEquals(Status.SUCCESS, found.getStatus(), () -> found.getErrors().toString());
            DocumentEntry stored = found.getDocumentEntries().stream()
                    .filter(e -> e.getUniqueId().equals(sent.getUniqueId())).findFirst().orElseThrow();
            assertEquals(sent.getTypeCode().getCode(), stored.getTypeCode().getCode());
            assertEquals(sent.getCreationTime().toHL7(), stored.getCreationTime().toHL7());

            RetrieveDocumentSet rq = new RetrieveDocumentSet();
            rq.getDocuments().add(new DocumentReference(stored.getRepositoryUniqueId(), stored.getUniqueId(), null));
            RetrievedDocumentSet got = client.retrieve(rq);
            assertEquals(Status.SUCCESS, got.getStatus(), () -> got.getErrors().toString());
            try (InputStream in = got.getDocuments().get(0).getDataHandler().getInputStream()) {
                assertArrayEquals(Files.readAllBytes(file), in.readAllBytes());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void commandLineSendQueryRetrieveAndRefusal(TestDatabase.Kind kind, @TempDir Path dir) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); GatewayServer server = start(db, dir.resolve("data"))) {
            String file = ClientTestFiles.example("IPS-FR_2024.01.xml").toString();
            CliRun sent = CliRun.of("send", "--url", server.baseUrl(), "--source-id", SOURCE, "--no-validate", file);
            assertEquals(0, sent.exitCode(), sent.toString());
            assertTrue(sent.out().contains("Success"), sent.toString());

            // the same document again: the registry refuses it, exit code 1 and the IHE error code printed
            CliRun again = CliRun.of("send", "--url", server.baseUrl(), "--source-id", SOURCE, "--no-validate", file);
            assertEquals(1, again.exitCode(), again.toString());
            assertTrue(again.out().contains("Failure") && again.out().contains("XDSDuplicateUniqueIdInRegistry"),
                    again.toString());

            var header = new org.passerelle.cda.metadata.CdaHeaderReader().read(Path.of(file));
            String patient = header.patient().ins().extension() + "^^^&" + header.patient().ins().root() + "&ISO^NH";
            CliRun query = CliRun.of("query", "--url", server.baseUrl(), "--type", "FindDocuments",
                    "--patient", patient, "--json");
            assertEquals(0, query.exitCode(), query.toString());
            assertTrue(query.out().contains("\"uniqueId\": \"" + header.id().asUniqueId() + "\""), query.toString());

            Path out = dir.resolve("retrieved");
            CliRun retrieve = CliRun.of("retrieve", "--url", server.baseUrl(), "--repository", server.repositoryUniqueId(),
                    "--document", header.id().asUniqueId(), "--document", "1.2.3.4.404", "--out", out.toString());
            assertEquals(1, retrieve.exitCode(), "one of two documents is unknown: " + retrieve);
            assertTrue(retrieve.out().contains("PartialSuccess"), retrieve.toString());
            try (var files = Files.list(out)) {
                Path written = files.findFirst().orElseThrow();
                assertArrayEquals(Files.readAllBytes(Path.of(file)), Files.readAllBytes(written));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void commandLineMetadataUpdates(TestDatabase.Kind kind, @TempDir Path dir) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); GatewayServer server = start(db, dir)) {
            XdsClient client = XdsClient.builder().baseUrl(server.baseUrl()).build();
            ProvideAndRegisterDocumentSet request = new SubmissionPreparer(null).prepare(
                    List.of(ClientTestFiles.example("IPS-FR_2024.01.xml")), SubmissionOptions.of(SOURCE));
            String uid = request.getDocuments().get(0).getDocumentEntry().getUniqueId();
            Response r = client.provideAndRegister(request);
            assertEquals(Status.SUCCESS, r.getStatus(), () -> r.getErrors().toString());

            CliRun mask = CliRun.of("update", "mask", "--url", server.baseUrl(), "--unique-id", uid, "--source-id", SOURCE);
            assertEquals(0, mask.exitCode(), mask.toString());
            assertTrue(current(client, uid).getConfidentialityCodes().stream().anyMatch(c -> c.getCode().equals("MASQUE_PS")),
                    "new version carries MASQUE_PS");

            CliRun unmask = CliRun.of("update", "unmask", "--url", server.baseUrl(), "--unique-id", uid, "--source-id", SOURCE);
            assertEquals(0, unmask.exitCode(), unmask.toString());
            DocumentEntry v3 = current(client, uid);
            assertTrue(v3.getConfidentialityCodes().stream().noneMatch(c -> c.getCode().equals("MASQUE_PS")));
            assertEquals("3", v3.getVersion().getVersionName());

            CliRun retitle = CliRun.of("update", "new_version", "--url", server.baseUrl(), "--unique-id", uid,
                    "--source-id", SOURCE, "--title", "Synthèse corrigée");
            assertEquals(0, retitle.exitCode(), retitle.toString());
            DocumentEntry v4 = current(client, uid);
            assertEquals("Synthèse corrigée", v4.getTitle().getValue());
            assertEquals("4", v4.getVersion().getVersionName());
            assertEquals(v3.getLogicalUuid(), v4.getLogicalUuid());

            CliRun nothing = CliRun.of("update", "new_version", "--url", server.baseUrl(), "--unique-id", uid,
                    "--source-id", SOURCE);
            assertEquals(2, nothing.exitCode(), nothing.toString());

            // CI-SIS availability statuses (ITI-57 UpdateAvailabilityStatus), standard NewStatus/OriginalStatus slots
            CliRun archive = CliRun.of("update", "archive", "--url", server.baseUrl(), "--unique-id", uid, "--source-id", SOURCE);
            assertEquals(0, archive.exitCode(), archive.toString());
            CliRun unarchive = CliRun.of("update", "unarchive", "--url", server.baseUrl(), "--unique-id", uid, "--source-id", SOURCE);
            assertEquals(0, unarchive.exitCode(), unarchive.toString());
            assertEquals(v4.getLogicalUuid(), current(client, uid).getLogicalUuid(), "Approved again after unarchive");

            CliRun delete = CliRun.of("update", "delete", "--url", server.baseUrl(), "--unique-id", uid, "--source-id", SOURCE);
            assertEquals(0, delete.exitCode(), delete.toString());
            Path out = dir.resolve("after-delete");
            CliRun retrieve = CliRun.of("retrieve", "--url", server.baseUrl(), "--repository", server.repositoryUniqueId(),
                    "--document", uid, "--out", out.toString());
            assertEquals(1, retrieve.exitCode(), "a logically deleted document is no longer retrievable: " + retrieve);
            assertTrue(retrieve.out().contains("XDSDocumentUniqueIdError"), retrieve.toString());
        }
    }

    static DocumentEntry current(XdsClient client, String uid) throws ClientException {
        QueryResponse q = client.query(StoredQueries.request(QueryType.GET_DOCUMENTS, QueryReturnType.LEAF_CLASS,
                Map.of("$XDSDocumentEntryUniqueId", List.of(uid))));
        assertEquals(Status.SUCCESS, q.getStatus(), () -> q.getErrors().toString());
        return q.getDocumentEntries().stream()
                .filter(e -> e.getAvailabilityStatus() == org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus.APPROVED)
                .findFirst().orElseThrow();
    }

    @org.junit.jupiter.api.Test
    void signedSubmissionIsAccepted(@TempDir Path dir) throws Exception {
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2); GatewayServer server = start(db, dir.resolve("data"))) {
            var pki = org.passerelle.certs.SamplePki.generate(dir.resolve("pki"), false);
            CliRun sent = CliRun.of("send", "--url", server.baseUrl(), "--source-id", SOURCE, "--no-validate",
                    "--sign-keystore", pki.establishment(1).sign().keyStore().toString(),
                    "--sign-password", org.passerelle.certs.SamplePki.PASSWORD,
                    ClientTestFiles.example("IPS-FR_2024.01.xml").toString());
            assertEquals(0, sent.exitCode(), sent.toString());
        }
    }
}
