package org.passerelle.access;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.passerelle.testsupport.TestDatabase;

import java.time.Instant;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class JdbcPatientDecisionsTest {

    static final String PID = AccessRulesTest.PID;

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void R04_R05_R06_R20_R21_decisionsRoundTripAndDriveTheRules(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            JdbcPatientDecisions store = JdbcPatientDecisions.open(db.dataSource());
            PatientDecisionSet none = store.forPatient(PID);
            assertEquals(PatientDecisionSet.none(PID), none);

            Instant from = Instant.parse("2026-01-01T00:00:00Z");
            store.grantConsent(PID, new Consent(Consent.Scope.CARE_TEAM, AccessRulesTest.HOSPITAL, from, null));
            store.grantConsent(PID, new Consent(Consent.Scope.PROFESSIONAL, "810005555555", from, from.plusSeconds(3600)));
            store.block(PID, "810009999999");
            store.block(PID, "810009999999"); // idempotent
            store.opposeFeeding(PID, "11502-2", "compte rendu psychiatrique");
            store.setEmergencyAllowed(PID, false);
            PatientDecisionSet d = store.forPatient(PID);
            assertEquals(2, d.consents().size());
            assertTrue(d.consents().contains(new Consent(Consent.Scope.PROFESSIONAL, "810005555555", from, from.plusSeconds(3600))));
            assertEquals(Set.of("810009999999"), d.blockedProfessionals());
            assertEquals(Set.of("11502-2"), d.feedingOpposedTypes());
            assertFalse(d.emergencyAllowed());
            assertFalse(d.consultationOpposed());

            AccessRules rules = AccessRulesTest.RULES;
            DocumentFacts doc = AccessRulesTest.doc("1.1", "11488-4", AccessRulesTest.DOCTOR.subjectId());
            assertTrue(rules.canRead(AccessRulesTest.DOCTOR, AccessRulesTest.RECORD, d, doc, AccessRulesTest.NOW).allowed());
            assertEquals("R-06", rules.canRead(AccessRulesTest.OTHER_DOCTOR, AccessRulesTest.RECORD, d, doc, AccessRulesTest.NOW).ruleId());
            assertEquals("R-30", rules.canRead(AccessRulesTest.DOCTOR.withMode(AccessMode.BRIS_DE_GLACE, null),
                    AccessRulesTest.RECORD, d, doc, AccessRulesTest.NOW).ruleId());

            store.setConsultationOpposed(PID, true);
            assertTrue(store.forPatient(PID).consultationOpposed());
            assertFalse(store.forPatient(PID).emergencyAllowed(), "setting one flag keeps the other");
            store.setConsultationOpposed(PID, false);
            store.setEmergencyAllowed(PID, true);
            store.unblock(PID, "810009999999");
            store.withdrawFeedingOpposition(PID, "11502-2");
            store.revokeConsent(PID, Consent.Scope.PROFESSIONAL, "810005555555");
            PatientDecisionSet back = store.forPatient(PID);
            assertEquals(1, back.consents().size());
            assertTrue(back.blockedProfessionals().isEmpty() && back.feedingOpposedTypes().isEmpty() && back.emergencyAllowed());

            assertThrows(IllegalArgumentException.class, () -> store.opposeFeeding(PID, "*", " "), "R-04 needs a reason");
            // AIR contracts per establishment
            assertTrue(store.forEstablishment(AccessRulesTest.HOSPITAL).isEmpty());
            AirContract contract = new AirContract(AccessRulesTest.HOSPITAL, from, null, "CNAM-1");
            store.setAirContract(contract);
            assertEquals(contract, store.forEstablishment(AccessRulesTest.HOSPITAL).orElseThrow());
            store.removeAirContract(AccessRulesTest.HOSPITAL);
            assertTrue(store.forEstablishment(AccessRulesTest.HOSPITAL).isEmpty());
            // a second open on the same database is a no-op migration
            assertEquals(back, JdbcPatientDecisions.open(db.dataSource()).forPatient(PID));
        }
    }
}
