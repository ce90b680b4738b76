package org.passerelle.gateway.rules;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.passerelle.gateway.GatewayServer;
import org.passerelle.gateway.Profile;
import org.passerelle.gateway.XdsClient;
import org.passerelle.testsupport.TestDatabase;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.passerelle.gateway.rules.RuleGateways.assertSuccess;

/**
 * integrated consultation from a DPI, over real HTTP/SOAP on H2 and PostgreSQL: without a click the DPI learns
 * whether the record is open (R-07 record-state endpoint); one FindDocuments gives what is needed to choose a
 * document without opening it (author and institution, type, class, dates, status, title, size, MIME type,
 * repository), and ITI-43 downloads it byte for byte to integrate it.
 */
@DisplayName("R-90 integrated consultation: record state, rich ITI-18 metadata to choose, ITI-43 download to integrate")
class IntegratedConsultationTest {
    static final String EXAMPLE = "IPS-FR_2024.01.xml";
    static final String TOKEN = "r90-integrated-consultation-token";

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void r90RecordStateMetadataAndDownload(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind);
             GatewayServer server = GatewayServer.start(RuleGateways.config(db, Profile.FR_DMP)
                     .property("admin.token", TOKEN).build())) {
            XdsClient client = new XdsClient(server);
            ProvideAndRegisterDocumentSet pnr = RuleGateways.french(RuleGateways.example(EXAMPLE));
            DocumentEntry sent = pnr.getDocuments().get(0).getDocumentEntry();
            assertSuccess(client.provideAndRegister(RuleGateways.frenchWire(pnr)));

            // without a click: is the record open? (R-07 endpoint)
            String ins = RuleGateways.cx(sent.getPatientId());
            HttpResponse<String> state = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                            server.baseUrl() + "/admin/record-state?patient=" + URLEncoder.encode(ins, StandardCharsets.UTF_8)))
                    .header("Authorization", "Bearer " + TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, state.statusCode(), state.body());
            assertTrue(state.body().contains("\"state\":\"ACTIVE\""), state.body());
            assertTrue(state.body().contains("\"known\":true"), state.body());

            // one query: enough to choose the document
            DocumentEntry found = IdempotentSubmissionTest.find(client, sent).getDocumentEntries().get(0);
            assertEquals(sent.getUniqueId(), found.getUniqueId());
            assertEquals(AvailabilityStatus.APPROVED, found.getAvailabilityStatus());
            assertEquals(sent.getTypeCode(), found.getTypeCode());
            assertEquals(sent.getClassCode(), found.getClassCode());
            assertEquals(sent.getTitle(), found.getTitle());
            assertEquals(sent.getCreationTime(), found.getCreationTime());
            assertEquals(sent.getServiceStartTime(), found.getServiceStartTime());
            assertFalse(found.getAuthors().isEmpty());
            assertEquals(sent.getAuthors().get(0).getAuthorPerson(), found.getAuthors().get(0).getAuthorPerson());
            assertEquals(sent.getAuthors().get(0).getAuthorInstitution(), found.getAuthors().get(0).getAuthorInstitution());
            assertEquals("text/xml", found.getMimeType());
            byte[] file = Files.readAllBytes(RuleGateways.example(EXAMPLE));
            assertEquals(file.length, found.getSize());
            assertNotNull(found.getRepositoryUniqueId());

            // and the download, byte for byte
            assertArrayEquals(file, IdempotentSubmissionTest.retrieve(client, server, found.getUniqueId()));
        }
    }
}
