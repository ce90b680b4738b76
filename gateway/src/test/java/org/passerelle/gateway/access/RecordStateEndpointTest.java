package org.passerelle.gateway.access;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssigningAuthority;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.passerelle.access.JdbcPatientDecisions;
import org.passerelle.cda.metadata.FrenchSubmission;
import org.passerelle.gateway.GatewayConfig;
import org.passerelle.gateway.GatewayServer;
import org.passerelle.gateway.Profile;
import org.passerelle.gateway.RegistryBackend;
import org.passerelle.gateway.XdsClient;
import org.passerelle.registry.PatientRecord;
import org.passerelle.registry.PatientRegistry;
import org.passerelle.testsupport.TestDatabase;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.*;
import static org.passerelle.gateway.access.DmpScenarioTest.build;
import static org.passerelle.gateway.access.DmpScenarioTest.context;
import static org.passerelle.gateway.access.DmpScenarioTest.wire;

/**
 * on a gateway started entirely from its configuration ({@code GatewayServer.start(config)}, fr-dmp,
 * {@code admin.token}): ITI-41 over real SOAP creates the record of a never-seen INS, an administrator's prior
 * decision wins, and {@code GET /admin/record-state} tells a consulting system the record state, its date and reason,
 * the activation and the patient's oppositions before any document query. H2 and PostgreSQL.
 */
class RecordStateEndpointTest {

    static final String TOKEN = "record-state-admin-token-0123456789";
    /** A valid NIR (key checked) on the INS test authority. */
    static final String NEW_INS = "277076322082910";
    static final String NEW_PID = NEW_INS + "^^^&1.2.250.1.213.1.4.10&ISO";

    final HttpClient http = HttpClient.newHttpClient();

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    @DisplayName("R-01: a never-seen valid INS gets an ACTIVE, not activated record on first use, unless an administrator recorded otherwise")
    void R01_recordCreatedOnFirstUseUnlessAnAdministratorDecidedOtherwise(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); GatewayServer server = GatewayServer.start(config(db))) {
            RegistryBackend backend = (RegistryBackend) server.backend();
            XdsClient client = new XdsClient(server);
            FrenchSubmission fs = new FrenchSubmission();
            // an administrator recorded the opposition of the examples' patient before any feeding
            ProvideAndRegisterDocumentSet opposedDoc = build(fs, "IPS-FR_2024.01.xml");
            String opposedPid = DocumentFactsOf.cx(opposedDoc.getSubmissionSet().getPatientId());
            backend.patients().register(opposedPid, null);
            backend.patients().setState(opposedPid, PatientRegistry.State.OPPOSED, "opposition à la création du profil");
            Response refused = client.provideAndRegister(wire(opposedDoc));
            assertEquals(Status.FAILURE, refused.getStatus());
            assertEquals("XDSUnknownPatientId", refused.getErrors().get(0).getErrorCode().getOpcode(), context(refused.getErrors()));
            assertEquals(PatientRegistry.State.OPPOSED, backend.patients().find(opposedPid).orElseThrow().state(), "the decision stands");

            // a never-seen INS: no record before, an ACTIVE one (not activated) after its first submission
            assertTrue(backend.patients().find(NEW_PID).isEmpty());
            ProvideAndRegisterDocumentSet first = build(fs, "AVC-PAVC_2022.01.xml");
            repatient(first, new Identifiable(NEW_INS, new AssigningAuthority("1.2.250.1.213.1.4.10")));
            Response fed = client.provideAndRegister(wire(first));
            assertEquals(Status.SUCCESS, fed.getStatus(), context(fed.getErrors()));
            PatientRecord created = backend.patients().find(NEW_PID).orElseThrow();
            assertEquals(PatientRegistry.State.ACTIVE, created.state());
            assertFalse(created.activated());
            assertNotNull(created.stateSince());
        }
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    @DisplayName("R-07: GET /admin/record-state exposes state, closure date and reason, activation and oppositions before any query")
    void R07_recordStateBeforeAnyQuery(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); GatewayServer server = GatewayServer.start(config(db))) {
            RegistryBackend backend = (RegistryBackend) server.backend();
            // never seen: ACTIVE on first use, marked unknown
            String unknown = get(server, NEW_PID, TOKEN, 200);
            assertJson(unknown, "\"known\":false", "\"state\":\"ACTIVE\"", "\"activated\":false", "\"stateSince\":null");

            backend.patients().register(NEW_PID + "^NH", "DOE^Jane");
            backend.patients().setActivated(NEW_PID, true);
            JdbcPatientDecisions.open(db.dataSource()).setConsultationOpposed(NEW_PID, true);
            JdbcPatientDecisions.open(db.dataSource()).setEmergencyAllowed(NEW_PID, false);
            String active = get(server, NEW_PID + "^NH", TOKEN, 200);
            assertJson(active, "\"known\":true", "\"state\":\"ACTIVE\"", "\"activated\":true", "\"consultationOpposed\":true",
                    "\"emergencyAllowed\":false", "\"patient\":\"" + NEW_PID + "\"");

            Instant before = Instant.now().minusSeconds(1);
            backend.patients().setState(NEW_PID, PatientRegistry.State.CLOSED, "décès");
            String closed = get(server, NEW_PID, TOKEN, 200);
            assertJson(closed, "\"state\":\"CLOSED\"", "\"reason\":\"décès\"");
            Instant closedAt = Instant.parse(closed.replaceAll("(?s).*\"stateSince\":\"([^\"]+)\".*", "$1").trim());
            assertFalse(closedAt.isBefore(before), "the closure date is the state change, not the registration: " + closed);
            assertEquals(backend.patients().find(NEW_PID).orElseThrow().stateSince(), closedAt);

            // secured like the access history; bad input named
            get(server, NEW_PID, null, 401);
            get(server, NEW_PID, "wrong-token-wrong-token", 401);
            assertTrue(get(server, "123^^^&1.2.3.4&ISO", TOKEN, 400).contains("R-70"));
            assertTrue(get(server, "", TOKEN, 400).contains("patient"));
        }
    }

    static GatewayConfig config(TestDatabase db) {
        return GatewayConfig.builder().host("127.0.0.1").port(0).dataSource(db.dataSource()).profile(Profile.FR_DMP)
                .insTestOids(true).cdaValidation(GatewayConfig.CdaMode.OFF).property("admin.token", TOKEN).build();
    }

    /** The same documents for another patient (metadata only: CDA checks are off in these tests). */
    static void repatient(ProvideAndRegisterDocumentSet pnr, Identifiable patient) {
        pnr.getSubmissionSet().setPatientId(patient);
        pnr.getDocuments().forEach(d -> d.getDocumentEntry().setPatientId(patient));
    }

    String get(GatewayServer server, String patient, String token, int expectedStatus) throws Exception {
        HttpRequest.Builder rq = HttpRequest.newBuilder(URI.create(server.baseUrl() + RecordStateHandler.PATH + "?patient="
                + URLEncoder.encode(patient, StandardCharsets.UTF_8))).GET();
        if (token != null) rq.header("Authorization", "Bearer " + token);
        HttpResponse<String> r = http.send(rq.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertEquals(expectedStatus, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        return r.body();
    }

    static void assertJson(String json, String... fragments) {
        for (String f : fragments) assertTrue(json.contains(f), "expected " + f + " in " + json);
    }
}
