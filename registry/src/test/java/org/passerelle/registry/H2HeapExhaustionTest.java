package org.passerelle.registry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 4, reproduced for real: a forked JVM with -Xmx64m and a pooled file H2 store (as in the gateway) runs
 * {@link H2HeapProbe}: one big generated document, then three small submissions. H2 only: PostgreSQL keeps a
 * transaction's pages out of the JVM heap (EmbeddedStoreLimitTest shows it storing what H2 refuses).
 */
class H2HeapExhaustionTest {
    private static final long NO_GUARD = Long.MAX_VALUE;

    @TempDir
    Path dir;

    private List<String> probe(long mb, long limit) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(java, "-Xmx64m", "-cp", cp, H2HeapProbe.class.getName(),
                dir.toString(), String.valueOf(mb), String.valueOf(limit))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "probe did not finish");
        assertEquals(0, p.exitValue(), out);
        List<String> outcomes = out.lines().filter(l -> l.startsWith("BIG=") || l.startsWith("SMALL=")).toList();
        assertEquals(4, outcomes.size(), out);
        return outcomes;
    }

    /** The bug: without the guard, 32 MB under a 64 MB heap makes H2 close its store and every later request fails. */
    @Test
    void withoutTheGuardABigDocumentKillsTheStore() throws Exception {
        List<String> o = probe(32, NO_GUARD);
        assertTrue(o.get(0).startsWith("BIG=FAILURE"), o.get(0));
        assertTrue(o.get(3).startsWith("SMALL=FAILURE") && o.get(3).contains("closed"), o.get(3));
    }

    @Test
    void theDefaultGuardRefusesTheBigDocumentAndTheStoreLivesOn() throws Exception {
        List<String> o = probe(32, 0);
        assertTrue(o.get(0).startsWith("BIG=FAILURE REPOSITORY_ERROR") && o.get(0).contains("embedded H2")
                && o.get(0).contains("PostgreSQL"), o.get(0));
        assertEquals(List.of("SMALL=SUCCESS", "SMALL=SUCCESS", "SMALL=SUCCESS"), o.subList(1, 4));
    }

    /** The largest submission the default guard accepts leaves the store alive for the next ones. */
    @Test
    void aSubmissionAtTheDefaultLimitIsStoredAndTheStoreLivesOn() throws Exception {
        List<String> o = probe(-1, 0);
        assertEquals(List.of("BIG=SUCCESS", "SMALL=SUCCESS", "SMALL=SUCCESS", "SMALL=SUCCESS"), o);
    }
}
