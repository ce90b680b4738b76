package org.passerelle.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.passerelle.testsupport.SharedFolder;

class ConformanceCommandTest {

    private static String[] captured = new String[2];

    private static int run(String... args) {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            return ConformanceCommand.execute(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
            captured = new String[] {o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
        }
    }

    @Test
    void helpAndUsageErrors(@TempDir Path tmp) {
        assertEquals(0, run("run", "--help"));
        assertTrue(captured[0].contains("--testkit") && captured[0].contains("--endpoint"), captured[0]);
        assertEquals(2, run("run", "--testkit", tmp.resolve("missing").toString()));
        assertTrue(captured[1].contains("cannot be read"), captured[1]);
        assertEquals(2, run("run", "--testkit", SharedFolder.nistTestkit().toString(), "--endpoint", "http://127.0.0.1:9",
                "--tests", "no-such-test", "--out", tmp.toString()));
        assertTrue(captured[1].contains("no-such-test"), captured[1]);
    }

    @Test
    void aFailedRunExitsWithOneAndWritesItsReports(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("report");
        assertEquals(1, run("run", "--testkit", SharedFolder.nistTestkit().toString(), "--endpoint", "http://127.0.0.1:9",
                "--tests", "11966", "--out", out.toString()));
        String console = captured[0];
        assertTrue(console.contains("connection refused"), console);
        assertTrue(console.strip().lines().anyMatch(l -> l.equals("0 passed, 2 failed")), console);
        assertTrue(Files.readString(out.resolve("junit.xml")).contains("ENDPOINT_UNREACHABLE"));
        assertTrue(Files.readString(out.resolve("report.html")).contains("http://127.0.0.1:9/xds/iti41"));
    }

    @Test
    void theFrenchRunUsesMutualTlsAndAnotherEstablishmentsCertificateIsRefused(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("report");
        String examples = SharedFolder.ciSis().resolve("examples").toString();
        assertEquals(0, run("run", "--testkit", "fr-kit", "--vihf", "--cda-examples", examples,
                "--tests", "FR-VIHF-valid", "--out", out.toString()), captured[0] + captured[1]);
        assertTrue(captured[0].contains("at https://127.0.0.1:"), captured[0]);
        assertTrue(captured[0].contains("mutual TLS: client certificate") && captured[0].contains("etab1"), captured[0]);
        assertTrue(captured[0].strip().lines().anyMatch(l -> l.equals("2 passed, 0 failed")), captured[0]);

        Path etab2 = out.resolve("sample-pki/etab2/auth-cli.p12");
        assertTrue(Files.isRegularFile(etab2), etab2 + " generated with the sample PKI");
        assertEquals(1, run("run", "--testkit", "fr-kit", "--vihf", "--cda-examples", examples,
                "--tests", "FR-VIHF-valid", "--out", out.toString(), "--keystore", etab2.toString(),
                "--keystore-password", org.passerelle.certs.SamplePki.PASSWORD));
        assertTrue(captured[0].contains("ESTABLISHMENT_MISMATCH"), captured[0]);
        assertTrue(captured[0].strip().lines().anyMatch(l -> l.equals("1 passed, 1 failed")), captured[0]);
    }
}
