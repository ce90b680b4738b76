package org.passerelle.gateway.audit;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.passerelle.audit.AuditTrail;
import org.passerelle.gateway.GatewayCommand;
import org.passerelle.gateway.spi.Caller;
import org.passerelle.gateway.spi.Transaction;
import org.passerelle.gateway.spi.TransactionAuditor;
import org.passerelle.testsupport.TestDatabase;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code gateway audit verify | history} through picocli on H2 and PostgreSQL, with the gateway's database options,
 * on a trail written by the gateway's own auditor.
 */
class GatewayAuditCommandTest {

    static final String PID = "279035121518989^^^&1.2.250.1.213.1.4.10&ISO";

    record Run(int code, String out, String err) { }

    static Run gateway(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = GatewayCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    static String[] on(TestDatabase db, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--db-url", db.jdbcUrl(), "--db-user", db.user(), "--ins-test-oids"));
        return all.toArray(String[]::new);
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    @DisplayName("R-60 / R-61: gateway audit verify proves the chain and names a tampered row; gateway audit history lists the patient's accesses")
    void R60_R61_verifyAndHistory(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            Caller doctor = new Caller("810000000001", "EXEMPLE Marie", "1750712184", "10", "SM26", List.of("10@1.2.250.1.71.1.2.7"),
                    "INDIRECTE", "normal", PID, "_a1", null, Map.of());
            Caller nurse = new Caller("860000000003", "EXEMPLE Paul", "1750712184", "60", null, List.of("60@1.2.250.1.71.1.2.7"),
                    "INDIRECTE", "normal", PID, "_a2", null, Map.of());
            try (AuditTrail trail = AuditTrail.open(db.dataSource(), AuditTrail.Config.forNode("cli-test"))) {
                AtnaTransactionAuditor auditor = new AtnaTransactionAuditor(trail);
                auditor.record(doctor, Transaction.ITI_41, PID, List.of("1.2.3.1"), TransactionAuditor.Outcome.SUCCESS, null);
                auditor.record(nurse, Transaction.ITI_43, PID, List.of("1.2.3.1"), TransactionAuditor.Outcome.REFUSED,
                        "XDSRegistryError R-11: the habilitation matrix does not allow profession 60 to read typeCode 11502-2");
                auditor.record(doctor, Transaction.ITI_18, PID, List.of("1.2.3.1"), TransactionAuditor.Outcome.SUCCESS, null);
                trail.flush();
            }
            Run verified = gateway(on(db, "audit", "verify"));
            assertEquals(0, verified.code(), verified.err());
            assertTrue(verified.out().contains("OK: 3 audit rows in 1 chain(s)"), verified.out());

            Run history = gateway(on(db, "audit", "history", "--patient", PID + "^NH"));
            assertEquals(0, history.code(), history.err());
            List<String> lines = history.out().lines().toList();
            assertEquals(4, lines.size(), history.out());
            assertTrue(lines.get(0).startsWith("3 audited action(s)"), lines.get(0));
            assertTrue(lines.get(2).contains("ITI-43") && lines.get(2).contains("REFUSED") && lines.get(2).contains("R-11")
                    && lines.get(2).contains("860000000003"), lines.get(2));
            Run later = gateway(on(db, "audit", "history", "--patient", PID, "--from", "2999-01-01T00:00:00Z"));
            assertEquals(0, later.code());
            assertTrue(later.out().startsWith("0 audited action(s)"), later.out());

            try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE audit_event SET outcome = 'SUCCESS' WHERE seq = 2");
            }
            Run broken = gateway(on(db, "audit", "verify"));
            assertEquals(3, broken.code(), broken.out());
            assertTrue(broken.err().contains("broken at seq 2"), broken.err());

            Run badDate = gateway(on(db, "audit", "history", "--patient", PID, "--from", "yesterday"));
            assertEquals(64, badDate.code());
            assertTrue(badDate.err().contains("ISO-8601"), badDate.err());
            Run badIns = gateway(on(db, "audit", "history", "--patient", "12345^^^&1.2.3&ISO"));
            assertEquals(64, badIns.code());
            assertTrue(badIns.err().contains("not a qualified INS"), badIns.err());
        }
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void aDatabaseWithoutAuditTrailIsNamedAsSuch(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            for (String[] args : List.of(on(db, "audit", "verify"), on(db, "audit", "history", "--patient", PID))) {
                Run r = gateway(args);
                assertEquals(2, r.code(), r.out());
                assertTrue(r.err().contains("no audit trail") && r.err().contains("audit.enabled=true"), r.err());
            }
        }
    }

    @org.junit.jupiter.api.Test
    void unreachableDatabaseAndHelp() throws Exception {
        String missing = "jdbc:h2:file:" + Files.createTempDirectory("no-db-").resolve("absent").toAbsolutePath() + ";IFEXISTS=TRUE";
        Run none = gateway("audit", "verify", "--db-url", missing);
        assertEquals(2, none.code(), none.out());
        assertFalse(none.err().isBlank());
        for (String sub : List.of("verify", "history")) {
            Run help = gateway("audit", sub, "--help");
            assertEquals(0, help.code());
            assertTrue(help.out().contains("Usage: gateway audit " + sub) && help.out().contains("--db-url"), help.out());
        }
        Run noSub = gateway("audit");
        assertNotEquals(0, noSub.code());
    }
}
