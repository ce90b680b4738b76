package org.passerelle.gateway.security;

import org.junit.jupiter.api.Test;
import org.passerelle.certs.SamplePki;
import picocli.CommandLine;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The security bench end to end with few requests: both gateways answer every call with Success (a round throws
 * otherwise), and the clients keep their connections alive: no new connection and no TLS handshake in a measured
 * round that follows the warm-up at once. Figures are not asserted (speed is the bench's output, not a test).
 */
class Iti18SecurityBenchTest {

    @Test
    void urlConnectionClientReusesItsTlsConnections() throws Exception {
        Iti18SecurityBench.Result r = run("url-connection");
        assertKeptAlive(r);
    }

    @Test
    void jdkHttpClientReusesItsTlsConnections() throws Exception {
        Iti18SecurityBench.Result r = run("jdk-http-client");
        assertKeptAlive(r);
    }

    private static Iti18SecurityBench.Result run(String client) throws Exception {
        SamplePki pki = SharedPki.get();
        Iti18SecurityBench bench = new Iti18SecurityBench();
        int exit = new CommandLine(bench).execute("--pki", pki.dir().toString(), "--requests", "40", "--rounds", "1",
                "--warm-up", "20", "--jit-settled", "0", "--threads", "2", "--documents", "3", "--client", client);
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
