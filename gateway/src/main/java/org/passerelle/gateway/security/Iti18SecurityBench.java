package org.passerelle.gateway.security;

import org.passerelle.gateway.GatewayConfig;
import org.passerelle.gateway.GatewayServer;
import org.passerelle.gateway.Profile;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.passerelle.vihf.VihfBuilder;
import org.passerelle.vihf.VihfSigner;
import org.passerelle.vihf.tls.MutualTls;
import org.w3c.dom.Element;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * End-to-end ITI-18 cost of security, two real gateways in one run: one on plain HTTP without security, one with
 * mutual TLS and VIHF verification (replay cache in its database, patient binding), both on a fresh embedded H2,
 * access rules and audit off in both so that only security differs. The same FindDocuments calls (each carrying its
 * own single-use signed VIHF, which the plain gateway ignores) in alternating rounds over keep-alive connections.
 * <p>
 * The VIHFs are minted and RSA-signed before the measured window: that is the hospital's token server's work, not
 * the gateway's, and on a 2-core machine it would take the CPU the gateways are measured with. Verification, the
 * replay-cache insert and the TLS record work stay in the measure. Besides requests per second (which depend on
 * the machine's other load), each round reports the CPU time per request of the whole process, of the gateway's
 * Jetty threads and of the client threads, and how many connections and TLS handshakes the gateway accepted (keep-alive
 * means one per client thread, at the first round). Uses a PKI made by {@code certs-sample generate}.
 * <p>{@code java -cp gateway-all.jar org.passerelle.gateway.security.Iti18SecurityBench --pki DIR}
 */
@Command(name = "iti18-security-bench", mixinStandardHelpOptions = true,
        description = "ITI-18 throughput and CPU per request: plain HTTP without security vs mutual TLS + VIHF, same "
                + "calls, keep-alive; VIHFs minted before the measured window.")
public final class Iti18SecurityBench implements Callable<Integer> {

    @Option(names = "--pki", required = true, description = "folder made by certs-sample generate") Path pki;
    @Option(names = "--requests", defaultValue = "400", description = "requests per measured round") int requests;
    @Option(names = "--rounds", defaultValue = "5", description = "measured rounds per gateway (alternating)") int rounds;
    @Option(names = "--warm-up", defaultValue = "600", description = "requests per gateway before measuring") int warmUp;
    @Option(names = "--max-warm-up", defaultValue = "8000",
            description = "after --warm-up, keep warming both gateways in blocks of " + SETTLE_BLOCK + " requests until "
                    + "the JIT compilers settle (see --jit-settled), up to this many requests per gateway") int maxWarmUp;
    @Option(names = "--jit-settled", defaultValue = "2",
            description = "the JIT counts as settled when its compiler threads used less than this percentage of the "
                    + "process CPU during a warm-up block (Linux; 0 = no extra warm-up)") double jitSettledPercent;
    @Option(names = "--threads", defaultValue = "4", description = "client threads") int threads;
    @Option(names = "--documents", defaultValue = "10",
            description = "document entries the patient has in both gateways, i.e. in every FindDocuments answer") int documents;
    @Option(names = "--client", defaultValue = "url-connection",
            description = "url-connection (HttpsURLConnection, one SSLSocketFactory) or jdk-http-client") String client;

    static final String PATIENT = "180057512345627^^^&1.2.250.1.213.1.4.8&ISO";
    static final int SETTLE_BLOCK = 250;

    /** The figures of one run, for the caller (tests) and the summary. */
    record Result(List<SecurityBenchSupport.Round> plain, List<SecurityBenchSupport.Round> secure,
                  int documentsPerAnswer, int secureHandshakesBeforeRounds) {
        double plainPerSecond() {
            return SecurityBenchSupport.median(plain.stream().mapToDouble(SecurityBenchSupport.Round::perSecond).toArray());
        }

        double securePerSecond() {
            return SecurityBenchSupport.median(secure.stream().mapToDouble(SecurityBenchSupport.Round::perSecond).toArray());
        }

        static double median(List<SecurityBenchSupport.Round> rounds,
                             java.util.function.ToDoubleFunction<SecurityBenchSupport.Round> f) {
            return SecurityBenchSupport.median(rounds.stream().mapToDouble(f).toArray());
        }
    }

    private Result result;

    Result result() {
        return result;
    }

    @Override
    public Integer call() throws Exception {
        String pw = "changeit";
        Path plainDir = Files.createTempDirectory("bench-plain-");
        Path secureDir = Files.createTempDirectory("bench-secure-");
        GatewayConfig plainCfg = GatewayConfig.builder().host("127.0.0.1").port(0).dataDir(plainDir)
                .profile(Profile.FR_DMP).insTestOids(true).property("access.enabled", "false").build();
        GatewayConfig secureCfg = SecurityBenchSupport.mutualTlsAndVihf(GatewayConfig.builder().host("127.0.0.1").port(0)
                .dataDir(secureDir).profile(Profile.FR_DMP).insTestOids(true), pki, pw)
                .property("access.enabled", "false").build();
        double load0 = SecurityBenchSupport.loadAverage();
        try (GatewayServer plain = GatewayServer.start(plainCfg); GatewayServer secure = GatewayServer.start(secureCfg)) {
            for (int i = 0; i < documents; i++) {
                // the same entries in both registries, stored directly (submission is not what is measured)
                ProvideAndRegisterDocumentSet pnr = SecurityBenchSupport.documentFor(PATIENT, i);
                for (GatewayServer g : List.of(plain, secure)) {
                    Response r = g.backend().provideAndRegister(pnr);
                    if (r.getStatus() != Status.SUCCESS) throw new IllegalStateException("seeding failed: " + r.getErrors());
                }
            }
            SecurityBenchSupport.ServerConnections plainConnections = SecurityBenchSupport.ServerConnections.attach(plain.port());
            SecurityBenchSupport.ServerConnections secureConnections = SecurityBenchSupport.ServerConnections.attach(secure.port());
            Tokens tokens = new Tokens(SecurityBenchSupport.Signer.of(pki, "etab1", pw), plain.iti18Url(), secure.iti18Url());
            int perSide = 1 + warmUp + rounds * (requests + threads);
            System.out.printf("minting and signing %d single-use VIHFs BEFORE the measured window (the hospital's "
                    + "token server's work); verification and the replay-cache insert are measured%n", perSide);
            tokens.mint(perSide);
            List<byte[]> plainBodies = tokens.plain;
            List<byte[]> secureBodies = tokens.secure;
            SecurityBenchSupport.Client plainClient = SecurityBenchSupport.client(client, null);
            SecurityBenchSupport.Client mtls = SecurityBenchSupport.client(client, MutualTls.clientContext(
                    pki.resolve("etab1/auth-cli.p12"), pw, pki.resolve("truststore.p12"), pw));
            SecurityBenchSupport.Answer first = plainClient.post(plain.iti18Url(), plainBodies.get(0));
            System.out.println("plain  first response: " + SecurityBenchSupport.status(first) + ", "
                    + SecurityBenchSupport.count(first.body(), "ExtrinsicObject ") + " document entries, "
                    + first.body().length() + " characters");
            System.out.println("secure first response: " + SecurityBenchSupport.status(mtls.post(secure.iti18Url(), secureBodies.get(0))));
            AtomicInteger pNext = new AtomicInteger(1);
            AtomicInteger sNext = new AtomicInteger(1);
            SecurityBenchSupport.Round.run(plainClient, plain.iti18Url(), plainBodies::get, pNext, warmUp, threads, plainConnections);
            SecurityBenchSupport.Round.run(mtls, secure.iti18Url(), secureBodies::get, sNext, warmUp, threads, secureConnections);
            // a server runs warm: keep warming until the JIT compilers are (nearly) idle, else the rounds measure
            // compilation and code not yet optimised (the secure path has more of it: TLS records, XML signature)
            int extra = 0;
            double jitShare = Double.NaN;
            while (jitSettledPercent > 0 && warmUp + extra + SETTLE_BLOCK <= maxWarmUp) {
                tokens.mint(perSide + extra + SETTLE_BLOCK);
                SecurityBenchSupport.Cpu before = SecurityBenchSupport.Cpu.now();
                SecurityBenchSupport.Round.run(plainClient, plain.iti18Url(), plainBodies::get, pNext, SETTLE_BLOCK, threads, plainConnections);
                SecurityBenchSupport.Round.run(mtls, secure.iti18Url(), secureBodies::get, sNext, SETTLE_BLOCK, threads, secureConnections);
                SecurityBenchSupport.Cpu block = SecurityBenchSupport.Cpu.now().minus(before);
                extra += SETTLE_BLOCK;
                jitShare = 100.0 * block.jitNanos() / Math.max(1, block.processNanos());
                if (jitShare < jitSettledPercent) break;
            }
            int warmedUp = warmUp + extra;
            if (extra > 0) tokens.mint(perSide + extra);
            System.out.printf("warm-up          %d requests per gateway (%d, then %d until the JIT compilers used %.1f %% "
                    + "of the process CPU in a block of %d: %s)%n", warmedUp, warmUp, extra, jitShare, SETTLE_BLOCK,
                    jitShare < jitSettledPercent ? "settled" : "NOT settled, --max-warm-up reached");
            System.out.printf("client %s, %d threads, %d requests per round, %d document entries per answer, "
                    + "load average %.2f at start%n", plainClient.name(), threads, requests, documents, load0);
            System.out.println("round  gateway        req/s  CPU ms/request: process  gateway  client  JIT     GC  connections  TLS handshakes");
            // alternate the rounds so that both gateways see the same background load; report medians. Before each
            // round, one unmeasured call per client thread opens again the connections the JDK client dropped
            // while the other gateway was measured (it keeps an idle connection 5 s): rounds measure keep-alive.
            List<SecurityBenchSupport.Round> ps = new ArrayList<>();
            List<SecurityBenchSupport.Round> ss = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                SecurityBenchSupport.Round.run(plainClient, plain.iti18Url(), plainBodies::get, pNext, threads, threads, plainConnections);
                ps.add(SecurityBenchSupport.Round.run(plainClient, plain.iti18Url(), plainBodies::get, pNext, requests, threads, plainConnections));
                print(r + 1, "plain HTTP", ps.get(r));
                SecurityBenchSupport.Round.run(mtls, secure.iti18Url(), secureBodies::get, sNext, threads, threads, secureConnections);
                ss.add(SecurityBenchSupport.Round.run(mtls, secure.iti18Url(), secureBodies::get, sNext, requests, threads, secureConnections));
                print(r + 1, "mTLS + VIHF", ss.get(r));
            }
            int inRounds = ss.stream().mapToInt(SecurityBenchSupport.Round::handshakes).sum();
            result = new Result(ps, ss, SecurityBenchSupport.count(first.body(), "ExtrinsicObject "),
                    secureConnections.handshakes() - inRounds);
            double p = result.plainPerSecond();
            double s = result.securePerSecond();
            double pCpu = Result.median(ps, SecurityBenchSupport.Round::processMsPerRequest);
            double sCpu = Result.median(ss, SecurityBenchSupport.Round::processMsPerRequest);
            double pGw = Result.median(ps, SecurityBenchSupport.Round::serverMsPerRequest);
            double sGw = Result.median(ss, SecurityBenchSupport.Round::serverMsPerRequest);
            double pCl = Result.median(ps, SecurityBenchSupport.Round::clientMsPerRequest);
            double sCl = Result.median(ss, SecurityBenchSupport.Round::clientMsPerRequest);
            System.out.printf("medians          plain HTTP, no security: %7.1f req/s, CPU per request %.3f ms (gateway %.3f, client %.3f)%n",
                    p, pCpu, pGw, pCl);
            System.out.printf("                 mutual TLS + VIHF      : %7.1f req/s, CPU per request %.3f ms (gateway %.3f, client %.3f)%n",
                    s, sCpu, sGw, sCl);
            // CPU-bound, throughput is inversely proportional to CPU per request: cost = 1 - plain CPU / secure CPU
            System.out.printf("security cost    measured throughput %.1f %%; from CPU per request (what a saturated "
                            + "machine loses): whole process %.1f %%, gateway threads %.1f %%%n",
                    100.0 * (1 - s / p), 100.0 * (1 - pCpu / sCpu), 100.0 * (1 - pGw / sGw));
            System.out.printf("JVM threads      JIT compilers %.3f vs %.3f ms per request, garbage collector %.3f vs %.3f%n",
                    Result.median(ps, SecurityBenchSupport.Round::jitMsPerRequest),
                    Result.median(ss, SecurityBenchSupport.Round::jitMsPerRequest),
                    Result.median(ps, SecurityBenchSupport.Round::gcMsPerRequest),
                    Result.median(ss, SecurityBenchSupport.Round::gcMsPerRequest));
            System.out.printf("keep-alive       connections opened during the measured rounds: plain %d, mTLS %d (TLS handshakes "
                            + "%d; %d before the rounds, %d requests in all)%n",
                    ps.stream().mapToInt(SecurityBenchSupport.Round::connections).sum(),
                    ss.stream().mapToInt(SecurityBenchSupport.Round::connections).sum(), inRounds,
                    result.secureHandshakesBeforeRounds(), sNext.get());
            System.out.printf("machine          %d cores, load average %.2f at start, %.2f at end%n",
                    Runtime.getRuntime().availableProcessors(), load0, SecurityBenchSupport.loadAverage());
            return 0;
        }
    }

    private static void print(int round, String gateway, SecurityBenchSupport.Round r) {
        System.out.printf("%5d  %-11s %8.1f  %22.3f  %7.3f  %6.3f  %5.3f  %5.3f  %11d  %14s%n", round, gateway, r.perSecond(),
                r.processMsPerRequest(), r.serverMsPerRequest(), r.clientMsPerRequest(), r.jitMsPerRequest(),
                r.gcMsPerRequest(), r.connections(),
                gateway.startsWith("plain") ? "-" : String.valueOf(r.handshakes()));
    }

    /** The same FindDocuments calls for both gateways, each with its own single-use VIHF, minted ahead of use. */
    private static final class Tokens {
        final List<byte[]> plain = new ArrayList<>();
        final List<byte[]> secure = new ArrayList<>();
        private final SecurityBenchSupport.Signer signer;
        private final String plainUrl;
        private final String secureUrl;

        Tokens(SecurityBenchSupport.Signer signer, String plainUrl, String secureUrl) {
            this.signer = signer;
            this.plainUrl = plainUrl;
            this.secureUrl = secureUrl;
        }

        /** Mints and signs tokens until there are {@code count} calls per gateway. */
        void mint(int count) throws Exception {
            PrivateKey key = signer.key();
            X509Certificate cert = signer.certificate();
            String structure = signer.structure();
            for (int i = plain.size(); i < count; i++) {
                // the same call to both gateways: the same request, the plain gateway ignores the token
                Element a = VihfSigner.sign(VihfBuilder.create().issuer(cert)
                        .user("3" + structure.substring(1) + "/U" + i, "BENCH " + i).structure(structure)
                        .activitySector("SA07").profession("10", "Médecin").specialty("SM26", null).air()
                        .patient(PATIENT + "^NH").lps("BENCH", "1", "TST-1")
                        .validity(Instant.now(), Duration.ofMinutes(50)).build(), key, cert);
                plain.add(request(plainUrl, a));
                secure.add(request(secureUrl, a));
            }
        }
    }

    /** A FindDocuments request (WS-Addressing, ebRS 3.0) with the assertion in wsse:Security. */
    static byte[] request(String to, Element assertion) throws Exception {
        return SecurityBenchSupport.findDocumentsRequest(to, PATIENT, assertion);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Iti18SecurityBench()).execute(args));
    }
}
