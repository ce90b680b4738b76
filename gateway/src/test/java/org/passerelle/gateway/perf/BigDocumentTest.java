package org.passerelle.gateway.perf;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.passerelle.testsupport.SharedFolder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 4 end to end: a gateway on its embedded H2 database, in a JVM limited to -Xmx256m, takes a 100 MB document by
 * ITI-41 (MTOM, chunked) and gives the same bytes back by ITI-43 ({@code gateway bench --big-mb 100}, client and gateway
 * in the forked JVM). Before content staging, H2 ran out of heap at the COMMIT and closed its store. About 30-40 s on
 * a loaded 2-core machine; excluded with {@code -DexcludedGroups=big}.
 */
@Tag("big")
class BigDocumentTest {

    @Test
    void hundredMegabytesThroughTheGatewayOnH2WithinA256MegabyteHeap() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(java, "-Xmx256m", "-cp", cp, BigDocumentBenchMain.class.getName(),
                "--kit", SharedFolder.ciSis().toString(), "--phases", "retrieve", "--count", "1", "--warmup", "0",
                "--threads", "1", "--patients", "1", "--big-mb", "100")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "bench did not finish");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("big document: 100 MB submitted") && out.contains(104_857_600 + " bytes back, SHA-1 matches")
                && out.contains("max heap"), out);
        assertTrue(out.contains("H2 (embedded"), out);
    }
}
