package org.passerelle.gateway.security;

import org.passerelle.access.Consent;
import org.passerelle.access.JdbcPatientDecisions;
import org.passerelle.gateway.GatewayConfig;
import org.passerelle.gateway.GatewayServer;
import org.passerelle.gateway.Profile;
import org.passerelle.gateway.RegistryBackend;
import org.passerelle.registry.BulkLoader;
import org.passerelle.vihf.VihfBuilder;
import org.passerelle.vihf.VihfSigner;
import org.passerelle.vihf.tls.MutualTls;
import org.w3c.dom.Element;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * End-to-end ITI-18 FindDocuments with everything a DMP deployment runs: mutual TLS, VIHF verification (replay cache,
 * patient binding), the DMP access rules (record state, consent, habilitation matrix per entry) and the ATNA audit
 * trail written for every request, on a registry filled by the registry's {@code BulkLoader} (10 entries per
 * patient). One gateway, started on the database given; the registry data is only read.
 * <p>
 * Before the measured window: the patients are drawn at random (seeded) among the bulk patients, so most queries read
 * cold rows as a real registry would; each drawn patient gets a care-team consent for the calling establishment
 * (R-20, written in the gateway's own access tables); one single-use VIHF is minted and RSA-signed per request (the
 * hospital's token server's work). The caller is a physician (profession 10, specialty SM26) of establishment 1 of
 * a certs-sample PKI, not AIR (no R-83 contract needed). The project's default habilitation matrix lets no physician
 * read the bulk entries' typeCodes (they are only in the medico-social table), so the gateway runs with a small
 * matrix file granting physicians those six types: every answer must list the patient's 10 entries, else the run stops.
 * <p>
 * Measured: client-side latency per request (p50/p95/p99/max), requests per second, CPU per request, first with
 * {@code --threads} client threads, then with {@code --scale-threads} (the audit write must not serialise requests:
 * throughput should grow with threads while the CPU is not saturated).
 * <p>{@code java -cp gateway-all.jar org.passerelle.gateway.security.Iti18RulesBench --pki DIR --db URL --db-user U}
 */
@Command(name = "iti18-rules-bench", mixinStandardHelpOptions = true,
        description = "ITI-18 FindDocuments latency with mutual TLS + VIHF + DMP access rules + audit on a bulk-loaded "
                + "registry; VIHFs and consents prepared before the measured window.")
public final class Iti18RulesBench implements Callable<Integer> {

    @Option(names = "--pki", required = true, description = "folder made by certs-sample generate") Path pki;
    @Option(names = "--db", description = "JDBC URL of the bulk-loaded registry (default: a fresh embedded H2, empty)") String db;
    @Option(names = "--db-user", defaultValue = "", description = "database user") String dbUser;
    @Option(names = "--db-password", defaultValue = "", description = "database password") String dbPassword;
    @Option(names = "--patients", defaultValue = "100000", description = "bulk patients to draw from (0..n-1)") int patients;
    @Option(names = "--ids", defaultValue = "ins",
            description = "patient ids of the bulk load: ins (BulkLoader.insPatientId, valid test INS) or bulk "
                    + "(BulkLoader.patientId: not INS, every request refused, R-70)") String ids;
    @Option(names = "--entries-per-patient", defaultValue = "10", description = "entries every answer must list") int perPatient;
    @Option(names = "--warm-up", defaultValue = "2000", description = "requests before measuring") int warmUp;
    @Option(names = "--requests", defaultValue = "3000", description = "measured requests per thread count") int requests;
    @Option(names = "--threads", defaultValue = "1", description = "client threads of the first measured round") int threads;
    @Option(names = "--scale-threads", defaultValue = "4", description = "client threads of the second round (0 = none)") int scaleThreads;
    @Option(names = "--without-rules", description = "access rules and audit OFF (mutual TLS + VIHF only), for comparison")
    boolean withoutRules;
    @Option(names = "--seed", defaultValue = "20261123", description = "seed of the patient draw") long seed;

