package org.passerelle.gateway.access;

import org.passerelle.gateway.XdsClient;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Association;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationLabel;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Code;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.LocalizedString;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.SubmissionSet;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Timestamp;
import org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.passerelle.access.AccessRules;
import org.passerelle.access.AccessRulesConfig;
import org.passerelle.access.Consent;
import org.passerelle.access.HabilitationMatrix;
import org.passerelle.access.JdbcPatientDecisions;
import org.passerelle.audit.AccessHistoryEntry;
import org.passerelle.audit.AuditReader;
import org.passerelle.audit.AuditTrail;
import org.passerelle.audit.ChainVerification;
import org.passerelle.audit.LogNotificationSender;
import org.passerelle.audit.Notification;
import org.passerelle.audit.NotificationOutbox;
import org.passerelle.cda.metadata.CdaDocument;
import org.passerelle.cda.metadata.FrenchSubmission;
import org.passerelle.cda.metadata.MetadataOverrides;
import org.passerelle.cda.metadata.SubmissionOptions;
import org.passerelle.gateway.Backends;
import org.passerelle.gateway.DocumentCheck;
import org.passerelle.gateway.GatewayConfig;
import org.passerelle.gateway.GatewayServer;
import org.passerelle.gateway.Profile;
import org.passerelle.gateway.RegistryBackend;
import org.passerelle.gateway.audit.AtnaTransactionAuditor;
import org.passerelle.gateway.spi.Caller;
import org.passerelle.gateway.spi.RequestAuthenticator;
import org.passerelle.registry.PatientRegistry;
import org.passerelle.testsupport.SharedFolder;
import org.passerelle.testsupport.TestDatabase;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The DMP rules end to end: real SOAP 1.2/MTOM over HTTP on localhost, the real registry store on H2 and
 * PostgreSQL, the real DMP policy and the real hash-chained audit. The caller is injected as the security layer
 * would hand it over after verifying a VIHF (the VIHF/mTLS request authenticator is another module's work).
 */
class DmpScenarioTest {

    static final String HOSPITAL = "1750712184";
    static final String CLINIC = "1130000001";
    static final String MATRIX = """
            profile MEDECIN | 10 | * | * | Médecins
            profile INFIRMIER | 60 69 | * | * | Infirmiers
            table test | MEDECIN INFIRMIER
            row 60591-5 | 60591-5 | Synthèse | X .
            row 11488-4 | 11488-4 | CR de consultation | X X
            row 11502-2 | 11502-2 | CR de biologie | X .
            """;

    final AtomicReference<Caller> current = new AtomicReference<>();

    static Caller caller(String subject, String structure, String profession, String purpose, String authMode, String resourceId) {
        List<String> roles = new ArrayList<>(List.of(profession + "@1.2.250.1.71.1.2.7"));
        String specialty = profession.equals("10") ? "SM26" : null;
        if (specialty != null) roles.add(specialty + "@1.2.250.1.71.4.2.5");
        return new Caller(subject, "Dr " + subject, structure, profession, specialty, roles, authMode, purpose,
                resourceId, "_" + UUID.randomUUID(), null, purpose.equals("normal") ? Map.of()
                : Map.of("Mode_Acces_Raison", List.of("patient inconscient aux urgences")));
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void dmpRulesOverSoap(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            GatewayConfig config = GatewayConfig.builder().host("127.0.0.1").port(0).dataSource(db.dataSource())
                    .profile(Profile.FR_DMP).insTestOids(true).cdaValidation(GatewayConfig.CdaMode.OFF).build();
            RegistryBackend backend = Backends.open(config);
            JdbcPatientDecisions decisions = JdbcPatientDecisions.open(db.dataSource());
            AccessRules rules = new AccessRules(HabilitationMatrix.parse(new StringReader(MATRIX), "scenario"),
                    AccessRulesConfig.defaults().withTestMode(true));
            RequestAuthenticator injected = (tx, header, cert) -> current.get();
            DmpAccessPolicy policy = DmpAccessPolicy.forStore(rules, backend.store(), decisions);
            try (AuditTrail trail = AuditTrail.open(db.dataSource(), AuditTrail.Config.forNode("scenario"));
                 GatewayServer server = GatewayServer.start(config, backend, DocumentCheck.NONE, injected, policy,
                         new AtnaTransactionAuditor(trail))) {
                run(new XdsClient(server), server, backend, decisions, trail, db, policy);
            } finally {
                backend.close();
            }
        }
    }

    private void run(XdsClient client, GatewayServer server, RegistryBackend backend, JdbcPatientDecisions decisions,
                     AuditTrail trail, TestDatabase db, DmpAccessPolicy policy) throws Exception {
        FrenchSubmission fs = new FrenchSubmission();
        ProvideAndRegisterDocumentSet synthese = build(fs, "IPS-FR_2024.01.xml");
        ProvideAndRegisterDocumentSet consult = build(fs, "AVC-PAVC_2022.01.xml");
        ProvideAndRegisterDocumentSet bio = build(fs, "BIO-CR-BIO_2021.01_CDA-R2-Niveau-1.xml");
        DocumentEntry syntheseEntry = synthese.getDocuments().get(0).getDocumentEntry();
        Identifiable patient = syntheseEntry.getPatientId();
        String pid = DocumentFactsOf.cx(patient);
        String author = syntheseEntry.getAuthors().get(0).getAuthorPerson().getId().getId();

        Caller authorDoctor = caller(author, HOSPITAL, "10", "normal", "INDIRECTE", pid);
        Caller colleague = caller("810000000002", HOSPITAL, "10", "normal", "INDIRECTE", pid);
        Caller nurse = caller("860000000003", HOSPITAL, "60", "normal", "INDIRECTE", pid);
        Caller outsider = caller("810000000004", CLINIC, "10", "normal", "INDIRECTE", pid);
        Caller emergency = caller("810000000004", CLINIC, "10", "bris_de_glace", "INDIRECTE", pid);

        // R-10 feeding open to every profession, R-70 qualified INS; refusals first
        current.set(caller(author, HOSPITAL, "10", "bris_de_glace", "INDIRECTE", pid));
        assertRefused(client.provideAndRegister(wire(synthese)), "R-34");
        current.set(caller(author, HOSPITAL, "10", "normal", "INDIRECTE_RENFORCEE", pid));
        assertRefused(client.provideAndRegister(wire(synthese)), "R-84");
        current.set(authorDoctor);
        assertSuccess(client.provideAndRegister(wire(synthese)));
        assertSuccess(client.provideAndRegister(wire(bio)));
        current.set(nurse);
        assertSuccess(client.provideAndRegister(wire(consult)));
        // an opposition to feeding CR-BIO documents
        decisions.opposeFeeding(pid, "11502-2", "motif légitime");
        current.set(authorDoctor);
        assertRefused(client.provideAndRegister(wire(build(fs, "BIO-CR-BIO_2021.01_CR-2nde-intention.xml"))), "R-04");
        decisions.withdrawFeedingOpposition(pid, "11502-2");

        // no consent yet, the care team is refused
        current.set(authorDoctor);
        assertFailure(find(client, patient), "R-20");
        decisions.grantConsent(pid, new Consent(Consent.Scope.CARE_TEAM, HOSPITAL, Instant.now().minusSeconds(60), null));

        // the matrix decides per profession
        current.set(authorDoctor);
        assertEquals(3, find(client, patient).getDocumentEntries().size());
        current.set(nurse);
        QueryResponse nurseView = find(client, patient);
        assertEquals(List.of("11488-4"), nurseView.getDocumentEntries().stream().map(e -> e.getTypeCode().getCode()).toList());
        RetrievedDocumentSet nurseBio = client.retrieve(retrieveOf(server, bio));
        assertEquals(Status.FAILURE, nurseBio.getStatus());
        assertTrue(context(nurseBio.getErrors()).contains("R-11"), context(nurseBio.getErrors()));
        assertEquals("XDSRegistryError", nurseBio.getErrors().get(0).getErrorCode().getOpcode());
        current.set(colleague);
        assertEquals(Status.SUCCESS, client.retrieve(retrieveOf(server, bio)).getStatus());

        // AIR consultation needs the establishment's engagement contract
        current.set(caller(nurse.subjectId(), HOSPITAL, "60", "normal", "INDIRECTE_RENFORCEE", pid));
        assertFailure(find(client, patient), "R-83");
        decisions.setAirContract(new org.passerelle.access.AirContract(HOSPITAL, Instant.now().minusSeconds(60), null, "CNAM-TEST"));
        assertEquals(1, find(client, patient).getDocumentEntries().size());

        // outside the care team, refused; bris de glace opens; the patient's ban closes it
        current.set(outsider);
        assertFailure(find(client, patient), "R-20");
        current.set(emergency);
        assertEquals(3, find(client, patient).getDocumentEntries().size());
        decisions.setEmergencyAllowed(pid, false);
        assertFailure(find(client, patient), "R-30");
        decisions.setEmergencyAllowed(pid, true);

        // opposition to consultation, blocked professional: empty answers
        decisions.setConsultationOpposed(pid, true);
        current.set(authorDoctor);
        QueryResponse opposed = find(client, patient);
        assertEquals(Status.SUCCESS, opposed.getStatus());
        assertTrue(opposed.getDocumentEntries().isEmpty());
        decisions.setConsultationOpposed(pid, false);
        decisions.block(pid, colleague.subjectId());
        current.set(colleague);
        assertTrue(find(client, patient).getDocumentEntries().isEmpty());
        decisions.unblock(pid, colleague.subjectId());

        // the author masks his document (ITI-57); colleagues no longer see it, he does; nobody else unmasks
        current.set(authorDoctor);
        DocumentEntry stored = byUniqueId(find(client, patient), syntheseEntry.getUniqueId());
        current.set(colleague);
        assertRefused(client.update(newVersion(synthese, stored, true)), "R-40");
        current.set(authorDoctor);
        assertSuccess(client.update(newVersion(synthese, stored, true)));
        current.set(colleague);
        assertNull(byUniqueIdOrNull(find(client, patient), syntheseEntry.getUniqueId()), "R-40: masked to other professionals");
        RetrievedDocumentSet masked = client.retrieve(retrieveOf(server, synthese));
        assertTrue(context(masked.getErrors()).contains("R-40"), context(masked.getErrors()));
        current.set(authorDoctor);
        DocumentEntry maskedVersion = byUniqueId(find(client, patient), syntheseEntry.getUniqueId());
        assertTrue(maskedVersion.getConfidentialityCodes().stream().anyMatch(c -> "MASQUE_PS".equals(c.getCode())));
        current.set(colleague);
        assertRefused(client.update(newVersion(synthese, maskedVersion, false)), "R-40");

        // R-50 over ITI-57 with the CI-SIS statuses in the standard IHE OriginalStatus/NewStatus slots: deletion by
        // the document's author only; archive and unarchive; the deleted document disappears from queries and retrieve
        String bioUid = bio.getDocuments().get(0).getDocumentEntry().getUniqueId();
        current.set(authorDoctor);
        DocumentEntry bioStored = byUniqueId(find(client, patient), bioUid);
        current.set(colleague);
        assertRefused(client.update(statusChange(bio, bioStored, APPROVED, DELETED)), "R-50");
        current.set(authorDoctor);
        assertRefused(client.update(statusChange(bio, bioStored, APPROVED, DELETED)), "R-50"); // author of the synthesis only
        String bioAuthor = bio.getDocuments().get(0).getDocumentEntry().getAuthors().get(0).getAuthorPerson().getId().getId();
        Caller biologist = caller(bioAuthor, HOSPITAL, "10", "normal", "INDIRECTE", pid);
        current.set(caller(bioAuthor, HOSPITAL, "10", "bris_de_glace", "INDIRECTE", pid));
        assertRefused(client.update(statusChange(bio, bioStored, APPROVED, DELETED)), "R-34");
        current.set(biologist);
        Response unknown = client.update(statusChange(bio, bioStored, APPROVED, "urn:asip:ci-sis:2010:StatusType:Destroyed"));
        assertEquals(Status.FAILURE, unknown.getStatus());
        assertEquals("XDSMetadataUpdateError", unknown.getErrors().get(0).getErrorCode().getOpcode(), context(unknown.getErrors()));
        assertTrue(unknown.getErrors().get(0).getCodeContext().contains("StatusType:Destroyed"), context(unknown.getErrors()));
        current.set(authorDoctor);
        assertNotNull(byUniqueIdOrNull(find(client, patient), bioUid), "refused status changes change nothing");

        current.set(biologist);
        assertSuccess(client.update(statusChange(bio, bioStored, APPROVED, ARCHIVED)));
        assertEquals(Optional.of(ARCHIVED), backend.store().documentStatus(bioUid));
        assertNull(byUniqueIdOrNull(find(client, patient), bioUid), "an archived document is not Approved");
        assertSuccess(client.update(statusChange(bio, bioStored, ARCHIVED, APPROVED)));
        assertNotNull(byUniqueIdOrNull(find(client, patient), bioUid), "unarchived");
        assertSuccess(client.update(statusChange(bio, bioStored, APPROVED, DELETED)));
        assertEquals(Optional.of(DELETED), backend.store().documentStatus(bioUid));
        current.set(authorDoctor);
        assertNull(byUniqueIdOrNull(find(client, patient), bioUid), "a deleted document disappears from queries");
        RetrievedDocumentSet deleted = client.retrieve(retrieveOf(server, bio));
        assertEquals(Status.FAILURE, deleted.getStatus());
        assertTrue(deleted.getDocuments().isEmpty());
        assertEquals("XDSDocumentUniqueIdError", deleted.getErrors().get(0).getErrorCode().getOpcode(), context(deleted.getErrors()));

        // a closed record refuses everything
        backend.patients().setState(pid, PatientRegistry.State.CLOSED, "décès");
        current.set(authorDoctor);
        QueryResponse closed = find(client, patient);
        assertEquals(Status.FAILURE, closed.getStatus());
        assertEquals("XDSUnknownPatientId", closed.getErrors().get(0).getErrorCode().getOpcode());
        Response closedFeed = client.provideAndRegister(wire(build(fs, "BIO-CR-BIO_2021.01_Electrophorese.xml")));
        assertRefused(closedFeed, "R-02");
        assertEquals("XDSUnknownPatientId", closedFeed.getErrors().get(0).getErrorCode().getOpcode(), context(closedFeed.getErrors()));

        // everything is in the chained trail; the patient's history names refusals and the emergency
        trail.flush();
        ChainVerification chain = trail.verifyChain();
        assertTrue(chain.intact(), chain::toString);
        List<AccessHistoryEntry> history = trail.history(pid, null, null);
        assertTrue(history.size() >= 25, "history has " + history.size() + " entries");
        assertTrue(history.stream().anyMatch(h -> h.emergency() && h.outcome() == org.passerelle.audit.AuditEvent.Outcome.SUCCESS
                && "R-30".equals(h.ruleId()) && "patient inconscient aux urgences".equals(h.emergencyReason())));
        assertTrue(history.stream().anyMatch(h -> "R-11".equals(h.ruleId()) && "ITI-43".equals(h.transaction())));
        // feeding, first consultations and the emergency access notified; refusals not
        NotificationOutbox outbox = NotificationOutbox.open(db.dataSource(), new LogNotificationSender(), NotificationOutbox.Settings.defaults());
        List<String> kinds = outbox.forPatient(pid).stream().map(Notification::kind).toList();
        assertTrue(kinds.contains("EMERGENCY_ACCESS") && kinds.contains("NEW_PROFESSIONAL") && kinds.contains("RECORD_FED"), kinds.toString());
        // deliberate tampering is detected and located
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE audit_event SET user_id = 'someone-else' WHERE seq = 5");
        }
        ChainVerification tampered = new AuditReader(db.dataSource()).verifyChain();
        assertEquals(5, tampered.firstBroken().orElseThrow().seq(), tampered.toString());
    }

    // ---------------------------------------------------------------- helpers

    static ProvideAndRegisterDocumentSet build(FrenchSubmission fs, String example) throws Exception {
        CdaDocument doc = fs.document(SharedFolder.ciSis().resolve("examples").resolve(example), MetadataOverrides.NONE);
        return fs.build(List.of(doc), SubmissionOptions.of("1.2.250.1.999.1.1.7898"));
    }

    static org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.ProvideAndRegisterDocumentSetRequestType wire(ProvideAndRegisterDocumentSet pnr) {
        return FrenchSubmission.toEbXml(pnr).getInternal();
    }

    static QueryResponse find(XdsClient client, Identifiable patient) {
        FindDocumentsQuery q = new FindDocumentsQuery();
        q.setPatientId(patient);
        q.setStatus(List.of(AvailabilityStatus.APPROVED));
        return client.query(new QueryRegistry(q, QueryReturnType.LEAF_CLASS));
    }

    static DocumentEntry byUniqueId(QueryResponse r, String uid) {
        DocumentEntry e = byUniqueIdOrNull(r, uid);
        assertNotNull(e, "document " + uid + " not in " + r.getDocumentEntries().size() + " entries; errors " + r.getErrors());
        return e;
    }

    static DocumentEntry byUniqueIdOrNull(QueryResponse r, String uid) {
        return r.getDocumentEntries().stream().filter(e -> uid.equals(e.getUniqueId())).findFirst().orElse(null);
    }

    static RetrieveDocumentSet retrieveOf(GatewayServer server, ProvideAndRegisterDocumentSet pnr) {
        RetrieveDocumentSet rq = new RetrieveDocumentSet();
        rq.getDocuments().add(new DocumentReference(server.repositoryUniqueId(), pnr.getDocuments().get(0).getDocumentEntry().getUniqueId(), null));
        return rq;
    }

    static SubmissionSet updateSet(ProvideAndRegisterDocumentSet original) {
        SubmissionSet o = original.getSubmissionSet();
        SubmissionSet s = new SubmissionSet();
        s.setEntryUuid("urn:uuid:" + UUID.randomUUID());
        s.setUniqueId(FrenchSubmission.newOid());
        s.setSourceId(o.getSourceId());
        s.setPatientId(o.getPatientId());
        s.setSubmissionTime(Timestamp.now());
        s.setContentTypeCode(o.getContentTypeCode());
        s.setAvailabilityStatus(AvailabilityStatus.APPROVED);
        s.getAuthors().addAll(o.getAuthors());
        s.setTitle(o.getTitle());
        return s;
    }

    /** ITI-57: a new version of the stored entry with MASQUE_PS added or removed. */
    static RegisterDocumentSet newVersion(ProvideAndRegisterDocumentSet original, DocumentEntry stored, boolean mask) {
        RegisterDocumentSet set = new RegisterDocumentSet();
        SubmissionSet ss = updateSet(original);
        set.setSubmissionSet(ss);
        DocumentEntry next = stored;
        String previous = stored.getVersion() == null ? "1" : stored.getVersion().getVersionName();
        next.setLogicalUuid(stored.getLogicalUuid() != null ? stored.getLogicalUuid() : stored.getEntryUuid());
        next.setEntryUuid("urn:uuid:" + UUID.randomUUID());
        next.setVersion(null);
        next.getConfidentialityCodes().removeIf(c -> "MASQUE_PS".equals(c.getCode()));
        if (mask) next.getConfidentialityCodes().add(new Code("MASQUE_PS", new LocalizedString("Masqué aux professionnels de santé"), "1.2.250.1.213.1.1.4.13"));
        set.getDocumentEntries().add(next);
        Association hasMember = new Association(AssociationType.HAS_MEMBER, "urn:uuid:" + UUID.randomUUID(), ss.getEntryUuid(), next.getEntryUuid());
        hasMember.setLabel(AssociationLabel.ORIGINAL);
        hasMember.setPreviousVersion(previous);
        set.getAssociations().add(hasMember);
        return set;
    }

    static final String APPROVED = "urn:oasis:names:tc:ebxml-regrep:StatusType:Approved";
    static final String ARCHIVED = "urn:asip:ci-sis:2010:StatusType:Archived";
    static final String DELETED = "urn:asip:ci-sis:2010:StatusType:Deleted";

    /**
     * ITI-57: UpdateAvailabilityStatus of the stored entry, the statuses written as the DMP sends them: in the IHE
     * OriginalStatus / NewStatus slots (IPF's model cannot hold the CI-SIS values, so they are set on the wire).
     */
    static org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.lcm.SubmitObjectsRequest statusChange(
            ProvideAndRegisterDocumentSet original, DocumentEntry stored, String originalStatus, String newStatus) {
        RegisterDocumentSet set = new RegisterDocumentSet();
        SubmissionSet ss = updateSet(original);
        set.setSubmissionSet(ss);
        Association a = new Association(AssociationType.UPDATE_AVAILABILITY_STATUS, "urn:uuid:" + UUID.randomUUID(),
                ss.getEntryUuid(), stored.getEntryUuid());
        a.setOriginalStatus(AvailabilityStatus.APPROVED);
        a.setNewStatus(AvailabilityStatus.DEPRECATED);
        set.getAssociations().add(a);
        var ebXml = new org.openehealth.ipf.commons.ihe.xds.core.transform.requests.RegisterDocumentSetTransformer(
                new org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30()).toEbXML(set).getInternal();
        int rewritten = 0;
        for (var element : ebXml.getRegistryObjectList().getIdentifiable()) {
            if (element.getValue() instanceof org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.AssociationType1 w
                    && a.getEntryUuid().equals(w.getId())) {
                for (var slot : w.getSlot()) {
                    if ("OriginalStatus".equals(slot.getName())) { slot.getValueList().getValue().set(0, originalStatus); rewritten++; }
                    if ("NewStatus".equals(slot.getName())) { slot.getValueList().getValue().set(0, newStatus); rewritten++; }
                }
            }
        }
        assertEquals(2, rewritten, "OriginalStatus and NewStatus slots written");
        return ebXml;
    }

    static String context(List<ErrorInfo> errors) {
        return errors.stream().map(e -> e.getErrorCode() + " " + e.getCodeContext()).toList().toString();
    }

    static void assertSuccess(Response r) {
        assertEquals(Status.SUCCESS, r.getStatus(), () -> context(r.getErrors()));
    }

    static void assertRefused(Response r, String rule) {
        assertEquals(Status.FAILURE, r.getStatus(), "expected a refusal by " + rule);
        assertTrue(context(r.getErrors()).contains(rule + ":"), () -> "expected " + rule + " in " + context(r.getErrors()));
    }

    static void assertFailure(QueryResponse r, String rule) {
        assertEquals(Status.FAILURE, r.getStatus(), "expected a refusal by " + rule + ", got " + r.getDocumentEntries().size() + " entries");
        assertTrue(context(r.getErrors()).contains(rule + ":"), () -> "expected " + rule + " in " + context(r.getErrors()));
    }
}
