package org.passerelle.gateway.security;

import org.junit.jupiter.api.Test;
import org.passerelle.certs.SamplePki;
import org.passerelle.registry.BulkLoader;
import org.passerelle.registry.RegistryConfig;
import org.passerelle.registry.XdsStore;
import org.passerelle.testsupport.TestDatabase;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rules bench end to end on H2 with a few requests: mutual TLS + VIHF + DMP access rules + audit on a registry
 * filled by BulkLoader; every answer is Success and lists the patient's 10 entries (a round throws otherwise), so
 * neither the rules nor the caller's profile filter anything away. Bulk ids that are not INS are
 * refused (the VIHF resource-id must be an INS, R-70).
 * Figures are not asserted.
 */
class Iti18RulesBenchTest {

    @Test
    void everyAnswerListsThePatientsEntriesWithTheRulesAndAuditOn() throws Exception {
        try (TestDatabase db = TestDatabase.h2()) {
            XdsStore.open(db.dataSource(), RegistryConfig.ihe("1.2.250.1.999.7.1"));
            assertEquals(30, new BulkLoader(db.dataSource()).loadDocumentEntries(300, 10, BulkLoader::insPatientId, null));
            Iti18RulesBench bench = new Iti18RulesBench();
            int exit = new CommandLine(bench).execute("--pki", SharedPki.get().dir().toString(), "--db", db.jdbcUrl(),
                    "--db-user", db.user(), "--patients", "30", "--warm-up", "6", "--requests", "12",
                    "--threads", "1", "--scale-threads", "3");
            assertEquals(0, exit);
            Iti18RulesBench.Result r = bench.result();
            assertEquals(3, r.rounds().size());
            assertEquals(3, r.rounds().get(2).threads());
            for (Iti18RulesBench.Measure m : r.rounds()) {
                assertEquals(10, m.minEntries(), "an answer listed fewer entries than the patient has");
                assertEquals(10, m.maxEntries());
                assertEquals(10L * m.round().requests(), m.entries());
                for (long latency : m.latencies()) assertTrue(latency > 0, "every request of the round was timed");
            }
        }
    }

    @Test
    void bulkIdsThatAreNotInsAreRefused() throws Exception {
        try (TestDatabase db = TestDatabase.h2()) {
            XdsStore.open(db.dataSource(), RegistryConfig.ihe("1.2.250.1.999.7.1"));
            new BulkLoader(db.dataSource()).loadDocumentEntries(20, 10, null);
            StringWriter err = new StringWriter();
            CommandLine cl = new CommandLine(new Iti18RulesBench()).setErr(new PrintWriter(err));
            int exit = cl.execute("--pki", SharedPki.get().dir().toString(), "--db", db.jdbcUrl(), "--db-user", db.user(),
                    "--ids", "bulk", "--patients", "2", "--warm-up", "1", "--requests", "1", "--scale-threads", "0");
            assertNotEquals(0, exit);
            // the VIHF layer already refuses a resource-id that is not an INS, before the rules' R-70
            assertTrue(err.toString().contains("wsse:InvalidSecurityToken") && err.toString().contains("ATTRIBUTE_MALFORMED"),
                    err.toString());
        }
    }
}