    /** The six typeCodes BulkLoader writes, readable by physicians (profession 10) in the bench's matrix. */
    static final List<String> BULK_TYPE_CODES = List.of("11488-4", "11502-2", "11490-0", "57833-6", "60591-5", "87273-9");

    /** One measured round with its latencies and what the answers held. */
    record Measure(int threads, SecurityBenchSupport.Round round, long[] latencies, int minEntries, int maxEntries,
                   long entries) {
        double entriesPerAnswer() {
            return (double) entries / round.requests();
        }
    }

    /** Every round of the run, warm-up first. */
    record Result(List<Measure> rounds) { }

    private Result result;

    Result result() {
        return result;
    }

    @Override
    public Integer call() throws Exception {
        IntFunction<String> patientId = switch (ids) {
            case "ins" -> BulkLoader::insPatientId;
            case "bulk" -> BulkLoader::patientId;
            default -> throw new CommandLine.ParameterException(new CommandLine(this), "--ids must be ins or bulk, got '" + ids + "'");
        };
        String pw = "changeit"; // certs-sample's demo password
        SecurityBenchSupport.Signer signer = SecurityBenchSupport.Signer.of(pki, "etab1", pw);
        Path matrix = Files.createTempFile("bench-matrix-", ".txt");
        matrix.toFile().deleteOnExit();
        Files.writeString(matrix, matrix(), StandardCharsets.UTF_8);
        GatewayConfig.Builder b = SecurityBenchSupport.mutualTlsAndVihf(GatewayConfig.builder().host("127.0.0.1").port(0)
                .profile(Profile.FR_DMP).insTestOids(true), pki, pw)
                .property("access.enabled", String.valueOf(!withoutRules))
                .property("access.matrix", matrix.toString())
                .property("audit.enabled", String.valueOf(!withoutRules))
                .property("audit.node", "iti18-rules-bench");
        if (db != null) b.jdbcUrl(db).dbUser(dbUser).dbPassword(dbPassword);
        else b.dataDir(Files.createTempDirectory("bench-rules-"));
        double load0 = SecurityBenchSupport.loadAverage();
        try (GatewayServer server = GatewayServer.start(b.build())) {
            int total = warmUp + requests + (scaleThreads > 0 ? requests : 0);
            Random random = new Random(seed);
            List<String> drawn = new ArrayList<>(total);
            for (int i = 0; i < total; i++) drawn.add(patientId.apply(random.nextInt(patients)));
            Set<String> distinct = new LinkedHashSet<>(drawn);
            if (!(server.backend() instanceof RegistryBackend rb)) throw new IllegalStateException("no registry database");
            JdbcPatientDecisions decisions = JdbcPatientDecisions.open(rb.dataSource());
            Instant from = Instant.now().minusSeconds(60);
            for (String p : distinct) decisions.grantConsent(p, new Consent(Consent.Scope.CARE_TEAM, signer.structure(), from, null));
            System.out.printf("%d requests on %d distinct patients drawn among %d (seed %d); care-team consent granted "
                    + "to %s for each; access rules and audit %s%n", total, distinct.size(), patients, seed,
                    signer.structure(), withoutRules ? "OFF" : "ON");

            PrivateKey key = signer.key();
            X509Certificate cert = signer.certificate();
            System.out.printf("minting and signing %d single-use VIHFs BEFORE the measured window%n", total);
            List<byte[]> bodies = new ArrayList<>(total);
            for (int i = 0; i < total; i++) {
                String patient = drawn.get(i);
                Element a = VihfSigner.sign(VihfBuilder.create().issuer(cert)
                        .user("810000000001", "BENCH Médecin").structure(signer.structure())
                        .activitySector("SA07").profession("10", "Médecin").specialty("SM26", "Qualifié en médecine générale")
                        .patient(patient + "^NH").lps("BENCH", "1", "TST-1")
                        .validity(Instant.now(), Duration.ofMinutes(50)).build(), key, cert);
                bodies.add(SecurityBenchSupport.findDocumentsRequest(server.iti18Url(), patient, a));
            }
            SecurityBenchSupport.ServerConnections connections = SecurityBenchSupport.ServerConnections.attach(server.port());
            SecurityBenchSupport.Client mtls = SecurityBenchSupport.urlConnection(MutualTls.clientContext(
                    pki.resolve("etab1/auth-cli.p12"), pw, pki.resolve("truststore.p12"), pw));
            AtomicInteger next = new AtomicInteger();
            List<Measure> rounds = new ArrayList<>();
            rounds.add(measure(mtls, server.iti18Url(), bodies, next, warmUp, threads, connections));
            System.out.printf("warm-up: %d requests, %.1f entries per answer%n", warmUp, rounds.get(0).entriesPerAnswer());
            System.out.printf("load average %.2f at start, %.2f before measuring, %d cores%n", load0,
                    SecurityBenchSupport.loadAverage(), Runtime.getRuntime().availableProcessors());
            System.out.println("threads  requests    req/s  p50 ms  p95 ms  p99 ms  max ms  entries/answer  "
                    + "CPU ms/request: process  gateway  client  load");
            rounds.add(print(measure(mtls, server.iti18Url(), bodies, next, requests, threads, connections)));
            if (scaleThreads > 0) {
                rounds.add(print(measure(mtls, server.iti18Url(), bodies, next, requests, scaleThreads, connections)));
            }
            result = new Result(rounds);
            return 0;
        }
    }

