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
 * <p>
 * By default each gateway runs in a JVM of its own ({@link SeparateBenchGateway}), as a production node does: in one
 * shared JVM the alternating rounds of two gateways keep the JIT recompiling and deoptimising, which costs the
 * path with more code (TLS records, XML signature) more than the other. {@code --jvms shared} keeps the old set-up.
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
    @Option(names = "--max-warm-up", defaultValue = "40000",
            description = "after --warm-up, keep warming both gateways in blocks of --settle-block requests until "
                    + "the JIT compilers settle (see --jit-settled), up to this many requests per gateway") int maxWarmUp;
    @Option(names = "--settle-block", defaultValue = "1000", description = "requests per gateway in a warm-up block")
    int settleBlock;
    @Option(names = "--jit-settled", defaultValue = "2",
            description = "the JIT counts as settled when, in two warm-up blocks in a row, the compiler threads of "
                    + "each gateway's JVM (of the process with --jvms shared) used less than this percentage of its "
                    + "CPU (Linux; 0 = no extra warm-up)") double jitSettledPercent;
    @Option(names = "--threads", defaultValue = "4", description = "client threads") int threads;
    @Option(names = "--documents", defaultValue = "10",
            description = "document entries the patient has in both gateways, i.e. in every FindDocuments answer") int documents;
    @Option(names = "--jvms", defaultValue = "separate",
            description = "separate: each gateway in a JVM of its own (child processes on this class path, this "
                    + "JVM's options), as production nodes run, so each JIT settles on its own code path; shared: both "
                    + "gateways and the client in this JVM") String jvms;
    @Option(names = "--gateway-jvm-options", description = "more options for the gateways' JVMs, space-separated "
            + "(e.g. -XX:StartFlightRecording=filename=/tmp/{gateway}.jfr; {gateway} stands for plain, mtls or secure), with "
            + "--jvms separate") String gatewayJvmOptions;
    @Option(names = "--gateway-cpus", paramLabel = "LIST",
            description = "with --jvms separate, run the gateway JVMs on these CPUs only (Linux taskset -c LIST, e.g. "
                    + "1), and start this JVM, the client, on others (taskset -c 0 java ...): the client then takes "
                    + "no CPU from the gateways, as from another machine") String gatewayCpus;
    @Option(names = "--secure-side", defaultValue = "mtls+vihf",
            description = "what the second gateway adds to the plain one: mtls+vihf (the issue's comparison) or mtls "
                    + "(mutual TLS alone, to split the cost)") String secureSide;
    @Option(names = "--client", defaultValue = "url-connection",
            description = "url-connection (HttpsURLConnection, one SSLSocketFactory) or jdk-http-client") String client;

    static final String PATIENT = "180057512345627^^^&1.2.250.1.213.1.4.8&ISO";

    /** The figures of one run, for the caller (tests) and the summary. */
    record Result(List<SecurityBenchSupport.Round> plain, List<SecurityBenchSupport.Round> secure,
                  int documentsPerAnswer, int secureHandshakesBeforeRounds, boolean separateJvms,
                  int gatewayProcessors) {
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
        boolean separate = switch (jvms) {
            case "separate" -> true;
            case "shared" -> false;
            default -> throw new CommandLine.ParameterException(new CommandLine(this),
                    "--jvms must be separate or shared, got '" + jvms + "'");
        };
        Security second = switch (secureSide) {
            case "mtls+vihf" -> Security.MTLS_VIHF;
            case "mtls" -> Security.MTLS;
            default -> throw new CommandLine.ParameterException(new CommandLine(this),
                    "--secure-side must be mtls+vihf or mtls, got '" + secureSide + "'");
        };
        Path plainDir = Files.createTempDirectory("bench-plain-");
        Path secureDir = Files.createTempDirectory("bench-secure-");
        double load0 = SecurityBenchSupport.loadAverage();
        List<String> childOptions = gatewayJvmOptions == null || gatewayJvmOptions.isBlank()
                ? List.of() : List.of(gatewayJvmOptions.trim().split("\\s+"));
        try (BenchGateway plain = separate ? SeparateBenchGateway.start(Security.PLAIN, pki, pw, documents, plainDir, childOptions, gatewayCpus)
                : BenchGateway.inThisJvm(Security.PLAIN, pki, pw, documents, plainDir);
             BenchGateway secure = separate ? SeparateBenchGateway.start(second, pki, pw, documents, secureDir, childOptions, gatewayCpus)
                : BenchGateway.inThisJvm(second, pki, pw, documents, secureDir)) {
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
            Side p = new Side(plainClient, plain, plainBodies);
            Side s = new Side(mtls, secure, secureBodies);
            p.run(warmUp, threads);
            s.run(warmUp, threads);
            // a server runs warm: keep warming until the JIT compilers are (nearly) idle, else the rounds measure
            // compilation and code not yet optimised (the secure path has more of it: TLS records, XML signature).
            // C2 compiles a method called once per request only after some 10 000 requests, so the tail is long.
            int extra = 0;
            double jitShare = Double.NaN;
            int quietBlocks = 0;
            while (jitSettledPercent > 0 && warmUp + extra + settleBlock <= maxWarmUp) {
                tokens.mint(perSide + extra + settleBlock);
                SecurityBenchSupport.Round pb = p.run(settleBlock, threads);
                SecurityBenchSupport.Round sb = s.run(settleBlock, threads);
                extra += settleBlock;
                jitShare = Math.max(jitShare(pb), jitShare(sb));
                quietBlocks = jitShare < jitSettledPercent ? quietBlocks + 1 : 0;
                if (quietBlocks == 2) break;
            }
            int warmedUp = warmUp + extra;
            if (extra > 0) tokens.mint(perSide + extra);
            System.out.printf("warm-up          %d requests per gateway (%d, then %d until the JIT compilers of each "
                    + "gateway used less than %.1f %% of its CPU in two blocks of %d in a row: %s; last block %.1f %%)%n",
                    warmedUp, warmUp, extra, jitSettledPercent, settleBlock,
                    quietBlocks == 2 ? "settled" : "NOT settled, --max-warm-up reached", jitShare);
            System.out.printf("client %s, %d threads, %d requests per round, %d document entries per answer, "
                    + "gateways %s, load average %.2f at start%n", plainClient.name(), threads, requests, documents,
                    separate ? "each in its own JVM (client in a third)" + (gatewayCpus == null ? ""
                            : ", gateway JVMs on CPUs " + gatewayCpus + " (" + secure.processors() + " available to each)")
                            : "and client in one JVM", load0);
            System.out.println("round  gateway        req/s  CPU ms/request: all  gateway JVM  without JIT  threads"
                    + "  client  all JIT  gateway JIT     GC  connections  TLS handshakes");
            // alternate the rounds so that both gateways see the same background load; report medians. Before each
            // round, one unmeasured call per client thread opens again the connections the JDK client dropped
            // while the other gateway was measured (it keeps an idle connection 5 s): rounds measure keep-alive.
            List<SecurityBenchSupport.Round> ps = new ArrayList<>();
            List<SecurityBenchSupport.Round> ss = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                p.run(threads, threads);
                ps.add(p.run(requests, threads));
                print(r + 1, "plain HTTP", ps.get(r));
                s.run(threads, threads);
                ss.add(s.run(requests, threads));
                print(r + 1, second == Security.MTLS ? "mTLS only" : "mTLS + VIHF", ss.get(r));
            }
            int inRounds = ss.stream().mapToInt(SecurityBenchSupport.Round::handshakes).sum();
            result = new Result(ps, ss, SecurityBenchSupport.count(first.body(), "ExtrinsicObject "),
                    secure.counters().handshakes() - inRounds, separate, secure.processors());
            summarise(ps, ss, s.next.get(), load0, second);
            return 0;
        }
    }

    private void summarise(List<SecurityBenchSupport.Round> ps, List<SecurityBenchSupport.Round> ss, int secureRequests,
                           double load0, Security second) {
        double p = result.plainPerSecond();
        double s = result.securePerSecond();
        double pCpu = Result.median(ps, SecurityBenchSupport.Round::processMsPerRequest);
        double sCpu = Result.median(ss, SecurityBenchSupport.Round::processMsPerRequest);
        double pGw = Result.median(ps, SecurityBenchSupport.Round::serverMsPerRequest);
        double sGw = Result.median(ss, SecurityBenchSupport.Round::serverMsPerRequest);
        double pCl = Result.median(ps, SecurityBenchSupport.Round::clientMsPerRequest);
        double sCl = Result.median(ss, SecurityBenchSupport.Round::clientMsPerRequest);
        double pJvm = Result.median(ps, SecurityBenchSupport.Round::serverJvmMsPerRequest);
        double sJvm = Result.median(ss, SecurityBenchSupport.Round::serverJvmMsPerRequest);
        double pCompiled = Result.median(ps, SecurityBenchSupport.Round::serverJvmCompiledMsPerRequest);
        double sCompiled = Result.median(ss, SecurityBenchSupport.Round::serverJvmCompiledMsPerRequest);
        System.out.printf("medians          plain HTTP, no security: %7.1f req/s, CPU per request %.3f ms (gateway JVM %.3f, "
                + "without its JIT %.3f, gateway threads %.3f, client %.3f)%n", p, pCpu, pJvm, pCompiled, pGw, pCl);
        System.out.printf("                 %-23s: %7.1f req/s, CPU per request %.3f ms (gateway JVM %.3f, "
                + "without its JIT %.3f, gateway threads %.3f, client %.3f)%n",
                second == Security.MTLS ? "mutual TLS alone" : "mutual TLS + VIHF", s, sCpu, sJvm, sCompiled, sGw, sCl);
        // CPU-bound, throughput is inversely proportional to CPU per request: cost = 1 - plain CPU / secure CPU
        System.out.printf("security cost    measured throughput %.1f %%; from CPU per request (what a saturated "
                        + "machine loses): client and gateway %.1f %%, gateway threads %.1f %%%n",
                100.0 * (1 - s / p), 100.0 * (1 - pCpu / sCpu), 100.0 * (1 - pGw / sGw));
        if (result.separateJvms()) {
            System.out.printf("                 gateway JVM %.1f %%, gateway JVM without its JIT compilers (a node "
                    + "that has run long enough) %.1f %%%n", 100.0 * (1 - pJvm / sJvm), 100.0 * (1 - pCompiled / sCompiled));
        }
        // each secure round against the plain round just before it: both saw the same background load
        double[] pairedThroughput = new double[ps.size()];
        double[] pairedThreads = new double[ps.size()];
        for (int i = 0; i < ps.size(); i++) {
            pairedThroughput[i] = 100.0 * (1 - ss.get(i).perSecond() / ps.get(i).perSecond());
            pairedThreads[i] = 100.0 * (1 - ps.get(i).serverMsPerRequest() / ss.get(i).serverMsPerRequest());
        }
        System.out.printf("paired rounds    cost of each secure round against the plain round before it, median (confidence interval of the median, range):"
                        + " throughput %s, gateway threads %s%n", spread(pairedThroughput), spread(pairedThreads));
        // the absolute extra varies less from run to run than the percentage: the plain request's own cost moves
        // with the host's load, the security work much less
        double[] extraThreads = new double[ps.size()];
        double[] extraJvm = new double[ps.size()];
        for (int i = 0; i < ps.size(); i++) {
            extraThreads[i] = ss.get(i).serverMsPerRequest() - ps.get(i).serverMsPerRequest();
            extraJvm[i] = ss.get(i).serverJvmMsPerRequest() - ps.get(i).serverJvmMsPerRequest();
        }
        System.out.printf("security work    extra CPU per request of each secure round over the plain round before it, ms: "
                + "gateway threads %s%s%n", spreadMs(extraThreads), result.separateJvms() ? ", gateway JVM " + spreadMs(extraJvm) : "");
        System.out.printf("JVM threads      JIT compilers %.3f vs %.3f ms per request, garbage collector %.3f vs %.3f%n",
                Result.median(ps, SecurityBenchSupport.Round::jitMsPerRequest),
                Result.median(ss, SecurityBenchSupport.Round::jitMsPerRequest),
                Result.median(ps, SecurityBenchSupport.Round::gcMsPerRequest),
                Result.median(ss, SecurityBenchSupport.Round::gcMsPerRequest));
        System.out.printf("keep-alive       connections opened during the measured rounds: plain %d, mTLS %d (TLS handshakes "
                        + "%d; %d before the rounds, %d requests in all)%n",
                ps.stream().mapToInt(SecurityBenchSupport.Round::connections).sum(),
                ss.stream().mapToInt(SecurityBenchSupport.Round::connections).sum(),
                ss.stream().mapToInt(SecurityBenchSupport.Round::handshakes).sum(),
                result.secureHandshakesBeforeRounds(), secureRequests);
        System.out.printf("machine          %d cores, load average %.2f at start, %.2f at end%n",
                Runtime.getRuntime().availableProcessors(), load0, SecurityBenchSupport.loadAverage());
    }

    private static String spreadMs(double[] ms) {
        double[] ci = SecurityBenchSupport.medianInterval(ms, 0.95);
        return String.format("%.3f%s", SecurityBenchSupport.median(ms),
                ci == null ? "" : String.format(" (95 %% CI %.3f to %.3f)", ci[0], ci[1]));
    }

    private static String spread(double[] percents) {
        double[] sorted = percents.clone();
        java.util.Arrays.sort(sorted);
        double[] ci = SecurityBenchSupport.medianInterval(percents, 0.95);
        return String.format("%.1f %% (%srange %.1f to %.1f)", SecurityBenchSupport.median(percents),
                ci == null ? "" : String.format("95 %% CI %.1f to %.1f, ", ci[0], ci[1]), sorted[0],
                sorted[sorted.length - 1]);
    }

    /** What a bench gateway adds to plain HTTP; its name stands for it in child command lines and recordings. */
    enum Security {
        PLAIN("plain"), MTLS("mtls"), MTLS_VIHF("secure");

        final String id;

        Security(String id) {
            this.id = id;
        }

        static Security of(String id) {
            for (Security s : values()) if (s.id.equals(id)) return s;
            throw new IllegalArgumentException("unknown bench gateway '" + id + "'");
        }
    }

    /** A gateway's settings: plain HTTP, mutual TLS alone, or mutual TLS + VIHF; access rules off in all. */
    static GatewayConfig config(Security security, Path pki, String password, Path dataDir) {
        GatewayConfig.Builder b = GatewayConfig.builder().host("127.0.0.1").port(0).dataDir(dataDir)
                .profile(Profile.FR_DMP).insTestOids(true);
        if (security == Security.MTLS) b = SecurityBenchSupport.mutualTls(b, pki, password);
        if (security == Security.MTLS_VIHF) b = SecurityBenchSupport.mutualTlsAndVihf(b, pki, password);
        return b.property("access.enabled", "false").build();
    }

    /** The same entries in both registries, stored directly (submission is not what is measured). */
    static void seed(GatewayServer gateway, int documents) {
        for (int i = 0; i < documents; i++) {
            ProvideAndRegisterDocumentSet pnr = SecurityBenchSupport.documentFor(PATIENT, i);
            Response r = gateway.backend().provideAndRegister(pnr);
            if (r.getStatus() != Status.SUCCESS) throw new IllegalStateException("seeding failed: " + r.getErrors());
        }
    }

    /** One gateway of the bench, in this JVM or in a child JVM of its own ({@link SeparateBenchGateway}). */
    interface BenchGateway extends SecurityBenchSupport.ServerProbe, AutoCloseable {
        String iti18Url();

        /** The CPUs the gateway's JVM may use. */
        default int processors() {
            return Runtime.getRuntime().availableProcessors();
        }

        @Override
        void close();

        static BenchGateway inThisJvm(Security security, Path pki, String password, int documents, Path dataDir) {
            GatewayServer g = GatewayServer.start(config(security, pki, password, dataDir));
            try {
                seed(g, documents);
                SecurityBenchSupport.ServerConnections connections = SecurityBenchSupport.ServerConnections.attach(g.port());
                return new BenchGateway() {
                    @Override
                    public String iti18Url() {
                        return g.iti18Url();
                    }

                    @Override
                    public SecurityBenchSupport.Counters counters() {
                        return connections.counters();
                    }

                    @Override
                    public void close() {
                        g.close();
                    }
                };
            } catch (RuntimeException e) {
                g.close();
                throw e;
            }
        }
    }

    /** A client, the gateway it calls and the calls it sends, in order. */
    private static final class Side {
        final SecurityBenchSupport.Client client;
        final BenchGateway gateway;
        final List<byte[]> bodies;
        final AtomicInteger next = new AtomicInteger(1);

        Side(SecurityBenchSupport.Client client, BenchGateway gateway, List<byte[]> bodies) {
            this.client = client;
            this.gateway = gateway;
            this.bodies = bodies;
        }

        SecurityBenchSupport.Round run(int n, int threads) throws Exception {
            return SecurityBenchSupport.Round.run(client, gateway.iti18Url(), bodies::get, next, n, threads, gateway);
        }
    }

    /**
     * The share of a warm-up block's CPU its JIT compilers took: of the gateway's own JVM, or of the shared process.
     */
    private static double jitShare(SecurityBenchSupport.Round r) {
        SecurityBenchSupport.Cpu c = r.serverJvmOrNull() != null ? r.serverJvmOrNull() : r.cpu();
        return 100.0 * c.jitNanos() / Math.max(1, c.processNanos());
    }

    private static void print(int round, String gateway, SecurityBenchSupport.Round r) {
        System.out.printf("%5d  %-11s %8.1f  %18.3f  %11.3f  %11.3f  %7.3f  %6.3f  %7.3f  %11.3f  %5.3f  %11d  %14s%n",
                round, gateway, r.perSecond(), r.processMsPerRequest(), r.serverJvmMsPerRequest(),
                r.serverJvmCompiledMsPerRequest(), r.serverMsPerRequest(), r.clientMsPerRequest(), r.jitMsPerRequest(),
                r.serverJitMsPerRequest(),
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
