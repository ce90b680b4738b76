package org.passerelle.access;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** One test per rule of docs/dmp-access-rules.md that the rules engine decides (method names carry the rule id). */
class AccessRulesTest {

    static final String PID = "279035121518989^^^&1.2.250.1.213.1.4.10&ISO^NH";
    static final String OTHER_PID = "277076322082910^^^&1.2.250.1.213.1.4.8&ISO^NH";
    static final String HOSPITAL = "1750712184";
    static final String SAMU = "1750000999";
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    static final HabilitationMatrix MATRIX = matrix();
    static final AccessRules RULES = new AccessRules(MATRIX,
            AccessRulesConfig.defaults().withTestMode(true).withRegulationCentres(Set.of(SAMU)));

    static final Actor DOCTOR = Actor.professional("810001234567", HOSPITAL, "10", "SM26");
    static final Actor OTHER_DOCTOR = Actor.professional("810009999999", HOSPITAL, "10", "SM26");
    static final Actor NURSE = Actor.professional("860001111111", HOSPITAL, "60", null);
    static final Actor FITTER = Actor.professional("826000000001", HOSPITAL, "26", null);
    static final Actor SOCIAL_COORD = Actor.professional("895000000001", HOSPITAL, "95", null, "GEN05");

    static final PatientRecord RECORD = PatientRecord.firstUse(PID);
    /** The same record once the patient activated Mon espace santé (patient-side actions need it, R-03). */
    static final PatientRecord ACTIVATED = new PatientRecord(PID, RecordState.ACTIVE, true);
    static final PatientDecisionSet CONSENT_HOSPITAL = new PatientDecisionSet(PID, false, Set.of(), Set.of(), true,
            List.of(new Consent(Consent.Scope.CARE_TEAM, HOSPITAL, NOW.minus(Duration.ofDays(1)), null)));

