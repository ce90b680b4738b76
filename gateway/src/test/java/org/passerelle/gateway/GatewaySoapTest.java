package org.passerelle.gateway;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.passerelle.cda.metadata.FrenchSubmission;
import org.passerelle.testsupport.SharedFolder;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SOAP plumbing on an in-memory store: fr-dmp PnR of an ANS example, FindDocuments, Retrieve, health, ?wsdl. */
class GatewaySoapTest {

    static InMemoryBackend backend;
    static GatewayServer server;
    static XdsClient client;

    @BeforeAll
    static void start() {
        backend = new InMemoryBackend();
        server = GatewayServer.start(GatewayConfig.builder().host("127.0.0.1").port(0)
                .kitDir(SharedFolder.ciSis()).insTestOids(true).build(), backend);
        client = new XdsClient(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void provideQueryAndRetrieveAnAnsExampleOverMtom() throws Exception {
        Path file = SharedFolder.ciSis().resolve("examples/IPS-FR_2024.01.xml");
        ProvideAndRegisterDocumentSet pnr = Submissions.french("IPS-FR_2024.01.xml");
        DocumentEntry entry = pnr.getDocuments().get(0).getDocumentEntry();

        Response r = client.provideAndRegister(FrenchSubmission.toEbXml(pnr).getInternal());
        assertEquals(Status.SUCCESS, r.getStatus(), () -> r.getErrors().toString());

        FindDocumentsQuery q = new FindDocumentsQuery();
        q.setPatientId(entry.getPatientId());
        q.setStatus(List.of(AvailabilityStatus.APPROVED));
        QueryResponse found = client.query(new QueryRegistry(q, QueryReturnType.LEAF_CLASS));
        assertEquals(Status.SUCCESS, found.getStatus(), () -> found.getErrors().toString());
        assertTrue(found.getDocumentEntries().stream().anyMatch(e -> e.getUniqueId().equals(entry.getUniqueId())));

        RetrieveDocumentSet rq = new RetrieveDocumentSet();
        rq.getDocuments().add(new DocumentReference(server.repositoryUniqueId(), entry.getUniqueId(), null));
        RetrievedDocumentSet got = client.retrieve(rq);
        assertEquals(Status.SUCCESS, got.getStatus(), () -> got.getErrors().toString());
        assertEquals(1, got.getDocuments().size());
        assertEquals(entry.getMimeType(), got.getDocuments().get(0).getMimeType());
        try (InputStream in = got.getDocuments().get(0).getDataHandler().getInputStream()) {
            assertArrayEquals(Files.readAllBytes(file), in.readAllBytes());
        }

        // one known, one unknown document, one unknown repository: PartialSuccess with the IHE codes
        rq.getDocuments().add(new DocumentReference(server.repositoryUniqueId(), "1.2.3.4.404", null));
        rq.getDocuments().add(new DocumentReference("1.2.3.999", entry.getUniqueId(), null));
        RetrievedDocumentSet partial = client.retrieve(rq);
        assertEquals(Status.PARTIAL_SUCCESS, partial.getStatus());
        assertEquals(1, partial.getDocuments().size());
        assertEquals(java.util.Set.of(ErrorCode.DOCUMENT_UNIQUE_ID_ERROR, ErrorCode.UNKNOWN_REPOSITORY_ID),
                partial.getErrors().stream().map(e -> e.getErrorCode()).collect(java.util.stream.Collectors.toSet()));
        assertEquals(2, partial.getErrors().size());
    }

    @Test
    void frDmpQueriesNameAnInsPatient() {
        FindDocumentsQuery q = new FindDocumentsQuery();
        q.setPatientId(Submissions.nistPatient());
        q.setStatus(List.of(AvailabilityStatus.APPROVED));
        QueryResponse r = client.query(new QueryRegistry(q, QueryReturnType.LEAF_CLASS));
        assertEquals(Status.FAILURE, r.getStatus());
        assertEquals(ErrorCode.REGISTRY_METADATA_ERROR, r.getErrors().get(0).getErrorCode());
        assertTrue(r.getErrors().get(0).getCodeContext().contains("is not an INS"), r.getErrors().get(0).getCodeContext());
    }

    @Test
    void healthReadyAndWsdlAreServed() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(server.healthUrl())).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(server.readyUrl())).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        HttpResponse<String> wsdl = http.send(HttpRequest.newBuilder(URI.create(server.iti41Url() + "?wsdl")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, wsdl.statusCode());
        assertTrue(wsdl.body().contains("urn:ihe:iti:2007:ProvideAndRegisterDocumentSet-b"), wsdl.body());
        assertTrue(wsdl.body().contains(server.iti41Url()), "the served WSDL names the real endpoint address");
    }
}
