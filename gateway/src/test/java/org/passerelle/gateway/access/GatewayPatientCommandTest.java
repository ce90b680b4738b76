package org.passerelle.gateway.access;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.passerelle.access.Consent;
import org.passerelle.access.JdbcPatientDecisions;
import org.passerelle.access.PatientDecisionSet;
import org.passerelle.gateway.GatewayCommand;
import org.passerelle.testsupport.TestDatabase;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code gateway patient …} through picocli on H2 and PostgreSQL: R-03 activation, the patient's decisions (R-04,
 * ) and the R-07 view, each checked in the database the gateway reads; unknown patients
 * (exit 3), ids that are not a qualified INS (exit 2) and bad options (exit 2) change nothing.
 */
class GatewayPatientCommandTest {

    static final String INS = "279035121518989";
    static final String PID = INS + "^^^&1.2.250.1.213.1.4.10&ISO";

    record Run(int code, String out, String err) { }

    static Run gateway(TestDatabase db, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (!all.contains("--help")) {
            all.addAll(List.of("--db-url", db.jdbcUrl(), "--db-user", db.user(), "--ins-test-oids"));
        }
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = GatewayCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    static Run ok(TestDatabase db, String... args) {
        Run r = gateway(db, args);
        assertEquals(0, r.code(), () -> String.join(" ", args) + "\nout: " + r.out() + "\nerr: " + r.err());
        return r;
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    @DisplayName("R-03 / R-07: gateway patient activate, deactivate and show")
    void R03_R07_activationAndState(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            Run unknown = gateway(db, "patient", "activate", "--pid", PID);
            assertEquals(3, unknown.code(), unknown.err());
            assertTrue(unknown.err().contains("unknown patient " + PID) && unknown.err().contains("gateway patient register"), unknown.err());

            ok(db, "patient", "register", "--pid", PID + "^NH", "--name", "DOE^Jane");
            assertTrue(ok(db, "patient", "show", "--pid", PID).out().contains("activated            no"));
            assertTrue(ok(db, "patient", "activate", "--pid", PID + "^NH").out().contains(PID + " activated"));
            String shown = ok(db, "patient", "show", "--pid", PID).out();
            assertTrue(shown.contains("state                ACTIVE since ") && shown.contains("activated            yes, since "), shown);
            assertTrue(ok(db, "patient", "list").out().contains(PID + "\tACTIVE\tactivated"));
            ok(db, "patient", "deactivate", "--pid", PID);
            assertTrue(ok(db, "patient", "list").out().contains(PID + "\tACTIVE\tnot-activated"));

            ok(db, "patient", "set-state", "--pid", PID, "--state", "closed", "--reason", "décès");
            String closed = ok(db, "patient", "show", "--pid", PID).out();
            assertTrue(closed.contains("CLOSED since ") && closed.contains("(décès)"), closed);
        }
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    @DisplayName("R-04 / R-05 / R-06 / R-20 / R-21: the patient's decisions set and withdrawn from the command line")
    void R04_R05_R06_R20_R21_decisions(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            ok(db, "patient", "register", "--pid", PID);
            JdbcPatientDecisions store = JdbcPatientDecisions.open(db.dataSource());

            ok(db, "patient", "oppose-consultation", "--pid", PID + "^NH");
            ok(db, "patient", "oppose-feeding", "--pid", PID, "--type", "11502-2", "--reason", "compte rendu psychiatrique");
            ok(db, "patient", "block", "--pid", PID, "--professional", "810000000002");
            ok(db, "patient", "emergency", "--pid", PID, "--forbid");
            ok(db, "patient", "consent", "--pid", PID, "--care-team", "1750712184", "--until", "2030-01-01T00:00:00Z");
            ok(db, "patient", "consent", "--pid", PID, "--professional", "810000000009");
            PatientDecisionSet d = store.forPatient(PID);
            assertTrue(d.consultationOpposed());
            assertEquals(Set.of("11502-2"), d.feedingOpposedTypes());
            assertEquals(Set.of("810000000002"), d.blockedProfessionals());
            assertFalse(d.emergencyAllowed());
            assertEquals(2, d.consents().size());
            Consent team = d.consents().stream().filter(c -> c.scope() == Consent.Scope.CARE_TEAM).findFirst().orElseThrow();
            assertEquals("1750712184", team.grantee());
            assertEquals(Instant.parse("2030-01-01T00:00:00Z"), team.until());
            String shown = ok(db, "patient", "show", "--pid", PID).out();
            assertTrue(shown.contains("consultation         OPPOSED") && shown.contains("feeding opposed for  11502-2")
                    && shown.contains("blocked              810000000002") && shown.contains("emergency access     FORBIDDEN")
                    && shown.contains("CARE_TEAM 1750712184"), shown);

            ok(db, "patient", "oppose-consultation", "--pid", PID, "--withdraw");
            ok(db, "patient", "oppose-feeding", "--pid", PID, "--type", "11502-2", "--withdraw");
            ok(db, "patient", "block", "--pid", PID, "--professional", "810000000002", "--unblock");
            ok(db, "patient", "emergency", "--pid", PID, "--allow");
            ok(db, "patient", "consent", "--pid", PID, "--care-team", "1750712184", "--revoke");
            PatientDecisionSet after = store.forPatient(PID);
            assertFalse(after.consultationOpposed());
            assertTrue(after.feedingOpposedTypes().isEmpty() && after.blockedProfessionals().isEmpty());
            assertTrue(after.emergencyAllowed());
            assertEquals(List.of("810000000009"), after.consents().stream().map(Consent::grantee).toList());
        }
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    @DisplayName("R-70: bad INS, unknown patients and bad options get a clear error, an exit code, and change nothing")
    void R70_badInputIsRefusedWithoutWriting(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            ok(db, "patient", "register", "--pid", PID);
            Run badKey = gateway(db, "patient", "oppose-consultation", "--pid", "279035121518988^^^&1.2.250.1.213.1.4.10&ISO");
            assertEquals(GatewayCommand.EXIT_USAGE, badKey.code());
            assertTrue(badKey.err().contains("not a qualified INS (R-70)"), badKey.err());
            Run notIns = gateway(db, "patient", "register", "--pid", "12345^^^&1.2.3.4&ISO");
            assertEquals(GatewayCommand.EXIT_USAGE, notIns.code());
            assertTrue(notIns.err().contains("not a qualified INS"), notIns.err());
            Run unknown = gateway(db, "patient", "block", "--pid", "277076322082910^^^&1.2.250.1.213.1.4.10&ISO", "--professional", "8100");
            assertEquals(GatewayCommand.EXIT_NOT_FOUND, unknown.code());
            Run noReason = gateway(db, "patient", "oppose-feeding", "--pid", PID, "--type", "*");
            assertEquals(GatewayCommand.EXIT_USAGE, noReason.code());
            assertTrue(noReason.err().contains("legitimate reason"), noReason.err());
            Run both = gateway(db, "patient", "emergency", "--pid", PID, "--allow", "--forbid");
            assertEquals(GatewayCommand.EXIT_USAGE, both.code());
            Run neither = gateway(db, "patient", "consent", "--pid", PID);
            assertEquals(GatewayCommand.EXIT_USAGE, neither.code());
            Run badDate = gateway(db, "patient", "consent", "--pid", PID, "--care-team", "1750712184", "--until", "demain");
            assertEquals(GatewayCommand.EXIT_USAGE, badDate.code());
            assertTrue(badDate.err().contains("ISO-8601"), badDate.err());
            Run backwards = gateway(db, "patient", "consent", "--pid", PID, "--care-team", "1750712184",
                    "--from", "2030-01-01T00:00:00Z", "--until", "2029-01-01T00:00:00Z");
            assertEquals(GatewayCommand.EXIT_USAGE, backwards.code());
            assertEquals(PatientDecisionSet.none(PID), JdbcPatientDecisions.open(db.dataSource()).forPatient(PID), "nothing was written");
        }
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void everyPatientCommandAnswersHelp(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            for (String sub : List.of("register", "set-state", "list", "show", "activate", "deactivate", "oppose-consultation",
                    "oppose-feeding", "block", "emergency", "consent")) {
                Run help = gateway(db, "patient", sub, "--help");
                assertEquals(0, help.code(), sub);
                assertTrue(help.out().contains("Usage: gateway patient " + sub), help.out());
            }
        }
    }
}