    static HabilitationMatrix matrix() {
        try {
            return HabilitationMatrix.parse(new StringReader("""
                    profile MED | 10 | * | * | Médecins
                    profile INF | 60 69 | * | * | Infirmiers
                    profile APP | 26 81 | * | * | Appareilleurs
                    profile MS_COORD | 95 | * | GEN05 | Coordination
                    table t | MED INF APP MS_COORD
                    row 11488-4 | 1148-4 | CR de consultation | X X . X
                    row 11502-2 | 11502-2 | CR de biologie | X . . .
                    row 34112-3 | - | CR d'hospitalisation | X X . .
                    write 11502-2 | MED
                    """), "test");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static DocumentFacts doc(String uniqueId, String typeCode, String author, String... confidentiality) {
        Set<String> conf = new java.util.HashSet<>(Set.of(confidentiality));
        conf.add("N");
        return new DocumentFacts(uniqueId, PID, typeCode, conf, Set.of(author), Set.of(HOSPITAL), null);
    }

    static AccessDecision read(Actor a, PatientRecord r, PatientDecisionSet d, DocumentFacts doc) {
        return RULES.canRead(a, r, d, doc, NOW);
    }

    static void assertDenied(String rule, AccessDecision d) {
        assertTrue(d.denied(), "expected a refusal by " + rule + " but was allowed: " + d);
        assertEquals(rule, d.ruleId(), d.toString());
        assertTrue(d.codeContext().startsWith(rule + ": "), d.codeContext());
    }

    static void assertAllowed(AccessDecision d) {
        assertTrue(d.allowed(), d::toString);
    }

    // ---------------------------------------------------------------- §1 record and opposition

    @Test
    @DisplayName("R-01: a valid INS never seen before has an ACTIVE, not activated record on first use")
    void R01_unknownPatientHasAnActiveRecordOnFirstUse() {
        PatientRecord r = PatientRecords.FIRST_USE.get(PID);
        assertEquals(RecordState.ACTIVE, r.state());
        assertFalse(r.activated());
        assertAllowed(RULES.canFeed(DOCTOR, r, PatientDecisionSet.none(PID), List.of(doc("1.1", "11488-4", DOCTOR.subjectId()))));
    }

    @Test
    @DisplayName("R-02: a closed or opposed record refuses feeding and consultation to everyone")
    void R02_closedOrOpposedRecordRefusesEverything() {
        for (RecordState s : List.of(RecordState.CLOSED, RecordState.OPPOSED)) {
            PatientRecord r = new PatientRecord(PID, s, true);
            DocumentFacts d = doc("1.1", "11488-4", DOCTOR.subjectId());
            AccessDecision feed = RULES.canFeed(DOCTOR, r, CONSENT_HOSPITAL, List.of(d));
            assertDenied("R-02", feed);
            assertEquals("XDSUnknownPatientId", feed.failure().errorCode());
            assertDenied("R-02", read(DOCTOR, r, CONSENT_HOSPITAL, d));
            assertDenied("R-02", read(Actor.patient(PID), r, CONSENT_HOSPITAL, d));
            assertDenied("R-02", RULES.canFeed(Actor.patient(PID), r, CONSENT_HOSPITAL, List.of(d)));
            assertDenied("R-02", RULES.canChangeStatus(DOCTOR, r, d, DocumentFacts.DELETED));
            assertDenied("R-02", read(DOCTOR.withMode(AccessMode.BRIS_DE_GLACE, "coma"), r, CONSENT_HOSPITAL, d));
        }
    }

    @Test
    @DisplayName("R-03: before activation the patient can neither feed, consult nor mask; professionals can")
    void R03_patientWhoDidNotActivateCanNeitherFeedNorConsultButProfessionalsCan() {
        DocumentFacts d = doc("1.1", "11488-4", DOCTOR.subjectId());
        Actor patient = Actor.patient(PID);
        assertDenied("R-03", read(patient, RECORD, CONSENT_HOSPITAL, d));
        assertDenied("R-03", RULES.canFeed(patient, RECORD, CONSENT_HOSPITAL, List.of(d)));
        assertAllowed(read(DOCTOR, RECORD, CONSENT_HOSPITAL, d));
        assertAllowed(RULES.canFeed(DOCTOR, RECORD, CONSENT_HOSPITAL, List.of(d)));
        // nor mask or archive from Mon espace santé (ITI-57) before activation; professionals unaffected
        assertDenied("R-03", RULES.canUpdate(patient, RECORD, d, d.withConfidentiality(Set.of("N", "MASQUE_PS")), false));
        assertDenied("R-03", RULES.canChangeStatus(patient, RECORD, d, DocumentFacts.ARCHIVED));
        assertDenied("R-03", RULES.canConsult(Actor.legalRepresentative("REP-1", PID), RECORD, PatientDecisionSet.none(PID), NOW));
        assertAllowed(RULES.canUpdate(DOCTOR, RECORD, d, d.withConfidentiality(Set.of("N", "MASQUE_PS")), false));
        PatientRecord activated = new PatientRecord(PID, RecordState.ACTIVE, true);
        assertAllowed(read(patient, activated, PatientDecisionSet.none(PID), d));
        assertAllowed(RULES.canFeed(patient, activated, PatientDecisionSet.none(PID), List.of(d)));
        assertAllowed(RULES.canUpdate(patient, activated, d, d.withConfidentiality(Set.of("N", "MASQUE_PS")), false));
        // and activation changes nothing for professionals
        assertEquals(read(DOCTOR, RECORD, CONSENT_HOSPITAL, d).ruleId(), read(DOCTOR, activated, CONSENT_HOSPITAL, d).ruleId());
    }

    @Test
    @DisplayName("R-04: opposition to feeding for one type or all")
    void R04_feedingOppositionForOneTypeOrAll() {
        PatientDecisionSet psy = new PatientDecisionSet(PID, false, Set.of("11502-2"), Set.of(), true, List.of());
        assertDenied("R-04", RULES.canFeed(DOCTOR, RECORD, psy, List.of(doc("1.1", "11502-2", DOCTOR.subjectId()))));
        assertAllowed(RULES.canFeed(DOCTOR, RECORD, psy, List.of(doc("1.2", "11488-4", DOCTOR.subjectId()))));
        PatientDecisionSet all = new PatientDecisionSet(PID, false, Set.of(PatientDecisionSet.ALL_TYPES), Set.of(), true, List.of());
        assertDenied("R-04", RULES.canFeed(DOCTOR, RECORD, all, List.of(doc("1.2", "11488-4", DOCTOR.subjectId()))));
    }

    @Test
    @DisplayName("R-05: opposition to consultation refuses every professional, even in emergency")
    void R05_consultationOppositionRefusesEveryProfessionalEvenInEmergency() {
        PatientDecisionSet opposed = new PatientDecisionSet(PID, true, Set.of(), Set.of(), true, CONSENT_HOSPITAL.consents());
        DocumentFacts d = doc("1.1", "11488-4", DOCTOR.subjectId());
        assertDenied("R-05", read(DOCTOR, RECORD, opposed, d));
        assertDenied("R-05", read(DOCTOR.withMode(AccessMode.BRIS_DE_GLACE, null), RECORD, opposed, d));
        // feeding stays possible (R-22: information only)
        assertAllowed(RULES.canFeed(DOCTOR, RECORD, opposed, List.of(d)));
    }

    @Test
    @DisplayName("R-06: a blocked professional gets nothing whatever the consent or mode")
    void R06_blockedProfessionalGetsNothingWhateverConsentOrMode() {
        PatientDecisionSet blocked = new PatientDecisionSet(PID, false, Set.of(), Set.of(DOCTOR.subjectId()), true,
                CONSENT_HOSPITAL.consents());
        DocumentFacts d = doc("1.1", "11488-4", DOCTOR.subjectId());
        assertDenied("R-06", read(DOCTOR, RECORD, blocked, d));
        assertDenied("R-06", read(DOCTOR.withMode(AccessMode.BRIS_DE_GLACE, null), RECORD, blocked, d));
        assertAllowed(read(OTHER_DOCTOR, RECORD, blocked, d));
    }

    @Test
    @DisplayName("R-07: record state (date, reason, activation, opposition) exposed before any query")
    void R07_recordStateIsExposedBeforeAnyQuery() {
        Instant closedAt = NOW.minus(Duration.ofDays(3));
        AccessRules.RecordStatus closed = RULES.recordStatus(DOCTOR,
                new PatientRecord(PID, RecordState.CLOSED, false, "décès", closedAt, true), PatientDecisionSet.none(PID), NOW);
        assertEquals(RecordState.CLOSED, closed.state());
        assertEquals(closedAt, closed.stateSince(), "the closure date");
        assertEquals("décès", closed.reason(), "the closure reason");
        assertTrue(closed.known());
        assertDenied("R-02", closed.consultation());
        AccessRules.RecordStatus firstUse = RULES.recordStatus(RECORD, PatientDecisionSet.none(PID));
        assertFalse(firstUse.known(), "R-01: never seen, ACTIVE on first use");
        assertFalse(firstUse.activated());
        assertNull(firstUse.consultation(), "no caller, no consultation decision");
        AccessRules.RecordStatus open = RULES.recordStatus(DOCTOR, RECORD, CONSENT_HOSPITAL, NOW);
        assertEquals(RecordState.ACTIVE, open.state());
        assertTrue(open.emergencyAllowed() && !open.consultationOpposed());
        assertEquals("R-20", open.consultation().ruleId());
        PatientDecisionSet opposed = new PatientDecisionSet(PID, true, Set.of(), Set.of(), false, List.of());
        AccessRules.RecordStatus o = RULES.recordStatus(DOCTOR, RECORD, opposed, NOW);
        assertTrue(o.consultationOpposed() && !o.emergencyAllowed());
        assertDenied("R-05", o.consultation());
    }

    // ---------------------------------------------------------------- §2 habilitation matrix

    @Test
    @DisplayName("R-10: feeding is open to every profession unless the write column restricts it")
    void R10_feedingIsOpenToEveryProfessionUnlessTheWriteColumnRestrictsIt() {
        assertAllowed(RULES.canFeed(FITTER, RECORD, PatientDecisionSet.none(PID), List.of(doc("1.1", "11488-4", FITTER.subjectId()))));
        assertAllowed(RULES.canFeed(FITTER, RECORD, PatientDecisionSet.none(PID), List.of(doc("1.1", "99999-9", FITTER.subjectId()))));
        assertDenied("R-10", RULES.canFeed(NURSE, RECORD, PatientDecisionSet.none(PID), List.of(doc("1.1", "11502-2", NURSE.subjectId()))));
        assertAllowed(RULES.canFeed(DOCTOR, RECORD, PatientDecisionSet.none(PID), List.of(doc("1.1", "11502-2", DOCTOR.subjectId()))));
    }

    @Test
    @DisplayName("R-11: consultation restricted by profession and type")
    void R11_consultationRestrictedByProfessionAndType() {
        DocumentFacts bio = doc("1.1", "11502-2", OTHER_DOCTOR.subjectId());
        DocumentFacts cr = doc("1.2", "11488-4", OTHER_DOCTOR.subjectId());
        assertAllowed(read(DOCTOR, RECORD, CONSENT_HOSPITAL, bio));
        assertDenied("R-11", read(NURSE, RECORD, CONSENT_HOSPITAL, bio));
        assertAllowed(read(NURSE, RECORD, CONSENT_HOSPITAL, cr));
        assertDenied("R-11", read(FITTER, RECORD, CONSENT_HOSPITAL, cr));
        assertAllowed(read(SOCIAL_COORD, RECORD, CONSENT_HOSPITAL, cr));
        AccessDecision denied = read(NURSE, RECORD, CONSENT_HOSPITAL, bio);
        assertTrue(denied.reason().contains("60") && denied.reason().contains("11502-2"), denied.reason());
    }

    @Test
    @DisplayName("R-12: a typeCode absent from the matrix is denied for consultation")
    void R12_typeCodeAbsentFromTheMatrixIsDeniedForConsultation() {
        assertDenied("R-11", read(DOCTOR, RECORD, CONSENT_HOSPITAL, doc("1.1", "18748-4", DOCTOR.subjectId())));
    }

    @Test
    @DisplayName("R-13: every matrix refusal names the caller, the typeCode and the reason")
    void R13_everyMatrixRefusalNamesCallerTypeAndReason() {
        AccessDecision d = read(FITTER, RECORD, CONSENT_HOSPITAL, doc("1.1", "11488-4", DOCTOR.subjectId()));
        assertDenied("R-11", d);
        assertEquals(AccessFailure.READ_NOT_HABILITATED, d.failure());
        assertTrue(d.reason().contains("26") && d.reason().contains("11488-4"));
    }

    @Test
    @DisplayName("R-15: medico-social roles are matched on their activity genre")
    void R15_medicoSocialRolesAreMatchedOnTheirActivityGenre() {
        Actor coordWithoutGenre = Actor.professional("895000000002", HOSPITAL, "95", null);
        assertDenied("R-11", read(coordWithoutGenre, RECORD, CONSENT_HOSPITAL, doc("1.1", "11488-4", DOCTOR.subjectId())));
        assertAllowed(read(SOCIAL_COORD, RECORD, CONSENT_HOSPITAL, doc("1.1", "11488-4", DOCTOR.subjectId())));
    }

    @Test
    @DisplayName("R-16: documents deposited by the patient follow the same matrix")
    void R16_documentsDepositedByThePatientFollowTheSameMatrix() {
        AccessRules defaults = new AccessRules(HabilitationMatrix.defaultMatrix(), AccessRulesConfig.defaults().withTestMode(true));
        Actor socialWorker = Actor.professional("841000000001", HOSPITAL, "41", null);
        Actor coordination = Actor.professional("895000000003", HOSPITAL, "95", null, "GEN05");
        // a document the patient deposited himself (author = the patient's INS, no institution)
        DocumentFacts byPatient = new DocumentFacts("1.7", PID, "DOCPAT9", Set.of("N"), Set.of("279035121518989"), Set.of(), null);
        DocumentFacts directives = new DocumentFacts("1.8", PID, "EXPRAT_3_16", Set.of("N"), Set.of("279035121518989"), Set.of(), null);
        assertAllowed(defaults.canRead(socialWorker, RECORD, CONSENT_HOSPITAL, byPatient, NOW));
        assertDenied("R-11", defaults.canRead(socialWorker, RECORD, CONSENT_HOSPITAL, directives, NOW));
        assertAllowed(defaults.canRead(coordination, RECORD, CONSENT_HOSPITAL, directives, NOW));
    }

    @Test
    @DisplayName("R-14: the matrix is the only necessity check: a specialty sees exactly the types its profile allows")
    void R14_theMatrixIsTheOnlyNecessityCheck() throws IOException {
        AccessRules rules = new AccessRules(HabilitationMatrix.parse(new StringReader("""
                profile GP | 10 | SM54 | * | Médecine générale
                profile PSY | 10 | SM42 | * | Psychiatrie
                table t | GP PSY
                row 11488-4 | 11488-4 | CR de consultation | X X
                row 18842-5 | 18842-5 | Synthèse psychiatrique | . X
                """), "r14"), AccessRulesConfig.defaults().withTestMode(true));
        Actor gp = Actor.professional("810000000010", HOSPITAL, "10", "SM54");
        Actor psychiatrist = Actor.professional("810000000011", HOSPITAL, "10", "SM42");
        DocumentFacts consult = doc("1.1", "11488-4", DOCTOR.subjectId());
        DocumentFacts psy = doc("1.2", "18842-5", DOCTOR.subjectId());
        assertAllowed(rules.canRead(gp, RECORD, CONSENT_HOSPITAL, consult, NOW));
        assertDenied("R-11", rules.canRead(gp, RECORD, CONSENT_HOSPITAL, psy, NOW));
        assertAllowed(rules.canRead(psychiatrist, RECORD, CONSENT_HOSPITAL, psy, NOW));
        assertDenied("R-11", rules.canRead(Actor.professional("810000000012", HOSPITAL, "10", "SM26"), RECORD, CONSENT_HOSPITAL, consult, NOW));
    }

    // ---------------------------------------------------------------- §3 consent

    @Test
    @DisplayName("R-20: consent for the care team or one professional, with a validity period")
    void R20_consentForTheCareTeamOrForOneProfessional() {
        DocumentFacts d = doc("1.1", "11488-4", DOCTOR.subjectId());
        assertDenied("R-20", read(DOCTOR, RECORD, PatientDecisionSet.none(PID), d));
        AccessDecision team = read(DOCTOR, RECORD, CONSENT_HOSPITAL, d);
        assertEquals("R-20", team.ruleId());
        Actor elsewhere = Actor.professional("810005555555", "1130000001", "10", "SM26");
        assertDenied("R-20", read(elsewhere, RECORD, CONSENT_HOSPITAL, d));
        PatientDecisionSet personal = new PatientDecisionSet(PID, false, Set.of(), Set.of(), true,
                List.of(new Consent(Consent.Scope.PROFESSIONAL, elsewhere.subjectId(), NOW.minusSeconds(60), NOW.plusSeconds(60))));
        assertAllowed(read(elsewhere, RECORD, personal, d));
        // expired consent
        assertDenied("R-20", RULES.canRead(elsewhere, RECORD, personal, d, NOW.plusSeconds(120)));
    }

    @Test
    @DisplayName("R-21: emergency access allowed by default, without consent")
    void R21_emergencyAllowedByDefaultWithoutConsent() {
        assertTrue(PatientDecisionSet.none(PID).emergencyAllowed());
        assertEquals("R-30", read(DOCTOR.withMode(AccessMode.BRIS_DE_GLACE, "arrêt cardiaque"), RECORD,
                PatientDecisionSet.none(PID), doc("1.1", "11488-4", DOCTOR.subjectId())).ruleId());
    }

    @Test
    @DisplayName("R-22 / R-23: feeding (information only), masking and deleting one's documents need no consent")
    void R23_feedingMaskingAndDeletingNeedNoConsent() {
        DocumentFacts d = doc("1.1", "11488-4", DOCTOR.subjectId());
        PatientDecisionSet none = PatientDecisionSet.none(PID);
        assertAllowed(RULES.canFeed(DOCTOR, RECORD, none, List.of(d)));
        assertAllowed(RULES.canUpdate(DOCTOR, RECORD, d, d.withConfidentiality(Set.of("N", "MASQUE_PS")), false));
        assertAllowed(RULES.canChangeStatus(DOCTOR, RECORD, d, DocumentFacts.DELETED));
    }

    // ---------------------------------------------------------------- §4 emergency

    @Test
    @DisplayName("R-30: bris de glace unless the patient forbade it")
    void R30_brisDeGlaceUnlessThePatientForbadeIt() {
        Actor bdg = DOCTOR.withMode(AccessMode.BRIS_DE_GLACE, "patient inconscient");
        DocumentFacts d = doc("1.1", "11488-4", OTHER_DOCTOR.subjectId());
        AccessDecision ok = read(bdg, RECORD, PatientDecisionSet.none(PID), d);
        assertEquals("R-30", ok.ruleId());
        assertTrue(ok.reason().contains("patient inconscient"));
        PatientDecisionSet ban = new PatientDecisionSet(PID, false, Set.of(), Set.of(), false, List.of());
        assertDenied("R-30", read(bdg, RECORD, ban, d));
    }

    @Test
    @DisplayName("R-31: centre 15 only from a configured regulation centre, unless forbidden")
    void R31_centre15OnlyFromAConfiguredRegulationCentreAndUnlessForbidden() {
        Actor samu = new Actor(Actor.Kind.PROFESSIONAL, "810007777777", SAMU, "10", "SM26", Set.of(),
                AccessMode.CENTRE_15, false, null, null, null);
        DocumentFacts d = doc("1.1", "11488-4", DOCTOR.subjectId());
        assertEquals("R-31", read(samu, RECORD, PatientDecisionSet.none(PID), d).ruleId());
        assertDenied("R-31", read(DOCTOR.withMode(AccessMode.CENTRE_15, null), RECORD, CONSENT_HOSPITAL, d));
        PatientDecisionSet ban = new PatientDecisionSet(PID, false, Set.of(), Set.of(), false, List.of());
        assertDenied("R-30", read(samu, RECORD, ban, d));
    }

    @Test
    @DisplayName("R-32: emergency modes never bypass the matrix or masking")
    void R32_emergencyNeverBypassesMatrixOrMasking() {
        Actor bdgNurse = NURSE.withMode(AccessMode.BRIS_DE_GLACE, null);
        assertDenied("R-11", read(bdgNurse, RECORD, PatientDecisionSet.none(PID), doc("1.1", "11502-2", DOCTOR.subjectId())));
        assertDenied("R-40", read(bdgNurse, RECORD, PatientDecisionSet.none(PID), doc("1.2", "11488-4", DOCTOR.subjectId(), "MASQUE_PS")));
    }

    @Test
    @DisplayName("R-34: emergency modes are for consultation only")
    void R34_emergencyModesAreForConsultationOnly() {
        Actor bdg = DOCTOR.withMode(AccessMode.BRIS_DE_GLACE, null);
        DocumentFacts d = doc("1.1", "11488-4", DOCTOR.subjectId());
        assertDenied("R-34", RULES.canFeed(bdg, RECORD, PatientDecisionSet.none(PID), List.of(d)));
        assertDenied("R-34", RULES.canUpdate(bdg, RECORD, d, d.withConfidentiality(Set.of("N", "MASQUE_PS")), false));
        assertDenied("R-34", RULES.canChangeStatus(DOCTOR.withMode(AccessMode.CENTRE_15, null), RECORD, d, DocumentFacts.DELETED));
        assertThrows(IllegalArgumentException.class, () -> AccessMode.fromPurposeOfUse("urgence"));
        assertEquals(AccessMode.BRIS_DE_GLACE, AccessMode.fromPurposeOfUse("BRIS_DE_GLACE"));
    }

    // ---------------------------------------------------------------- §5 masking

    @Test
    @DisplayName("R-40: a masked document is visible to its author only among professionals")
    void R40_maskedDocumentVisibleToItsAuthorOnlyAmongProfessionals() {
        DocumentFacts masked = doc("1.1", "11488-4", DOCTOR.subjectId(), "MASQUE_PS");
        assertAllowed(read(DOCTOR, RECORD, CONSENT_HOSPITAL, masked));
        assertDenied("R-40", read(OTHER_DOCTOR, RECORD, CONSENT_HOSPITAL, masked));
        PatientRecord activated = new PatientRecord(PID, RecordState.ACTIVE, true);
        assertAllowed(read(Actor.patient(PID), activated, PatientDecisionSet.none(PID), masked));
        // only the author (or the patient, R-43) may mask
        DocumentFacts plain = doc("1.2", "11488-4", DOCTOR.subjectId());
        assertAllowed(RULES.canUpdate(DOCTOR, RECORD, plain, plain.withConfidentiality(Set.of("N", "MASQUE_PS")), false));
        assertDenied("R-40", RULES.canUpdate(OTHER_DOCTOR, RECORD, plain, plain.withConfidentiality(Set.of("N", "MASQUE_PS")), false));
        assertDenied("R-40", RULES.canUpdate(OTHER_DOCTOR, RECORD, masked, masked.withConfidentiality(Set.of("N")), false));
    }

    @Test
    @DisplayName("R-41: INVISIBLE_PATIENT hides the document from the patient only")
    void R41_invisibleToPatientHiddenFromThePatientOnly() {
        DocumentFacts hidden = doc("1.1", "11488-4", DOCTOR.subjectId(), "INVISIBLE_PATIENT");
        PatientRecord activated = new PatientRecord(PID, RecordState.ACTIVE, true);
        assertDenied("R-41", read(Actor.patient(PID), activated, PatientDecisionSet.none(PID), hidden));
        assertAllowed(read(OTHER_DOCTOR, activated, CONSENT_HOSPITAL, hidden));
        DocumentFacts plain = doc("1.2", "11488-4", DOCTOR.subjectId());
        assertDenied("R-41", RULES.canUpdate(OTHER_DOCTOR, RECORD, plain, plain.withConfidentiality(Set.of("N", "INVISIBLE_PATIENT")), false));
        assertAllowed(RULES.canUpdate(DOCTOR, RECORD, plain, plain.withConfidentiality(Set.of("N", "INVISIBLE_PATIENT")), false));
    }

    @Test
    @DisplayName("R-42: INVISIBLE_REPRESENTANTS_LEGAUX hides the document from legal representatives")
    void R42_invisibleToLegalRepresentatives() {
        DocumentFacts hidden = doc("1.1", "11488-4", DOCTOR.subjectId(), "INVISIBLE_REPRESENTANTS_LEGAUX");
        PatientRecord activated = new PatientRecord(PID, RecordState.ACTIVE, true);
        Actor parent = Actor.legalRepresentative("PARENT-1", PID);
        assertDenied("R-42", read(parent, activated, PatientDecisionSet.none(PID), hidden));
        assertAllowed(read(parent, activated, PatientDecisionSet.none(PID), doc("1.2", "11488-4", DOCTOR.subjectId())));
        assertAllowed(read(Actor.patient(PID), activated, PatientDecisionSet.none(PID), hidden));
        assertAllowed(read(OTHER_DOCTOR, activated, CONSENT_HOSPITAL, hidden));
    }

    @Test
    @DisplayName("R-43: the patient may mask and unmask any document of his record")
    void R43_patientMayMaskAndUnmaskAnyDocumentOfHisRecord() {
        DocumentFacts d = doc("1.1", "11488-4", DOCTOR.subjectId());
        Actor patient = Actor.patient(PID);
        AccessDecision mask = RULES.canUpdate(patient, ACTIVATED, d, d.withConfidentiality(Set.of("N", "MASQUE_PS")), false);
        assertEquals("R-43", mask.ruleId());
        assertTrue(mask.allowed());
        assertDenied("R-41", RULES.canUpdate(patient, ACTIVATED, d, d.withConfidentiality(Set.of("N", "INVISIBLE_PATIENT")), false));
    }

    @Test
    @DisplayName("R-44: authorship by NameID, or by establishment for system authors")
    void R44_authorshipByNameIdOrByEstablishmentForSystemAuthors() {
        DocumentFacts d = doc("1.1", "11488-4", DOCTOR.subjectId());
        assertTrue(RULES.isAuthor(DOCTOR, d));
        assertFalse(RULES.isAuthor(OTHER_DOCTOR, d), "same establishment is not enough for a personal author");
        Actor dpi = new Actor(Actor.Kind.SYSTEM, "DPI-1", HOSPITAL, "AUTOMATE", null, Set.of(), AccessMode.NORMAL, false, null, null, null);
        assertTrue(RULES.isAuthor(dpi, d));
        DocumentFacts bySystem = new DocumentFacts("1.2", PID, "11488-4", Set.of("N"), Set.of(), Set.of(HOSPITAL), null);
        assertTrue(RULES.isAuthor(OTHER_DOCTOR, bySystem));
        assertDenied("R-44", RULES.canUpdate(OTHER_DOCTOR, RECORD, d, d, true));
        assertAllowed(RULES.canUpdate(DOCTOR, RECORD, d, d, true));
    }

    @Test
    @DisplayName("R-45: masking keeps the document for its author and the patient")
    void R45_maskingKeepsTheDocumentForAuthorAndPatient() {
        DocumentFacts masked = doc("1.1", "11488-4", DOCTOR.subjectId(), "MASQUE_PS");
        assertFalse(masked.deleted());
        assertAllowed(RULES.canSee(DOCTOR, RULES.habilitation(DOCTOR), masked));
        assertAllowed(RULES.canSee(Actor.patient(PID), RULES.habilitation(Actor.patient(PID)), masked));
    }

    // ---------------------------------------------------------------- §6 lifecycle

    @Test
    @DisplayName("R-50: deletion by the author only; deleted documents are gone")
    void R50_deletionByTheAuthorOnlyAndDeletedDocumentsAreGone() {
        DocumentFacts d = doc("1.1", "11488-4", DOCTOR.subjectId());
        assertEquals("R-50", RULES.canChangeStatus(DOCTOR, RECORD, d, DocumentFacts.DELETED).ruleId());
        assertDenied("R-50", RULES.canChangeStatus(OTHER_DOCTOR, RECORD, d, DocumentFacts.DELETED));
        assertDenied("R-50", RULES.canChangeStatus(Actor.patient(PID), ACTIVATED, d, DocumentFacts.DELETED));
        AccessDecision gone = read(DOCTOR, RECORD, CONSENT_HOSPITAL, d.withStatus(DocumentFacts.DELETED));
        assertDenied("R-50", gone);
        assertEquals("XDSDocumentUniqueIdError", gone.failure().errorCode());
    }

    @Test
    @DisplayName("R-51: archiving by the author or the patient")
    void R51_archivingByTheAuthorOrThePatient() {
        DocumentFacts d = doc("1.1", "11488-4", DOCTOR.subjectId());
        assertAllowed(RULES.canChangeStatus(DOCTOR, RECORD, d, DocumentFacts.ARCHIVED));
        assertAllowed(RULES.canChangeStatus(Actor.patient(PID), ACTIVATED, d, DocumentFacts.ARCHIVED));
        assertAllowed(RULES.canChangeStatus(DOCTOR, RECORD, d.withStatus(DocumentFacts.ARCHIVED), DocumentFacts.APPROVED));
        assertDenied("R-51", RULES.canChangeStatus(OTHER_DOCTOR, RECORD, d, DocumentFacts.ARCHIVED));
        AccessDecision odd = RULES.canChangeStatus(DOCTOR, RECORD, d, "urn:example:Frozen");
        assertDenied("R-51", odd);
        assertEquals("XDSMetadataUpdateOperationError", odd.failure().errorCode());
    }

    @Test
    @DisplayName("R-52: replacement by the author or his establishment")
    void R52_replacementByTheAuthorOrHisEstablishment() {
        DocumentFacts old = doc("1.1", "11488-4", DOCTOR.subjectId());
        assertAllowed(RULES.canReplace(DOCTOR, old));
        assertAllowed(RULES.canReplace(OTHER_DOCTOR, old));
        assertDenied("R-52", RULES.canReplace(Actor.professional("810005555555", "1130000001", "10", "SM26"), old));
    }

    // ---------------------------------------------------------------- §8 INS

    @Test
    @DisplayName("R-70: feeding requires a qualified INS")
    void R70_feedingRequiresAQualifiedIns() {
        assertAllowed(RULES.checkIns(PID));
        assertAllowed(RULES.checkIns(OTHER_PID));
        assertDenied("R-70", RULES.checkIns("0456789999^^^&1.2.250.1.999.1.1.7898.2&ISO^PI"));
        assertDenied("R-70", RULES.checkIns("279035121518989^^^&1.2.250.1.213.1.4.1&ISO^NH"));
        assertDenied("R-70", RULES.checkIns(null));
        AccessRules production = new AccessRules(MATRIX, AccessRulesConfig.defaults());
        AccessDecision testOid = production.checkIns(PID);
        assertDenied("R-70", testOid);
        assertTrue(testOid.reason().contains("test mode"), testOid.reason());
    }

    @Test
    @DisplayName("R-71: INS syntax, key and CDA agreement")
    void R71_insSyntaxKeyAndCdaAgreement() {
        AccessDecision badKey = RULES.checkIns("279035121518988^^^&1.2.250.1.213.1.4.10&ISO^NH");
        assertDenied("R-70", badKey);
        assertTrue(badKey.reason().contains("expected 89"), badKey.reason());
        assertDenied("R-70", RULES.checkIns("2790351215189^^^&1.2.250.1.213.1.4.8&ISO^NH"));
        assertAllowed(RULES.checkIns("155052A123456" + String.format("%02d", 97 - 1550519123456L % 97) + "^^^&1.2.250.1.213.1.4.8&ISO^NH"));
        assertAllowed(RULES.checkCdaPatient(PID, "1.2.250.1.213.1.4.10", "279035121518989"));
        AccessDecision mismatch = RULES.checkCdaPatient(PID, "1.2.250.1.213.1.4.10", "277076322082910");
        assertDenied("R-71", mismatch);
        assertEquals("XDSPatientIdDoesNotMatch", mismatch.failure().errorCode());
        assertDenied("R-71", RULES.checkCdaPatient(PID, null, null));
        // each document of a submission must carry the submission's INS
        DocumentFacts foreign = new DocumentFacts("1.9", OTHER_PID, "11488-4", Set.of("N"), Set.of(DOCTOR.subjectId()), Set.of(), null);
        assertDenied("R-71", RULES.canFeed(DOCTOR, RECORD, PatientDecisionSet.none(PID), List.of(foreign)));
    }

    @Test
    @DisplayName("R-72: the VIHF resource-id must be the patient of the request")
    void R72_vihfResourceIdMustBeThePatientOfTheRequest() {
        Actor a = DOCTOR.withResourceId(OTHER_PID);
        assertDenied("R-72", read(a, RECORD, CONSENT_HOSPITAL, doc("1.1", "11488-4", DOCTOR.subjectId())));
        assertDenied("R-72", RULES.canFeed(a, RECORD, CONSENT_HOSPITAL, List.of(doc("1.1", "11488-4", DOCTOR.subjectId()))));
        assertAllowed(read(DOCTOR.withResourceId("279035121518989^^^&1.2.250.1.213.1.4.10&ISO"), RECORD, CONSENT_HOSPITAL,
                doc("1.1", "11488-4", DOCTOR.subjectId())));
    }

    // ---------------------------------------------------------------- §9 AIR

    @Test
    @DisplayName("R-83: AIR needs a valid establishment contract")
    void R83_airNeedsAValidEstablishmentContract() {
        Actor air = DOCTOR.withAir(true, "INDIRECTE_RENFORCEE");
        assertDenied("R-83", RULES.checkAirContract(air, null, NOW));
        AirContract contract = new AirContract(HOSPITAL, NOW.minusSeconds(3600), NOW.plusSeconds(3600), "CNAM-2026-001");
        assertAllowed(RULES.checkAirContract(air, contract, NOW));
        assertDenied("R-83", RULES.checkAirContract(air, contract, NOW.plusSeconds(7200)));
        assertAllowed(RULES.checkAirContract(DOCTOR, null, NOW));
    }

    @Test
    @DisplayName("R-84: AIR mode is consultation only")
    void R84_airModeIsConsultationOnly() {
        Actor air = DOCTOR.withAir(true, "INDIRECTE_RENFORCEE");
        DocumentFacts d = doc("1.1", "11488-4", DOCTOR.subjectId());
        assertAllowed(read(air, RECORD, CONSENT_HOSPITAL, d));
        assertDenied("R-84", RULES.canFeed(air, RECORD, CONSENT_HOSPITAL, List.of(d)));
        assertDenied("R-84", RULES.canUpdate(air, RECORD, d, d.withConfidentiality(Set.of("N", "MASQUE_PS")), false));
        assertDenied("R-84", RULES.canChangeStatus(air, RECORD, d, DocumentFacts.DELETED));
    }
}
