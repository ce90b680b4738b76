package org.passerelle.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** Command-line parsing, dry run and exit codes, without a gateway. */
class XdsClientCommandTest {
    private static final String N1 = ClientTestFiles.example("BIO-CR-BIO_2021.01_CDA-R2-Niveau-1.xml").toString();

    @Test
    void helpListsEverySubcommand() {
        CliRun r = CliRun.of("--help");
        assertEquals(0, r.exitCode(), r.toString());
        for (String sub : new String[]{"send", "query", "retrieve", "update", "sign-vihf"}) {
            assertTrue(r.out().contains(sub), sub + " in " + r);
        }
        assertEquals(0, CliRun.of("send", "--help").exitCode());
    }

    @Test
    void noSubcommandPrintsUsageAndExits2() {
        CliRun r = CliRun.of();
        assertEquals(2, r.exitCode());
        assertTrue(r.out().contains("Usage"), r.toString());
    }

    @Test
    void dryRunPrintsTheMetadataWithOverrides() {
        CliRun r = CliRun.of("send", "--dry-run", "--no-validate", "--source-id", "1.2.250.1.999.1.1.7898",
                "--practice-setting", "ETABLISSEMENT^Etablissement de santé^1.2.250.1.213.1.1.4.9",
                "--confidentiality", "MASQUE_PS", N1);
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("SubmitObjectsRequest"), r.toString());
        assertTrue(r.out().contains("ETABLISSEMENT"), r.toString());
        assertTrue(r.out().contains("MASQUE_PS"), r.toString());
        assertTrue(r.out().contains("^NH"), r.toString());
    }

    @Test
    void missingSourceIdIsAUsageError() {
        CliRun r = CliRun.of("send", "--dry-run", N1);
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--source-id"), r.toString());
    }

    @Test
    void malformedOverrideIsAUsageError() {
        CliRun r = CliRun.of("send", "--dry-run", "--no-validate", "--source-id", "1.2.3", "--type-code", "11502-2", N1);
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("code^display^codingScheme"), r.toString());
    }

    @Test
    void missingFileIsAnIoError(@TempDir Path dir) {
        CliRun r = CliRun.of("send", "--dry-run", "--source-id", "1.2.3", dir.resolve("absent.xml").toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("absent.xml"), r.toString());
    }

    @Test
    void unreachableGatewayIsATransportError() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        CliRun r = CliRun.of("query", "--url", "http://127.0.0.1:" + port, "--type", "FindDocuments",
                "--patient", "1^^^&1.2.3&ISO", "--timeout", "5");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("TRANSPORT") && r.err().contains("127.0.0.1:" + port), r.toString());
    }

    @Test
    void unknownQueryIsAUsageError() {
        CliRun r = CliRun.of("query", "--url", "http://127.0.0.1:9", "--type", "FindAll");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("unknown stored query"), r.toString());
    }
}