    /** One round; stops at the first answer that does not list exactly the patient's entries. */
    private Measure measure(SecurityBenchSupport.Client client, String url, List<byte[]> bodies, AtomicInteger next,
                            int n, int threadCount, SecurityBenchSupport.ServerConnections connections) throws Exception {
        long[] latencies = new long[n];
        AtomicLong entries = new AtomicLong();
        AtomicInteger min = new AtomicInteger(Integer.MAX_VALUE);
        AtomicInteger max = new AtomicInteger();
        SecurityBenchSupport.Round round = SecurityBenchSupport.Round.run(client, url, bodies::get, next, n, threadCount,
                connections, latencies, a -> {
                    int found = SecurityBenchSupport.count(a.body(), "ExtrinsicObject ");
                    if (found != perPatient) {
                        throw new IllegalStateException("an answer lists " + found + " document entries, expected "
                                + perPatient + " (rules filtering, or not a bulk patient?): "
                                + a.body().substring(0, Math.min(600, a.body().length())));
                    }
                    entries.addAndGet(found);
                    min.accumulateAndGet(found, Math::min);
                    max.accumulateAndGet(found, Math::max);
                });
        return new Measure(threadCount, round, latencies, min.get(), max.get(), entries.get());
    }

    private static Measure print(Measure m) {
        SecurityBenchSupport.Round r = m.round();
        System.out.printf("%7d  %8d  %7.1f  %6.2f  %6.2f  %6.2f  %6.1f  %14.1f  %22.3f  %7.3f  %6.3f  %4.2f%n",
                m.threads(), r.requests(), r.perSecond(), SecurityBenchSupport.percentileMs(m.latencies(), 0.50),
                SecurityBenchSupport.percentileMs(m.latencies(), 0.95), SecurityBenchSupport.percentileMs(m.latencies(), 0.99),
                SecurityBenchSupport.percentileMs(m.latencies(), 1.0), m.entriesPerAnswer(), r.processMsPerRequest(),
                r.serverMsPerRequest(), r.clientMsPerRequest(), SecurityBenchSupport.loadAverage());
        return m;
    }

    /** A habilitation matrix in which physicians (profession 10) read the bulk entries' six typeCodes. */
    static String matrix() {
        StringBuilder m = new StringBuilder("# Iti18RulesBench: physicians read the typeCodes of registry's BulkLoader\n")
                .append("profile MEDECIN | 10 | * | * | Médecins\n")
                .append("table bench | MEDECIN\n");
        for (String type : BULK_TYPE_CODES) m.append("row ").append(type).append(" | ").append(type).append(" | bulk | X\n");
        return m.toString();
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Iti18RulesBench()).execute(args));
    }
}
