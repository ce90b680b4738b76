package org.passerelle.registry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 4 on the embedded store: H2 holds a whole uncommitted transaction on the heap, and ran out of it at the COMMIT
 * of a big document (then closed its store for good): 32 MB under -Xmx64m, 64 MB under -Xmx256m. Content is now staged
 * in transactions of a few MB: a forked JVM with -Xmx128m stores a 100 MB document in a pooled file H2 store (as in the
 * gateway), gets the same bytes back, and keeps working. (Measured: 100 MB passes down to -Xmx96m; below, H2's own
 * page cache and write buffers no longer fit.)
 */
class H2BigDocumentTest {
    @TempDir
    Path dir;

    @Test
    void aDocumentLargerThanTheHeapIsStoredRetrievedAndTheStoreLivesOn() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(java, "-Xmx128m", "-cp", cp, H2BigDocumentProbe.class.getName(), dir.toString(), "100")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "probe did not finish");
        assertEquals(0, p.exitValue(), out);
        List<String> outcomes = out.lines().filter(l -> l.matches("^(BIG|BACK|SMALL)=.*")).toList();
        assertEquals(List.of("BIG=SUCCESS", "BACK=SAME " + (100L << 20), "SMALL=SUCCESS", "SMALL=SUCCESS", "SMALL=SUCCESS"),
                outcomes, out);
    }
}
