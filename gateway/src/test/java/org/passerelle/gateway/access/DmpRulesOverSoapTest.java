package org.passerelle.gateway.access;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.passerelle.access.AccessRules;
import org.passerelle.access.AccessRulesConfig;
import org.passerelle.access.Consent;
import org.passerelle.access.HabilitationMatrix;
import org.passerelle.access.JdbcPatientDecisions;
import org.passerelle.audit.AccessHistoryEntry;
import org.passerelle.audit.AuditEvent;
import org.passerelle.audit.AuditTrail;
import org.passerelle.cda.metadata.FrenchSubmission;
import org.passerelle.gateway.Backends;
import org.passerelle.gateway.DocumentCheck;
import org.passerelle.gateway.GatewayConfig;
import org.passerelle.gateway.GatewayServer;
import org.passerelle.gateway.Profile;
import org.passerelle.gateway.RegistryBackend;
import org.passerelle.gateway.XdsClient;
import org.passerelle.gateway.audit.AtnaTransactionAuditor;
import org.passerelle.gateway.spi.Caller;
import org.passerelle.gateway.spi.RequestAuthenticator;
import org.passerelle.registry.PatientRegistry;
import org.passerelle.testsupport.TestDatabase;

import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;
import static org.passerelle.gateway.access.DmpScenarioTest.*;

/**
 * Rules of §1, §2, §4 and §5 of docs/dmp-access-rules.md end to end: real SOAP 1.2/MTOM on localhost, the registry
 * store and the patient decisions on H2 and PostgreSQL, the real policy and hash-chained audit. Callers are injected
 * as the VIHF layer hands them over (patient-side callers are recognised by their role 1, {@code access.patient-roles}).
 * Each test starts from an empty database with three documents of one patient fed by professionals.
 */
class DmpRulesOverSoapTest {

    static final String PATIENT_ROLE = "PATIENT";
    /** The scenario matrix plus the medico-social coordination profile (R-15: profession 95, activity genre GEN05). */
    static final String MATRIX = """
            profile MEDECIN | 10 | * | * | Médecins
            profile INFIRMIER | 60 69 | * | * | Infirmiers
            profile MS_COORD | 95 | * | GEN05 | Coordination et orientation
            table test | MEDECIN INFIRMIER MS_COORD
            row 60591-5 | 60591-5 | Synthèse | X . .
            row 11488-4 | 11488-4 | CR de consultation | X X X
            row 11502-2 | 11502-2 | CR de biologie | X . .
            """;

    final AtomicReference<Caller> current = new AtomicReference<>();

    /** One gateway with its collaborators, and the three documents already fed. */
    record World(XdsClient client, GatewayServer server, RegistryBackend backend, JdbcPatientDecisions decisions,
                 AuditTrail trail, Identifiable patient, String pid, ProvideAndRegisterDocumentSet synthese,
                 ProvideAndRegisterDocumentSet consult, ProvideAndRegisterDocumentSet bio, Caller author) { }

    interface Scenario { void run(World w) throws Exception; }

