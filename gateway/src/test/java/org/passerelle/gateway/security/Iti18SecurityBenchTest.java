package org.passerelle.gateway.security;

import org.junit.jupiter.api.Test;
import org.passerelle.certs.SamplePki;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The security bench end to end with few requests: both gateways answer every call with Success (a round throws
 * otherwise), and the clients keep their connections alive: no new connection and no TLS handshake in a measured
 * round that follows the warm-up at once. With {@code --jvms separate} (the default) each gateway is a child JVM
 * whose own CPU counters reach the rounds. Figures are not asserted (speed is the bench's output, not a test).
 */
class Iti18SecurityBenchTest {

    @Test
    void gatewaysInTheirOwnJvmsReportTheirCpuAndKeepConnectionsAlive() throws Exception {
        Iti18SecurityBench.Result r = run("url-connection", "separate");
        assertTrue(r.separateJvms());
        assertKeptAlive(r);
        for (SecurityBenchSupport.Round round : List.of(r.plain().get(0), r.secure().get(0))) {
            SecurityBenchSupport.Cpu gateway = round.serverJvmOrNull();
            assertNotNull(gateway, "the child gateway JVM's counters reach the round");
            assertTrue(gateway.processNanos() > 0 && gateway.serverNanos() > 0
                            && gateway.serverNanos() <= gateway.processNanos(),
                    "the gateway JVM worked during the round, its Jetty threads a part of it: " + gateway);
            assertEquals(0, gateway.clientNanos(), "no client thread runs in the gateway JVM");
            assertTrue(round.cpu().processNanos() > gateway.processNanos(),
                    "a round counts the client's JVM and the gateway's");
        }
    }

    @Test
    void gatewayJvmsPinnedToOneCpuSeeOneAndMutualTlsAloneCanBeCompared() throws Exception {
        Iti18SecurityBench.Result r = run("url-connection", "separate", "--gateway-cpus", "0", "--secure-side", "mtls");
        assertEquals(1, r.gatewayProcessors(), "taskset -c 0 leaves the gateway JVM one CPU");
        // the second gateway is mutual TLS without VIHF: the same calls pass, through TLS handshakes
        assertKeptAlive(r);
    }

    @Test
    void sharedJvmWithTheJdkHttpClientReusesItsTlsConnections() throws Exception {
        Iti18SecurityBench.Result r = run("jdk-http-client", "shared");
        assertFalse(r.separateJvms());
        assertKeptAlive(r);
        assertNull(r.secure().get(0).serverJvmOrNull());
        assertTrue(Double.isNaN(r.secure().get(0).serverJvmMsPerRequest()));
    }

    @Test
    void aGatewayJvmThatCannotStartIsReported() throws Exception {
        Path empty = Files.createTempDirectory("no-pki-");
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Iti18SecurityBench()).setErr(new PrintWriter(err));
        int exit = cl.execute("--pki", empty.toString(), "--requests", "10", "--rounds", "1", "--warm-up", "2",
                "--jit-settled", "0");
        assertNotEquals(0, exit);
        assertTrue(err.toString().contains("ended (exit 1) before its 'ready' line"), err.toString());
    }

    private static Iti18SecurityBench.Result run(String client, String jvms, String... more) throws Exception {
        SamplePki pki = SharedPki.get();
        Iti18SecurityBench bench = new Iti18SecurityBench();
        List<String> args = new java.util.ArrayList<>(List.of("--pki", pki.dir().toString(), "--requests", "40",
                "--rounds", "1", "--warm-up", "20", "--jit-settled", "0", "--threads", "2", "--documents", "3",
                "--client", client, "--jvms", jvms));
        args.addAll(List.of(more));
        int exit = new CommandLine(bench).execute(args.toArray(String[]::new));
        assertEquals(0, exit);
        Iti18SecurityBench.Result r = bench.result();
        assertEquals(1, r.plain().size());
        assertEquals(1, r.secure().size());
        assertEquals(3, r.documentsPerAnswer(), "every FindDocuments answer lists the patient's 3 entries");
        return r;
    }

    private static void assertKeptAlive(Iti18SecurityBench.Result r) {
        for (SecurityBenchSupport.Round round : List.of(r.plain().get(0), r.secure().get(0))) {
            assertEquals(40, round.requests());
            assertTrue(round.connections() <= 0, "a connection was opened during the round: " + round);
            assertTrue(round.handshakes() <= 0, "a TLS handshake happened during the round: " + round);
        }
        assertTrue(r.secureHandshakesBeforeRounds() >= 1 && r.secureHandshakesBeforeRounds() <= 3,
                "the first call and the warm-up open one TLS connection per client thread (2) or fewer: "
                        + r.secureHandshakesBeforeRounds());
    }
}
