package org.passerelle.audit;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class AuditCommandTest {

    record Run(int code, String out, String err) { }

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = AuditCommand.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void R61_verifyAndHistoryOnAnH2FileDatabase() throws Exception {
        Path dir = Files.createTempDirectory("audit-cli-");
        String url = "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
        String pid = AuditTrailTest.PID;
        com.zaxxer.hikari.HikariDataSource ds = new com.zaxxer.hikari.HikariDataSource();
        ds.setJdbcUrl(url);
        ds.setUsername("sa");
        try (ds; AuditTrail trail = AuditTrail.open(ds, AuditTrail.Config.forNode("cli"))) {
            trail.record(AuditTrailTest.event(1, "ITI-41", AuditEvent.Outcome.SUCCESS, "81001", null, pid, null, "1.1"));
            trail.record(AuditTrailTest.event(2, "ITI-43", AuditEvent.Outcome.REFUSED, "81002", null, pid, "R-11", "1.1"));
            trail.record(AuditTrailTest.event(3, "ITI-18", AuditEvent.Outcome.SUCCESS, "81003", "bris_de_glace", pid, "R-30"));
            trail.flush();
        }
        Run ok = run("verify", "--db", url);
        assertEquals(0, ok.code(), ok.err());
        assertTrue(ok.out().contains("OK: 3 audit rows in 1 chain(s)"), ok.out());

        Run h = run("history", "--db", url, "--patient", pid);
        assertEquals(0, h.code(), h.err());
        List<String> lines = h.out().lines().toList();
        assertEquals(4, lines.size(), h.out());
        assertTrue(lines.get(2).contains("ITI-43") && lines.get(2).contains("REFUSED") && lines.get(2).contains("R-11"), lines.get(2));
        assertTrue(lines.get(3).contains("bris_de_glace") && lines.get(3).contains("patient inconscient"), lines.get(3));

        try (com.zaxxer.hikari.HikariDataSource tamper = new com.zaxxer.hikari.HikariDataSource()) {
            tamper.setJdbcUrl(url);
            tamper.setUsername("sa");
            try (Connection c = tamper.getConnection(); Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE audit_event SET outcome = 'SUCCESS' WHERE seq = 2");
            }
        }
        Run broken = run("verify", "--db", url);
        assertEquals(3, broken.code());
        assertTrue(broken.err().contains("broken at seq 2"), broken.err());

        Run badDate = run("history", "--db", url, "--patient", pid, "--from", "yesterday");
        assertEquals(64, badDate.code());
        Run missing = run("verify");
        assertEquals(64, missing.code());
        assertTrue(missing.err().contains("--db"), missing.err());
        Run noDb = run("verify", "--db", "jdbc:postgresql://127.0.0.1:1/nothing");
        assertEquals(2, noDb.code());
        assertTrue(noDb.err().contains("cannot use the audit database"), noDb.err());
    }
}