    void withWorld(TestDatabase.Kind kind, Scenario scenario) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            GatewayConfig config = GatewayConfig.builder().host("127.0.0.1").port(0).dataSource(db.dataSource())
                    .profile(Profile.FR_DMP).insTestOids(true).cdaValidation(GatewayConfig.CdaMode.OFF).build();
            RegistryBackend backend = Backends.open(config);
            JdbcPatientDecisions decisions = JdbcPatientDecisions.open(db.dataSource());
            AccessRules rules = new AccessRules(HabilitationMatrix.parse(new StringReader(MATRIX), "rules-over-soap"),
                    AccessRulesConfig.defaults().withTestMode(true));
            RequestAuthenticator injected = (tx, header, cert) -> current.get();
            try (AuditTrail trail = AuditTrail.open(db.dataSource(), AuditTrail.Config.forNode("rules-over-soap"))) {
                AtnaTransactionAuditor auditor = new AtnaTransactionAuditor(trail);
                DmpAccessPolicy policy = new DmpAccessPolicy(rules, new RegistryPatientRecords(backend.patients()), decisions,
                        DocumentLookup.viaQueries(backend.store()::query, backend.store()::documentStatus),
                        new CallerActors(Set.of(PATIENT_ROLE), Set.of()), null).withAuditor(auditor);
                try (GatewayServer server = GatewayServer.start(config, backend, DocumentCheck.NONE, injected, policy, auditor)) {
                    FrenchSubmission fs = new FrenchSubmission();
                    ProvideAndRegisterDocumentSet synthese = build(fs, "IPS-FR_2024.01.xml");
                    ProvideAndRegisterDocumentSet consult = build(fs, "AVC-PAVC_2022.01.xml");
                    ProvideAndRegisterDocumentSet bio = build(fs, "BIO-CR-BIO_2021.01_CDA-R2-Niveau-1.xml");
                    DocumentEntry entry = synthese.getDocuments().get(0).getDocumentEntry();
                    String pid = DocumentFactsOf.cx(entry.getPatientId());
                    Caller author = caller(entry.getAuthors().get(0).getAuthorPerson().getId().getId(), HOSPITAL, "10", "normal", "INDIRECTE", pid);
                    XdsClient client = new XdsClient(server);
                    current.set(author);
                    for (ProvideAndRegisterDocumentSet pnr : List.of(synthese, consult, bio)) assertSuccess(client.provideAndRegister(wire(pnr)));
                    decisions.grantConsent(pid, new Consent(Consent.Scope.CARE_TEAM, HOSPITAL, Instant.now().minusSeconds(60), null));
                    scenario.run(new World(client, server, backend, decisions, trail, entry.getPatientId(), pid, synthese, consult, bio, author));
                }
            } finally {
                backend.close();
            }
        }
    }

    /** A patient-side caller as the VIHF layer describes him: role 1 PATIENT, NameID and resource-id his INS. */
    static Caller patientCaller(String pid) {
        return new Caller(pid, "Patient", null, null, null, List.of(PATIENT_ROLE + "@1.2.250.1.999.9"), "DIRECTE", "normal",
                pid, "_" + UUID.randomUUID(), null, Map.of());
    }

    static Caller withRoles(Caller c, String... extraRoles) {
        List<String> roles = new ArrayList<>(c.roles());
        roles.addAll(List.of(extraRoles));
        return new Caller(c.subjectId(), c.subjectName(), c.structureId(), c.professionCode(), c.specialtyCode(), roles,
                c.authMode(), c.purposeOfUse(), c.resourceId(), "_" + UUID.randomUUID(), null, c.attributes());
    }

    static List<String> types(QueryResponse r) {
        return r.getDocumentEntries().stream().map(e -> e.getTypeCode().getCode()).sorted().toList();
    }

    // ---------------------------------------------------------------- §1

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    @DisplayName("R-03: the patient can neither consult, feed nor mask until he activates Mon espace santé; professionals are unaffected")
    void R03_patientSideAccessFollowsTheActivationFlag(TestDatabase.Kind kind) throws Exception {
        withWorld(kind, w -> {
            FrenchSubmission fs = new FrenchSubmission();
            Caller patient = patientCaller(w.pid());
            assertFalse(w.backend().patients().find(w.pid()).orElseThrow().activated(), "R-01: not activated on first use");

            current.set(patient);
            assertFailure(find(w.client(), w.patient()), "R-03");
            assertRefused(w.client().provideAndRegister(wire(build(fs, "BIO-CR-BIO_2021.01_CR-2nde-intention.xml"))), "R-03");
            current.set(w.author());
            DocumentEntry stored = byUniqueId(find(w.client(), w.patient()), w.synthese().getDocuments().get(0).getDocumentEntry().getUniqueId());
            current.set(patient);
            assertRefused(w.client().update(newVersion(w.synthese(), stored, true)), "R-03");
            RetrievedDocumentSet retrieve = w.client().retrieve(retrieveOf(w.server(), w.consult()));
            assertEquals(Status.FAILURE, retrieve.getStatus());
            assertTrue(context(retrieve.getErrors()).contains("R-03:"), context(retrieve.getErrors()));
            current.set(w.author());
            assertEquals(3, find(w.client(), w.patient()).getDocumentEntries().size(), "professionals consult a record the patient did not activate");

            w.backend().patients().setActivated(w.pid(), true);
            current.set(patient);
            assertEquals(3, find(w.client(), w.patient()).getDocumentEntries().size(), "the activated patient sees his record");
            assertEquals(Status.SUCCESS, w.client().retrieve(retrieveOf(w.server(), w.consult())).getStatus());
            assertSuccess(w.client().provideAndRegister(wire(build(fs, "BIO-CR-BIO_2021.01_CR-2nde-intention.xml"))));
            assertSuccess(w.client().update(newVersion(w.synthese(), stored, true)));
            current.set(w.author());
            assertEquals(4, find(w.client(), w.patient()).getDocumentEntries().size(), "the author sees the patient's document and his own masked one");

            w.backend().patients().setActivated(w.pid(), false);
            current.set(patient);
            assertFailure(find(w.client(), w.patient()), "R-03");
        });
    }

    // ---------------------------------------------------------------- §2

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    @DisplayName("R-13: every matrix refusal is audited with the caller, the typeCode and the reason (ITI-43 refusals and ITI-18 omissions)")
    void R13_matrixRefusalsAreAudited(TestDatabase.Kind kind) throws Exception {
        withWorld(kind, w -> {
            Caller nurse = caller("860000000003", HOSPITAL, "60", "normal", "INDIRECTE", w.pid());
            String bioUid = w.bio().getDocuments().get(0).getDocumentEntry().getUniqueId();
            String syntheseUid = w.synthese().getDocuments().get(0).getDocumentEntry().getUniqueId();
            current.set(nurse);
            assertEquals(List.of("11488-4"), types(find(w.client(), w.patient())));
            RetrievedDocumentSet refused = w.client().retrieve(retrieveOf(w.server(), w.bio()));
            assertEquals(Status.FAILURE, refused.getStatus());
            current.set(w.author());
            assertEquals(3, find(w.client(), w.patient()).getDocumentEntries().size(), "the physician's query withholds nothing");

            w.trail().flush();
            List<AccessHistoryEntry> h = w.trail().history(w.pid(), null, null);
            AccessHistoryEntry retrieveRefusal = h.stream().filter(e -> "ITI-43".equals(e.transaction()) && "R-11".equals(e.ruleId()))
                    .findFirst().orElseThrow(() -> new AssertionError("no audited ITI-43 matrix refusal in " + h));
            assertEquals("860000000003", retrieveRefusal.userId());
            assertNotEquals(AuditEvent.Outcome.SUCCESS, retrieveRefusal.outcome());
            assertTrue(retrieveRefusal.detail().contains("11502-2") && retrieveRefusal.detail().contains("60"), retrieveRefusal.detail());
            List<AccessHistoryEntry> omissions = h.stream().filter(e -> "ITI-18".equals(e.transaction())
                    && e.outcome() == AuditEvent.Outcome.REFUSED).toList();
            assertEquals(1, omissions.size(), "one audited omission: the nurse's query, not the physician's: " + omissions);
            AccessHistoryEntry omission = omissions.get(0);
            assertEquals("860000000003", omission.userId());
            assertEquals("R-11", omission.ruleId());
            assertEquals(Set.of(bioUid, syntheseUid), Set.copyOf(omission.documentIds()));
            assertTrue(omission.detail().contains("typeCode 11502-2") && omission.detail().contains("typeCode 60591-5")
                    && omission.detail().contains("profession 60"), omission.detail());
            assertTrue(w.trail().verifyChain().intact());
        });
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    @DisplayName("R-14 / R-15: what a professional sees is exactly what the matrix gives his profession and activity genre (medico-social roles included)")
    void R14_R15_theMatrixAloneDecidesWhatIsShown(TestDatabase.Kind kind) throws Exception {
        withWorld(kind, w -> {
            Caller coordination = withRoles(caller("895000000001", HOSPITAL, "95", "normal", "INDIRECTE", w.pid()),
                    "GEN05@1.2.250.1.213.1.1.4.9");
            Caller medicoSocialWithoutGenre = caller("895000000002", HOSPITAL, "95", "normal", "INDIRECTE", w.pid());
            current.set(coordination);
            assertEquals(List.of("11488-4"), types(find(w.client(), w.patient())));
            assertEquals(Status.SUCCESS, w.client().retrieve(retrieveOf(w.server(), w.consult())).getStatus());
            current.set(medicoSocialWithoutGenre);
            QueryResponse none = find(w.client(), w.patient());
            assertEquals(Status.SUCCESS, none.getStatus(), "withheld documents are absent, not an error");
            assertTrue(none.getDocumentEntries().isEmpty(), "profession 95 without an activity genre of the matrix sees nothing");
            current.set(w.author());
            assertEquals(List.of("11488-4", "11502-2", "60591-5"), types(find(w.client(), w.patient())));
        });
    }

    // ---------------------------------------------------------------- §3

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    @DisplayName("R-24: temporary access codes are not a gateway transaction: neither a claimed code nor an unknown mode widens access")
    void R24_noTemporaryAccessCodeTransaction(TestDatabase.Kind kind) throws Exception {
        withWorld(kind, w -> {
            Caller outsider = caller("810000000004", CLINIC, "10", "normal", "INDIRECTE", w.pid());
            current.set(outsider);
            assertFailure(find(w.client(), w.patient()), "R-20");
            // a VIHF attribute claiming a temporary code given by the patient is not a consent
            current.set(new Caller(outsider.subjectId(), outsider.subjectName(), CLINIC, "10", "SM26", outsider.roles(),
                    "INDIRECTE", "normal", w.pid(), "_" + UUID.randomUUID(), null,
                    Map.of("Code_Acces_Temporaire", List.of("739215"), "Duree_Acces", List.of("PT2H"))));
            assertFailure(find(w.client(), w.patient()), "R-20");
            // nor is a purposeofuse outside TRE_R248 (normal, bris_de_glace, centre_15)
            current.set(caller(outsider.subjectId(), CLINIC, "10", "acces_temporaire", "INDIRECTE", w.pid()));
            QueryResponse mode = find(w.client(), w.patient());
            assertEquals(Status.FAILURE, mode.getStatus());
            assertTrue(context(mode.getErrors()).contains("acces_temporaire"), context(mode.getErrors()));
            RetrievedDocumentSet retrieve = w.client().retrieve(retrieveOf(w.server(), w.consult()));
            assertEquals(Status.FAILURE, retrieve.getStatus());
            assertTrue(retrieve.getDocuments().isEmpty());
            // and the gateway has no endpoint for such codes
            java.net.http.HttpResponse<String> none = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(w.server().baseUrl() + "/xds/temporary-access"))
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("<code>739215</code>")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertTrue(none.statusCode() == 404 || none.statusCode() == 405, "no such endpoint: " + none.statusCode());
        });
    }

    // ---------------------------------------------------------------- §4

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    @DisplayName("R-32: bris de glace never bypasses masking, the matrix, a block, an opposition to consultation or a closed record")
    void R32_emergencyNeverBypasses(TestDatabase.Kind kind) throws Exception {
        withWorld(kind, w -> {
            Caller emergencyDoctor = caller("810000000004", CLINIC, "10", "bris_de_glace", "INDIRECTE", w.pid());
            Caller emergencyNurse = caller("860000000005", CLINIC, "60", "bris_de_glace", "INDIRECTE", w.pid());
            String syntheseUid = w.synthese().getDocuments().get(0).getDocumentEntry().getUniqueId();
            current.set(emergencyDoctor);
            assertEquals(3, find(w.client(), w.patient()).getDocumentEntries().size(), "bris de glace opens the record without consent");
            // masking
            current.set(w.author());
            assertSuccess(w.client().update(newVersion(w.synthese(), byUniqueId(find(w.client(), w.patient()), syntheseUid), true)));
            current.set(emergencyDoctor);
            assertNull(byUniqueIdOrNull(find(w.client(), w.patient()), syntheseUid));
            RetrievedDocumentSet masked = w.client().retrieve(retrieveOf(w.server(), w.synthese()));
            assertTrue(context(masked.getErrors()).contains("R-40:"), context(masked.getErrors()));
            // the matrix
            current.set(emergencyNurse);
            assertEquals(List.of("11488-4"), types(find(w.client(), w.patient())));
            RetrievedDocumentSet bio = w.client().retrieve(retrieveOf(w.server(), w.bio()));
            assertTrue(context(bio.getErrors()).contains("R-11:"), context(bio.getErrors()));
            // a block
            w.decisions().block(w.pid(), emergencyDoctor.subjectId());
            current.set(emergencyDoctor);
            assertTrue(find(w.client(), w.patient()).getDocumentEntries().isEmpty());
            w.decisions().unblock(w.pid(), emergencyDoctor.subjectId());
            // an opposition to consultation
            w.decisions().setConsultationOpposed(w.pid(), true);
            assertTrue(find(w.client(), w.patient()).getDocumentEntries().isEmpty());
            RetrievedDocumentSet opposed = w.client().retrieve(retrieveOf(w.server(), w.consult()));
            assertTrue(context(opposed.getErrors()).contains("R-05:"), context(opposed.getErrors()));
            w.decisions().setConsultationOpposed(w.pid(), false);
            // a closed record
            w.backend().patients().setState(w.pid(), PatientRegistry.State.CLOSED, "décès");
            QueryResponse closed = find(w.client(), w.patient());
            assertEquals(Status.FAILURE, closed.getStatus());
            assertEquals("XDSUnknownPatientId", closed.getErrors().get(0).getErrorCode().getOpcode(), context(closed.getErrors()));
        });
    }

    // ---------------------------------------------------------------- §6

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    @DisplayName("R-53: feeding obligations are not enforced: a record with no documents is valid and a withheld sending raises nothing")
    void R53_noFeedingObligationIsEnforced(TestDatabase.Kind kind) throws Exception {
        withWorld(kind, w -> {
            // a patient whose professionals sent nothing yet: a registered record, consented, empty
            Identifiable other = new Identifiable("277076322082910", new org.openehealth.ipf.commons.ihe.xds.core.metadata.AssigningAuthority("1.2.250.1.213.1.4.10"));
            String otherPid = DocumentFactsOf.cx(other);
            w.backend().patients().register(otherPid, null);
            w.decisions().grantConsent(otherPid, new Consent(Consent.Scope.CARE_TEAM, HOSPITAL, Instant.now().minusSeconds(60), null));
            current.set(caller(w.author().subjectId(), HOSPITAL, "10", "normal", "INDIRECTE", otherPid));
            QueryResponse empty = find(w.client(), other);
            assertEquals(Status.SUCCESS, empty.getStatus());
            assertTrue(empty.getDocumentEntries().isEmpty());
            assertTrue(empty.getErrors().isEmpty(), "no error nor warning about missing documents: " + context(empty.getErrors()));
            // the professional sends one document of the episode and withholds the other: accepted, nothing pending
            FrenchSubmission fs = new FrenchSubmission();
            ProvideAndRegisterDocumentSet sent = build(fs, "BIO-CR-BIO_2021.01_CR-2nde-intention.xml");
            RecordStateEndpointTest.repatient(sent, other);
            org.openehealth.ipf.commons.ihe.xds.core.responses.Response r = w.client().provideAndRegister(wire(sent));
            assertEquals(Status.SUCCESS, r.getStatus(), context(r.getErrors()));
            assertTrue(r.getErrors().isEmpty(), context(r.getErrors()));
            assertEquals(1, find(w.client(), other).getDocumentEntries().size());
        });
    }

    // ---------------------------------------------------------------- §5

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    @DisplayName("R-45: masking deletes nothing: the document stays Approved in the registry, seen by its author and the patient")
    void R45_maskingNeverDeletes(TestDatabase.Kind kind) throws Exception {
        withWorld(kind, w -> {
            String uid = w.synthese().getDocuments().get(0).getDocumentEntry().getUniqueId();
            Caller colleague = caller("810000000002", HOSPITAL, "10", "normal", "INDIRECTE", w.pid());
            current.set(w.author());
            assertSuccess(w.client().update(newVersion(w.synthese(), byUniqueId(find(w.client(), w.patient()), uid), true)));
            assertEquals(java.util.Optional.of("urn:oasis:names:tc:ebxml-regrep:StatusType:Approved"), w.backend().store().documentStatus(uid));
            DocumentEntry mine = byUniqueId(find(w.client(), w.patient()), uid);
            assertTrue(mine.getConfidentialityCodes().stream().anyMatch(c -> "MASQUE_PS".equals(c.getCode())));
            assertEquals(Status.SUCCESS, w.client().retrieve(retrieveOf(w.server(), w.synthese())).getStatus(), "the author still retrieves it");
            w.backend().patients().setActivated(w.pid(), true);
            current.set(patientCaller(w.pid()));
            assertNotNull(byUniqueIdOrNull(find(w.client(), w.patient()), uid), "the patient still sees it");
            current.set(colleague);
            assertNull(byUniqueIdOrNull(find(w.client(), w.patient()), uid), "hidden from other professionals");
            // unmasking brings it back unchanged
            current.set(w.author());
            assertSuccess(w.client().update(newVersion(w.synthese(), byUniqueId(find(w.client(), w.patient()), uid), false)));
            current.set(colleague);
            DocumentEntry back = byUniqueId(find(w.client(), w.patient()), uid);
            assertEquals(mine.getHash(), back.getHash());
            assertEquals(mine.getSize(), back.getSize());
        });
    }
}
