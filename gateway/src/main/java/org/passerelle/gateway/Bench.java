package org.passerelle.gateway;

import jakarta.activation.DataHandler;
import jakarta.activation.DataSource;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.transport.http.HTTPConduit;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.RetrieveDocumentSetResponseType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rs.RegistryResponseType;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.RetrieveDocumentSetRequestTransformer;
import org.passerelle.cda.metadata.FrenchSubmission;
import org.passerelle.gateway.bench.BenchDocuments;
import org.passerelle.gateway.bench.CxfLoadClient;
import org.passerelle.gateway.bench.CxfPorts;
import org.passerelle.gateway.bench.Exchange;
import org.passerelle.gateway.bench.GatewayUrls;
import org.passerelle.gateway.bench.LoadClient;
import org.passerelle.gateway.bench.PostgresCpu;
import org.passerelle.gateway.bench.RawLoadClient;
import org.passerelle.registry.BulkLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.Callable;

/**
 * {@code gateway bench}: a load generator on loopback against an in-process gateway (fr-dmp, CDA validation by the
 * embedded rules unless told otherwise) on a fresh H2 or the given PostgreSQL: PnR of one ~100 KB CDA, FindDocuments,
 * Retrieve, each bounded in count and in time; optionally one big document submitted and retrieved. Prints throughput,
 * p50/p99 latency and the CPU per operation of the gateway, of the client and of a local PostgreSQL. The default client
 * ({@link RawLoadClient}) sends pre-built requests on keep-alive sockets so that the load generator takes little of the
 * CPU it shares with the gateway; {@code --client cxf} uses the CXF JAX-WS client instead.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Load generator on loopback: PnR of a ~100 KB CDA, FindDocuments, Retrieve (throughput, p50/p99).")
public final class Bench implements Callable<Integer> {

    @Option(names = "--db", defaultValue = "h2", description = "h2 (fresh, in a temp dir) or a JDBC url (e.g. PostgreSQL)")
    String db;
    @Option(names = "--db-user", description = "database user") String dbUser;
    @Option(names = "--db-password", description = "database password") String dbPassword;
    @Option(names = "--kit", description = "CI-SIS kit directory (examples/ gives the default CDA; default $PASSERELLE_KIT_DIR)")
    Path kit;
    @Option(names = "--cda", description = "the CDA to submit (default <kit>/examples/CARD-F-PRC-TAP_2022.01.xml, 102 KB)")
    Path cda;
    @Option(names = "--cda-validation", defaultValue = "embedded", description = "off, embedded (default) or kit")
    String cdaValidation;
    @Option(names = "--count", defaultValue = "1000", description = "operations per phase (default 1000)") int count;
    @Option(names = "--seconds", defaultValue = "60", description = "time limit per phase (default 60)") int seconds;
    @Option(names = "--threads", defaultValue = "8", description = "client threads (default 8)") int threads;
    @Option(names = "--patients", defaultValue = "50", description = "distinct patients the documents spread over") int patients;
    @Option(names = "--big-mb", defaultValue = "0", description = "also submit and retrieve one document of this many MB")
    int bigMb;
    @Option(names = "--registry-entries", defaultValue = "0",
            description = "first fill the registry up to this many document entries (registry BulkLoader, 10 per patient; "
                    + "entries already there are kept), e.g. 10000 or 1000000")
    int registryEntries;
    @Option(names = "--phases", split = ",", defaultValue = "pnr,find,retrieve",
            description = "phases to measure, among pnr, find, retrieve (default all three)")
    Set<String> phases;
    @Option(names = "--warmup", defaultValue = "100",
            description = "unmeasured operations before each phase, so that the JIT has compiled the hot paths (default 100)")
    int warmup;
    @Option(names = "--client", defaultValue = "raw",
            description = "raw (default: pre-built requests on keep-alive sockets, answers checked on the bytes; costs "
                    + "the machine little) or cxf (the CXF JAX-WS client: JAXB, MTOM, WS-Addressing)")
    String client;
    @Option(names = "--raw-transport", defaultValue = "socket",
            description = "how the raw client talks HTTP: socket (default, its own keep-alive socket code) or urlconnection "
                    + "(the JDK's HttpURLConnection), to compare their CPU")
    String rawTransport;
    @Option(names = "--log-level", defaultValue = "warn",
            description = "gateway log level during the bench (default warn: one INFO line per submission costs throughput)")
    String logLevel;

    private static final EbXMLFactory30 FACTORY = new EbXMLFactory30();

    @Override
    public Integer call() throws Exception {
        // slf4j-simple reads its level once, when the first logger is created: nothing has logged yet here
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", logLevel);
        }
        if (!Set.of("pnr", "find", "retrieve").containsAll(phases)) {
            throw new IllegalArgumentException("--phases takes pnr, find and/or retrieve, not " + phases);
        }
        if (!Set.of("raw", "cxf").contains(client)) {
            throw new IllegalArgumentException("--client takes raw or cxf, not " + client);
        }
        if (!Set.of("socket", "urlconnection").contains(rawTransport)) {
            throw new IllegalArgumentException("--raw-transport takes socket or urlconnection, not " + rawTransport);
        }
        if (count <= 0 || seconds <= 0 || threads <= 0 || patients <= 0) {
            throw new IllegalArgumentException("--count, --seconds, --threads and --patients must be positive");
        }
        Path kitDir = kit != null ? kit : System.getenv("PASSERELLE_KIT_DIR") == null ? null : Path.of(System.getenv("PASSERELLE_KIT_DIR"));
        Path cdaFile = cda != null ? cda : kitDir == null ? null : kitDir.resolve("examples/CARD-F-PRC-TAP_2022.01.xml");
        if (cdaFile == null || !Files.isRegularFile(cdaFile)) {
            throw new IllegalArgumentException("no CDA to submit: give --cda FILE or --kit DIR (or PASSERELLE_KIT_DIR)");
        }
        Path tempData = null;
        GatewayConfig.Builder b = GatewayConfig.builder().host("127.0.0.1").port(0).profile(Profile.FR_DMP)
                .insTestOids(true).cdaValidation(GatewayConfig.CdaMode.of(cdaValidation)).kitDir(kitDir)
                .maxRequestBytes(Math.max(200L, bigMb + 20L) * 1024 * 1024);
        if ("h2".equalsIgnoreCase(db)) {
            tempData = Files.createTempDirectory("passerelle-bench-");
            b.dataDir(tempData);
        } else {
            b.jdbcUrl(db).dbUser(dbUser).dbPassword(dbPassword);
        }
        GatewayConfig config = b.build();
        System.out.printf("bench: %s, CDA %s (%d bytes), validation %s, %d threads, ≤%d ops / ≤%d s per phase%n",
                "h2".equalsIgnoreCase(db) ? "H2 (embedded, " + tempData + ")" : db, cdaFile.getFileName(),
                Files.size(cdaFile), config.cdaValidation(), threads, count, seconds);
        System.out.println("machine: " + Machine.describe());
        PostgresCpu database = "h2".equalsIgnoreCase(db) ? null : PostgresCpu.forJdbcUrl(db);
        try (GatewayServer server = GatewayServer.start(config)) {
            if (registryEntries > 0) fill(server);
            BenchDocuments docs = new BenchDocuments(cdaFile, patients);
            GatewayUrls urls = new GatewayUrls(server.iti41Url(), server.iti18Url(), server.iti43Url(), server.repositoryUniqueId());
            long t0 = System.nanoTime();
            try (LoadClient load = "raw".equals(client)
                    ? new RawLoadClient(docs, urls, Exchange.Transport.valueOf(rawTransport.toUpperCase(java.util.Locale.ROOT))) : new CxfLoadClient(docs, urls)) {
                System.out.printf("client: %s%s (ready in %.1f s)%n", client, "raw".equals(client) ? " over " + rawTransport : "",
                    (System.nanoTime() - t0) / 1e9);
                measure(load, docs, database);
            }
            if (bigMb > 0) big(server, docs);
        } finally {
            if (tempData != null) deleteTree(tempData);
        }
        return 0;
    }

    private void measure(LoadClient load, BenchDocuments docs, PostgresCpu database) throws Exception {
        ConcurrentLinkedQueue<LoadClient.StoredDocument> stored = new ConcurrentLinkedQueue<>();
        AtomicInteger seq = new AtomicInteger();
        Op submit = () -> stored.add(load.submit(seq.getAndIncrement()));
        List<Result> results = new ArrayList<>();
        if (phases.contains("pnr")) {
            results.add(run("PnR (ITI-41)", submit, database));
        } else {
            // queries and retrieves need documents: one per patient, not measured
            for (int k = 0; k < patients; k++) submit.run();
        }
        if (stored.isEmpty()) throw new IllegalStateException("no submission succeeded; nothing to query");
        List<LoadClient.StoredDocument> documents = new ArrayList<>(stored);
        int[] withDocuments = documents.stream().mapToInt(LoadClient.StoredDocument::patient).distinct().toArray();
        AtomicLong found = new AtomicLong();
        AtomicLong queries = new AtomicLong();
        Op find = () -> {
            found.addAndGet(load.find(withDocuments[ThreadLocalRandom.current().nextInt(withDocuments.length)]));
            queries.incrementAndGet();
        };
        if (phases.contains("find")) results.add(run("FindDocuments (ITI-18)", find, database));
        Op retrieve = () -> load.retrieve(documents.get(ThreadLocalRandom.current().nextInt(documents.size())));
        if (phases.contains("retrieve")) results.add(run("Retrieve (ITI-43)", retrieve, database));
        System.out.println();
        System.out.println(Result.HEADER);
        for (Result r : results) System.out.println(r);
        if (queries.get() > 0) {
            System.out.printf("FindDocuments: %.1f document entries per response (LeafClass)%n",
                    (double) found.get() / queries.get());
        }
        if (database != null) {
            System.out.println("db cpu ms: PostgreSQL's CPU per operation (this JVM's backends and the server's shared "
                    + "processes, /proc utime+stime at 10 ms resolution); all-in = srv + cli + db");
        }
    }

    /** Bulk-loads synthetic document entries (module registry) so that queries run against a registry of that size. */
    private void fill(GatewayServer server) throws Exception {
        if (!(server.backend() instanceof RegistryBackend rb)) throw new IllegalStateException("no registry database");
        long existing;
        try (Connection c = rb.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM reg_document_entry")) {
            rs.next();
            existing = rs.getLong(1);
        }
        if (existing >= registryEntries) {
            System.out.printf("registry: %d document entries already there%n", existing);
            return;
        }
        int toLoad = (int) (registryEntries - existing);
        long t0 = System.nanoTime();
        new BulkLoader(rb.dataSource()).loadDocumentEntries(toLoad, 10, done -> {
            if (done % 100_000 == 0) System.out.printf("  loaded %d%n", done);
        });
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("registry: loaded %d document entries in %.1f s (%.0f/s), %d in all%n", toLoad, s, toLoad / s,
                existing + toLoad);
        if (rb.dataSource() instanceof com.zaxxer.hikari.HikariDataSource h && h.getJdbcUrl().startsWith("jdbc:postgresql:")) {
            try (Connection c = rb.dataSource().getConnection(); Statement st = c.createStatement()) {
                st.execute("ANALYZE");
            }
        }
    }

    private void big(GatewayServer server, BenchDocuments docs) throws Exception {
        long size = (long) bigMb * 1024 * 1024;
        ProvideAndRegisterDocumentSet p = docs.submission(Integer.MAX_VALUE);
        DocumentEntry e = p.getDocuments().get(0).getDocumentEntry();
        e.setMimeType("application/pdf");
        p.getDocuments().get(0).setDataHandler(new DataHandler(new GeneratedContent(size)));
        CxfPorts ports = new CxfPorts(server.iti41Url(), server.iti18Url(), server.iti43Url());
        HTTPConduit conduit = (HTTPConduit) ClientProxy.getClient(ports.iti41).getConduit();
        conduit.getClient().setAllowChunking(true);
        long t0 = System.nanoTime();
        RegistryResponseType r = ports.iti41.documentRepositoryProvideAndRegisterDocumentSetB(FrenchSubmission.toEbXml(p).getInternal());
        long t1 = System.nanoTime();
        if (!r.getStatus().endsWith(":Success")) throw new IllegalStateException("big PnR refused: " + describe(r));
        RetrieveDocumentSet rq = new RetrieveDocumentSet();
        rq.getDocuments().add(new DocumentReference(server.repositoryUniqueId(), e.getUniqueId(), null));
        RetrieveDocumentSetResponseType got = ports.iti43.documentRepositoryRetrieveDocumentSet(
                new RetrieveDocumentSetRequestTransformer(FACTORY).toEbXML(rq).getInternal());
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        long n = 0;
        try (InputStream in = got.getDocumentResponse().get(0).getDocument().getInputStream()) {
            byte[] buf = new byte[64 * 1024];
            for (int k; (k = in.read(buf)) > 0; n += k) sha1.update(buf, 0, k);
        }
        long t2 = System.nanoTime();
        String expected = GeneratedContent.sha1(size);
        String actual = HexFormat.of().formatHex(sha1.digest());
        System.out.printf("%nbig document: %d MB submitted in %.1f s, retrieved in %.1f s, %d bytes back, SHA-1 %s (max heap %d MB)%n",
                bigMb, (t1 - t0) / 1e9, (t2 - t1) / 1e9, n, expected.equals(actual) ? "matches" : "DIFFERS",
                Runtime.getRuntime().maxMemory() / (1024 * 1024));
        if (!expected.equals(actual) || n != size) throw new IllegalStateException("big document came back different");
    }

    private Result run(String name, Op op, PostgresCpu database) throws InterruptedException {
        for (int i = 0; i < Math.min(warmup, count); i++) {
            try {
                op.run();
            } catch (Exception ignored) {
                // warm-up
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        AtomicInteger remaining = new AtomicInteger(count);
        AtomicLong errors = new AtomicLong();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        List<String> firstErrors = Collections.synchronizedList(new ArrayList<>());
        AtomicLong clientCpu = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        PostgresCpu.Sample db0 = database == null ? null : database.sample();
        long cpu0 = Machine.processCpuNanos();
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                long c0 = Machine.threadCpuNanos();
                try {
                    loop(op, remaining, deadline, latencies, errors, firstErrors);
                } finally {
                    clientCpu.addAndGet(Machine.threadCpuNanos() - c0);
                }
            }));
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
        long elapsed = System.nanoTime() - start;
        long cpu = Machine.processCpuNanos() - cpu0;
        PostgresCpu.Usage dbCpu = database == null ? null : PostgresCpu.between(db0, database.sample());
        pool.shutdown();
        synchronized (firstErrors) {
            for (String e : firstErrors) System.out.println(name + ": error: " + e);
        }
        if (errors.get() > firstErrors.size()) System.out.println(name + ": " + errors.get() + " errors in all");
        if (dbCpu != null && dbCpu.foreignNanos() > 0) {
            System.out.printf("%s: PostgreSQL backends of other clients used %.0f ms of CPU meanwhile (not counted)%n",
                    name, dbCpu.foreignNanos() / 1e6);
        }
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        int n = Math.max(1, sorted.size());
        return new Result(name, sorted.size(), elapsed / 1e9, percentile(sorted, 50), percentile(sorted, 99), errors.get(),
                Machine.loadAverage(), (cpu - clientCpu.get()) / 1e6 / n, clientCpu.get() / 1e6 / n,
                dbCpu == null ? Double.NaN : dbCpu.ownNanos() / 1e6 / n);
    }

    private static void loop(Op op, AtomicInteger remaining, long deadline, ConcurrentLinkedQueue<Long> latencies,
                             AtomicLong errors, List<String> firstErrors) {
        while (remaining.getAndDecrement() > 0 && System.nanoTime() < deadline) {
            long t0 = System.nanoTime();
            try {
                op.run();
                latencies.add(System.nanoTime() - t0);
            } catch (Exception e) {
                errors.incrementAndGet();
                synchronized (firstErrors) {
                    if (firstErrors.size() < FIRST_ERRORS) firstErrors.add(e.toString());
                }
            }
        }
    }

    private static double percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) return Double.NaN;
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, i)) / 1e6;
    }

    private static String describe(RegistryResponseType r) {
        if (r.getRegistryErrorList() == null) return r.getStatus();
        return r.getStatus() + " " + r.getRegistryErrorList().getRegistryError().stream()
                .map(e -> e.getErrorCode() + ": " + e.getCodeContext()).toList();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    private static final int FIRST_ERRORS = 3;

    private interface Op { void run() throws Exception; }

    /**
     * One phase; {@code load} is the 1-minute load average at its end. CPU per operation does not depend on what else
     * runs on the machine: {@code serverCpuMs} is the process CPU minus the client threads' own (so it includes GC and
     * JIT), {@code clientCpuMs} the load generator's, {@code dbCpuMs} PostgreSQL's when it runs on this machine (NaN
     * otherwise); {@code 1000 * cores / serverCpuMs} bounds the rate of a gateway alone on the machine.
     */
    record Result(String name, int ops, double seconds, double p50, double p99, long errors, double load,
                  double serverCpuMs, double clientCpuMs, double dbCpuMs) {
        static final String HEADER = String.format("%-24s %7s %8s %9s %9s %9s %7s %6s %11s %11s %10s %10s", "phase", "ops",
                "seconds", "ops/s", "p50 ms", "p99 ms", "errors", "load", "srv cpu ms", "cli cpu ms", "srv max/s", "db cpu ms");

        @Override
        public String toString() {
            return String.format("%-24s %7d %8.1f %9.1f %9.1f %9.1f %7d %6.1f %11.2f %11.2f %10.0f %10s", name, ops, seconds,
                    ops / seconds, p50, p99, errors, load, serverCpuMs, clientCpuMs,
                    1000.0 * Runtime.getRuntime().availableProcessors() / serverCpuMs,
                    Double.isNaN(dbCpuMs) ? "-" : String.format("%.2f", dbCpuMs));
        }
    }

    /** What the figures depend on: cores, CPU model, memory, load. */
    static final class Machine {
        static long processCpuNanos() {
            return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean()).getProcessCpuTime();
        }

        static long threadCpuNanos() {
            return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        }

        static double loadAverage() {
            return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        }

        static String describe() {
            String cpu = "?";
            try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
                cpu = lines.filter(l -> l.startsWith("model name")).findFirst()
                        .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
            } catch (IOException | java.io.UncheckedIOException ignored) {
                // not Linux
            }
            return String.format("%d cores (%s), JVM max heap %d MB, load average %.1f, Java %s",
                    Runtime.getRuntime().availableProcessors(), cpu, Runtime.getRuntime().maxMemory() >> 20,
                    loadAverage(), System.getProperty("java.version"));
        }
    }

    /** Pseudo-random bytes generated on the fly: a big document never held in memory. */
    static final class GeneratedContent implements DataSource {
        private final long size;

        GeneratedContent(long size) { this.size = size; }

        static String sha1(long size) throws Exception {
            MessageDigest md = MessageDigest.getInstance("SHA-1");
            try (InputStream in = new GeneratedContent(size).getInputStream()) {
                byte[] buf = new byte[64 * 1024];
                for (int k; (k = in.read(buf)) > 0; ) md.update(buf, 0, k);
            }
            return HexFormat.of().formatHex(md.digest());
        }

        @Override
        public InputStream getInputStream() {
            return new InputStream() {
                long pos;
                long state = 0x9E3779B97F4A7C15L;

                @Override
                public int read() {
                    if (pos >= size) return -1;
                    pos++;
                    state = state * 6364136223846793005L + 1442695040888963407L;
                    return (int) (state >>> 56) & 0xFF;
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    if (pos >= size) return -1;
                    int n = (int) Math.min(len, size - pos);
                    for (int i = 0; i < n; i++) {
                        state = state * 6364136223846793005L + 1442695040888963407L;
                        b[off + i] = (byte) (state >>> 56);
                    }
                    pos += n;
                    return n;
                }
            };
        }

        @Override public OutputStream getOutputStream() { throw new UnsupportedOperationException(); }
        @Override public String getContentType() { return "application/pdf"; }
        @Override public String getName() { return "generated"; }
    }
}
