package org.passerelle.gateway.audit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.passerelle.audit.AccessHistoryEntry;
import org.passerelle.audit.AuditEvent;
import org.passerelle.audit.AuditTrail;
import org.passerelle.gateway.spi.Caller;
import org.passerelle.gateway.spi.Transaction;
import org.passerelle.gateway.spi.TransactionAuditor.Outcome;
import org.passerelle.testsupport.TestDatabase;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class AtnaTransactionAuditorTest {

    static final String PID = "279035121518989^^^&1.2.250.1.213.1.4.10&ISO";

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void R60_R33_everyOutcomeIsAuditedWithModeAndRule(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind);
             AuditTrail trail = AuditTrail.open(db.dataSource(), AuditTrail.Config.forNode("gw"))) {
            AtnaTransactionAuditor auditor = new AtnaTransactionAuditor(trail);
            Caller doctor = new Caller("801234567897", "Dr EXEMPLE", "1750712184", "10", "SM26",
                    List.of("10@1.2.250.1.71.1.2.7", "SM26@1.2.250.1.71.4.2.5"), "INDIRECTE", "BRIS_DE_GLACE", PID, "_a1",
                    null, Map.of("Mode_Acces_Raison", List.of("coma")));
            auditor.record(doctor, Transaction.ITI_18, PID, List.of("1.2.3"), Outcome.SUCCESS, null);
            auditor.record(doctor, Transaction.ITI_43, PID, List.of("1.2.4"), Outcome.REFUSED,
                    "XDSRegistryError: R-11: the habilitation matrix does not allow profession 10 to read typeCode X");
            auditor.record(Caller.anonymous(), Transaction.ITI_41, null, List.of(), Outcome.FAILURE, "XDSRegistryMetadataError: bad");
            trail.flush();
            List<AccessHistoryEntry> h = trail.history(PID + "^NH", null, null);
            assertEquals(2, h.size());
            assertEquals("bris_de_glace", h.get(0).accessMode());
            assertEquals("R-30", h.get(0).ruleId(), "R-33: an emergency access is flagged with the rule that opened it");
            assertEquals("coma", h.get(0).emergencyReason());
            assertEquals(AuditEvent.Outcome.REFUSED, h.get(1).outcome());
            assertEquals("R-11", h.get(1).ruleId());
            assertEquals("1750712184", h.get(1).structureId());
            assertTrue(trail.verifyChain().intact());
            assertEquals(3, trail.verifyChain().rowsChecked(), "anonymous failures are audited too");
        }
    }
}
