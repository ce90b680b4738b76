package org.passerelle.gateway.perf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.passerelle.gateway.Bench;
import org.passerelle.testsupport.SharedFolder;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code gateway bench} end to end on a tiny load, with either client: every phase runs, is bounded by --count and
 * reports no error.
 */
class BenchCommandTest {

    private static final Pattern ROW = Pattern.compile(
            "^(PnR \\(ITI-41\\)|FindDocuments \\(ITI-18\\)|Retrieve \\(ITI-43\\))\\s+(\\d+)\\s+[\\d.]+\\s+[\\d.]+\\s+[\\d.]+\\s+[\\d.]+\\s+(\\d+)\\s",
            Pattern.MULTILINE);

    @ParameterizedTest
    @ValueSource(strings = {"raw", "cxf"})
    void threePhasesBoundedByCountWithoutErrors(String client) {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit;
        try (PrintStream capture = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            exit = new CommandLine(new Bench()).execute("--kit", SharedFolder.ciSis().toString(), "--count", "4",
                    "--warmup", "1", "--threads", "2", "--patients", "2", "--seconds", "60", "--client", client);
        } finally {
            System.setOut(saved);
        }
        String report = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, report);
        Matcher m = ROW.matcher(report);
        int rows = 0;
        while (m.find()) {
            rows++;
            assertEquals(4, Integer.parseInt(m.group(2)), "operations of " + m.group(1) + "\n" + report);
            assertEquals(0, Integer.parseInt(m.group(3)), "errors of " + m.group(1) + "\n" + report);
        }
        assertEquals(3, rows, report);
        assertTrue(report.contains("document entries per response"), report);
    }

    @Test
    void unknownPhaseIsRefused() {
        int exit = new CommandLine(new Bench()).execute("--kit", SharedFolder.ciSis().toString(), "--phases", "pnr,upload");
        assertTrue(exit != 0, "an unknown phase must fail");
    }

    @Test
    void unknownClientIsRefused() {
        int exit = new CommandLine(new Bench()).execute("--kit", SharedFolder.ciSis().toString(), "--client", "curl");
        assertTrue(exit != 0, "an unknown client must fail");
    }
}
