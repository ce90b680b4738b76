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
    void R01_unknownPatientHasAnActiveRecordOnFirstUse() {
        PatientRecord r = PatientRecords.FIRST_USE.get(PID);
        assertEquals(RecordState.ACTIVE, r.state());
        assertFalse(r.activated());
        assertAllowed(RULES.canFeed(DOCTOR, r, PatientDecisionSet.none(PID), List.of(doc("1.1", "11488-4", DOCTOR.subjectId()))));
    }

    @Test
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
    void R03_patientWhoDidNotActivateCanNeitherFeedNorConsultButProfessionalsCan() {
        DocumentFacts d = doc("1.1", "11488-4", DOCTOR.subjectId());
        Actor patient = Actor.patient(PID);
        assertDenied("R-03", read(patient, RECORD, CONSENT_HOSPITAL, d));
        assertDenied("R-03", RULES.canFeed(patient, RECORD, CONSENT_HOSPITAL, List.of(d)));
        assertAllowed(read(DOCTOR, RECORD, CONSENT_HOSPITAL, d));
        assertAllowed(RULES.canFeed(DOCTOR, RECORD, CONSENT_HOSPITAL, List.of(d)));
        PatientRecord activated = new PatientRecord(PID, RecordState.ACTIVE, true);
        assertAllowed(read(patient, activated, PatientDecisionSet.none(PID), d));
        assertAllowed(RULES.canFeed(patient, activated, PatientDecisionSet.none(PID), List.of(d)));
    }

    @Test
    void R04_feedingOppositionForOneTypeOrAll() {
        PatientDecisionSet psy = new PatientDecisionSet(PID, false, Set.of("11502-2"), Set.of(), true, List.of());
        assertDenied("R-04", RULES.canFeed(DOCTOR, RECORD, psy, List.of(doc("1.1", "11502-2", DOCTOR.subjectId()))));
        assertAllowed(RULES.canFeed(DOCTOR, RECORD, psy, List.of(doc("1.2", "11488-4", DOCTOR.subjectId()))));
        PatientDecisionSet all = new PatientDecisionSet(PID, false, Set.of(PatientDecisionSet.ALL_TYPES), Set.of(), true, List.of());
        assertDenied("R-04", RULES.canFeed(DOCTOR, RECORD, all, List.of(doc("1.2", "11488-4", DOCTOR.subjectId()))));
    }

    @Test
    void R05_consultationOppositionRefusesEveryProfessionalEvenInEmergency() {
        PatientDecisionSet opposed = new PatientDecisionSet(PID, true, Set.of(), Set.of(), true, CONSENT_HOSPITAL.consents());
        DocumentFacts d = doc("1.1", "11488-4", DOCTOR.subjectId());
        assertDenied("R-05", read(DOCTOR, RECORD, opposed, d));
        assertDenied("R-05", read(DOCTOR.withMode(AccessMode.BRIS_DE_GLACE, null), RECORD, opposed, d));
        // feeding stays possible (R-22: information only)
        assertAllowed(RULES.canFeed(DOCTOR, RECORD, opposed, List.of(d)));
    }

    @Test
    void R06_blockedProfessionalGetsNothingWhateverConsentOrMode() {
        PatientDecisionSet blocked = new PatientDecisionSet(PID, false, Set.of(), Set.of(DOCTOR.subjectId()), true,
                CONSENT_HOSPITAL.consents());
        DocumentFacts d = doc("1.1", "11488-4", DOCTOR.subjectId());
        assertDenied("R-06", read(DOCTOR, RECORD, blocked, d));
        assertDenied("R-06", read(DOCTOR.withMode(AccessMode.BRIS_DE_GLACE, null), RECORD, blocked, d));
        assertAllowed(read(OTHER_DOCTOR, RECORD, blocked, d));
    }

    @Test
    void R07_recordStateIsExposedBeforeAnyQuery() {
        AccessRules.RecordStatus closed = RULES.recordStatus(DOCTOR, new PatientRecord(PID, RecordState.CLOSED, false),
                PatientDecisionSet.none(PID), NOW);
        assertEquals(RecordState.CLOSED, closed.state());
        assertDenied("R-02", closed.consultation());
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
    void R10_feedingIsOpenToEveryProfessionUnlessTheWriteColumnRestrictsIt() {
        assertAllowed(RULES.canFeed(FITTER, RECORD, PatientDecisionSet.none(PID), List.of(doc("1.1", "11488-4", FITTER.subjectId()))));
        assertAllowed(RULES.canFeed(FITTER, RECORD, PatientDecisionSet.none(PID), List.of(doc("1.1", "99999-9", FITTER.subjectId()))));
        assertDenied("R-10", RULES.canFeed(NURSE, RECORD, PatientDecisionSet.none(PID), List.of(doc("1.1", "11502-2", NURSE.subjectId()))));
        assertAllowed(RULES.canFeed(DOCTOR, RECORD, PatientDecisionSet.none(PID), List.of(doc("1.1", "11502-2", DOCTOR.subjectId()))));
    }

    @Test
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
    void R12_typeCodeAbsentFromTheMatrixIsDeniedForConsultation() {
        assertDenied("R-11", read(DOCTOR, RECORD, CONSENT_HOSPITAL, doc("1.1", "18748-4", DOCTOR.subjectId())));
    }

    @Test
    void R13_everyMatrixRefusalNamesCallerTypeAndReason() {
        AccessDecision d = read(FITTER, RECORD, CONSENT_HOSPITAL, doc("1.1", "11488-4", DOCTOR.subjectId()));
        assertDenied("R-11", d);
        assertEquals(AccessFailure.READ_NOT_HABILITATED, d.failure());
        assertTrue(d.reason().contains("26") && d.reason().contains("11488-4"));
    }

    @Test
    void R15_medicoSocialRolesAreMatchedOnTheirActivityGenre() {
        Actor coordWithoutGenre = Actor.professional("895000000002", HOSPITAL, "95", null);
        assertDenied("R-11", read(coordWithoutGenre, RECORD, CONSENT_HOSPITAL, doc("1.1", "11488-4", DOCTOR.subjectId())));
        assertAllowed(read(SOCIAL_COORD, RECORD, CONSENT_HOSPITAL, doc("1.1", "11488-4", DOCTOR.subjectId())));
    }

    @Test
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

    // ---------------------------------------------------------------- §3 consent

    @Test
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
    void R32_emergencyNeverBypassesMatrixOrMasking() {
        Actor bdgNurse = NURSE.withMode(AccessMode.BRIS_DE_GLACE, null);
        assertDenied("R-11", read(bdgNurse, RECORD, PatientDecisionSet.none(PID), doc("1.1", "11502-2", DOCTOR.subjectId())));
        assertDenied("R-40", read(bdgNurse, RECORD, PatientDecisionSet.none(PID), doc("1.2", "11488-4", DOCTOR.subjectId(), "MASQUE_PS")));
    }

    @Test
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
    void R43_patientMayMaskAndUnmaskAnyDocumentOfHisRecord() {
        DocumentFacts d = doc("1.1", "11488-4", DOCTOR.subjectId());
        Actor patient = Actor.patient(PID);
        AccessDecision mask = RULES.canUpdate(patient, RECORD, d, d.withConfidentiality(Set.of("N", "MASQUE_PS")), false);
        assertEquals("R-43", mask.ruleId());
        assertTrue(mask.allowed());
        assertDenied("R-41", RULES.canUpdate(patient, RECORD, d, d.withConfidentiality(Set.of("N", "INVISIBLE_PATIENT")), false));
    }

    @Test
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
    void R45_maskingKeepsTheDocumentForAuthorAndPatient() {
        DocumentFacts masked = doc("1.1", "11488-4", DOCTOR.subjectId(), "MASQUE_PS");
        assertFalse(masked.deleted());
        assertAllowed(RULES.canSee(DOCTOR, RULES.habilitation(DOCTOR), masked));
        assertAllowed(RULES.canSee(Actor.patient(PID), RULES.habilitation(Actor.patient(PID)), masked));
    }

    // ---------------------------------------------------------------- §6 lifecycle

    @Test
    void R50_deletionByTheAuthorOnlyAndDeletedDocumentsAreGone() {
        DocumentFacts d = doc("1.1", "11488-4", DOCTOR.subjectId());
        assertEquals("R-50", RULES.canChangeStatus(DOCTOR, RECORD, d, DocumentFacts.DELETED).ruleId());
        assertDenied("R-50", RULES.canChangeStatus(OTHER_DOCTOR, RECORD, d, DocumentFacts.DELETED));
        assertDenied("R-50", RULES.canChangeStatus(Actor.patient(PID), RECORD, d, DocumentFacts.DELETED));
        AccessDecision gone = read(DOCTOR, RECORD, CONSENT_HOSPITAL, d.withStatus(DocumentFacts.DELETED));
        assertDenied("R-50", gone);
        assertEquals("XDSDocumentUniqueIdError", gone.failure().errorCode());
    }

    @Test
    void R51_archivingByTheAuthorOrThePatient() {
        DocumentFacts d = doc("1.1", "11488-4", DOCTOR.subjectId());
        assertAllowed(RULES.canChangeStatus(DOCTOR, RECORD, d, DocumentFacts.ARCHIVED));
        assertAllowed(RULES.canChangeStatus(Actor.patient(PID), RECORD, d, DocumentFacts.ARCHIVED));
        assertAllowed(RULES.canChangeStatus(DOCTOR, RECORD, d.withStatus(DocumentFacts.ARCHIVED), DocumentFacts.APPROVED));
        assertDenied("R-51", RULES.canChangeStatus(OTHER_DOCTOR, RECORD, d, DocumentFacts.ARCHIVED));
        AccessDecision odd = RULES.canChangeStatus(DOCTOR, RECORD, d, "urn:example:Frozen");
        assertDenied("R-51", odd);
        assertEquals("XDSMetadataUpdateOperationError", odd.failure().errorCode());
    }

    @Test
    void R52_replacementByTheAuthorOrHisEstablishment() {
        DocumentFacts old = doc("1.1", "11488-4", DOCTOR.subjectId());
        assertAllowed(RULES.canReplace(DOCTOR, old));
        assertAllowed(RULES.canReplace(OTHER_DOCTOR, old));
        assertDenied("R-52", RULES.canReplace(Actor.professional("810005555555", "1130000001", "10", "SM26"), old));
    }

    // ---------------------------------------------------------------- §8 INS

    @Test
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
    void R72_vihfResourceIdMustBeThePatientOfTheRequest() {
        Actor a = DOCTOR.withResourceId(OTHER_PID);
        assertDenied("R-72", read(a, RECORD, CONSENT_HOSPITAL, doc("1.1", "11488-4", DOCTOR.subjectId())));
        assertDenied("R-72", RULES.canFeed(a, RECORD, CONSENT_HOSPITAL, List.of(doc("1.1", "11488-4", DOCTOR.subjectId()))));
        assertAllowed(read(DOCTOR.withResourceId("279035121518989^^^&1.2.250.1.213.1.4.10&ISO"), RECORD, CONSENT_HOSPITAL,
                doc("1.1", "11488-4", DOCTOR.subjectId())));
    }

    // ---------------------------------------------------------------- §9 AIR

    @Test
    void R83_airNeedsAValidEstablishmentContract() {
        Actor air = DOCTOR.withAir(true, "INDIRECTE_RENFORCEE");
        assertDenied("R-83", RULES.checkAirContract(air, null, NOW));
        AirContract contract = new AirContract(HOSPITAL, NOW.minusSeconds(3600), NOW.plusSeconds(3600), "CNAM-2026-001");
        assertAllowed(RULES.checkAirContract(air, contract, NOW));
        assertDenied("R-83", RULES.checkAirContract(air, contract, NOW.plusSeconds(7200)));
        assertAllowed(RULES.checkAirContract(DOCTOR, null, NOW));
    }

    @Test
    void R84_airModeIsConsultationOnly() {
        Actor air = DOCTOR.withAir(true, "INDIRECTE_RENFORCEE");
        DocumentFacts d = doc("1.1", "11488-4", DOCTOR.subjectId());
        assertAllowed(read(air, RECORD, CONSENT_HOSPITAL, d));
        assertDenied("R-84", RULES.canFeed(air, RECORD, CONSENT_HOSPITAL, List.of(d)));
        assertDenied("R-84", RULES.canUpdate(air, RECORD, d, d.withConfidentiality(Set.of("N", "MASQUE_PS")), false));
        assertDenied("R-84", RULES.canChangeStatus(air, RECORD, d, DocumentFacts.DELETED));
    }
}
