package org.passerelle.gateway;

import jakarta.activation.DataHandler;
import jakarta.activation.DataSource;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.ws.addressing.WSAddressingFeature;
import org.openehealth.ipf.commons.ihe.ws.WsTransactionConfiguration;
import org.openehealth.ipf.commons.ihe.xds.XDS;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.RetrieveDocumentSetResponseType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.query.AdhocQueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rs.RegistryResponseType;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.QueryRegistryTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.RetrieveDocumentSetRequestTransformer;
import org.openehealth.ipf.commons.ihe.xds.iti18.Iti18PortType;
import org.openehealth.ipf.commons.ihe.xds.iti41.Iti41PortType;
import org.openehealth.ipf.commons.ihe.xds.iti43.Iti43PortType;
import org.passerelle.cda.metadata.CdaDocument;
import org.passerelle.cda.metadata.FrenchMetadataBuilder;
import org.passerelle.cda.metadata.FrenchSubmission;
import org.passerelle.cda.metadata.MetadataOverrides;
import org.passerelle.cda.metadata.SubmissionOptions;
import org.passerelle.registry.BulkLoader;
import org.passerelle.wsdl.XdsWsdl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
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
import java.util.Map;
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
 * Retrieve, each bounded in count and in time; optionally one big document submitted and retrieved. Prints throughput
 * and p50/p99 latency.
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
        try (GatewayServer server = GatewayServer.start(config)) {
            if (registryEntries > 0) fill(server);
            Documents docs = new Documents(cdaFile, patients);
            ThreadLocal<Ports> ports = ThreadLocal.withInitial(() -> new Ports(server));
            ConcurrentLinkedQueue<String> stored = new ConcurrentLinkedQueue<>();
            List<Identifiable> pids = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger seq = new AtomicInteger();

            Op submit = () -> {
                int i = seq.getAndIncrement();
                ProvideAndRegisterDocumentSet p = docs.submission(i);
                RegistryResponseType r = ports.get().iti41.documentRepositoryProvideAndRegisterDocumentSetB(
                        FrenchSubmission.toEbXml(p).getInternal());
                if (!r.getStatus().endsWith(":Success")) throw new IllegalStateException(describe(r));
                DocumentEntry e = p.getDocuments().get(0).getDocumentEntry();
                stored.add(e.getUniqueId());
                if (i < patients) pids.add(e.getPatientId());
            };
            List<Result> results = new ArrayList<>();
            if (phases.contains("pnr")) {
                results.add(run("PnR (ITI-41)", submit));
            } else {
                // queries and retrieves need documents: one per patient, not measured
                for (int k = 0; k < patients; k++) submit.run();
            }
            if (stored.isEmpty()) throw new IllegalStateException("no submission succeeded; nothing to query");
            List<String> uids = new ArrayList<>(stored);
            AtomicLong found = new AtomicLong();
            AtomicLong queries = new AtomicLong();
            Op find = () -> {
                FindDocumentsQuery q = new FindDocumentsQuery();
                q.setPatientId(pids.get(ThreadLocalRandom.current().nextInt(pids.size())));
                q.setStatus(List.of(AvailabilityStatus.APPROVED));
                var wire = new QueryRegistryTransformer(FACTORY).toEbXML(new QueryRegistry(q, QueryReturnType.LEAF_CLASS));
                AdhocQueryResponse r = ports.get().iti18.documentRegistryRegistryStoredQuery(wire.getInternal());
                if (!r.getStatus().endsWith(":Success")) throw new IllegalStateException(describe(r));
                found.addAndGet(r.getRegistryObjectList() == null ? 0 : r.getRegistryObjectList().getIdentifiable().size());
                queries.incrementAndGet();
            };
            if (phases.contains("find")) results.add(run("FindDocuments (ITI-18)", find));
            Op retrieve = () -> {
                RetrieveDocumentSet rq = new RetrieveDocumentSet();
                rq.getDocuments().add(new DocumentReference(server.repositoryUniqueId(),
                        uids.get(ThreadLocalRandom.current().nextInt(uids.size())), null));
                var wire = new RetrieveDocumentSetRequestTransformer(FACTORY).toEbXML(rq);
                RetrieveDocumentSetResponseType r = ports.get().iti43.documentRepositoryRetrieveDocumentSet(wire.getInternal());
                if (!r.getRegistryResponse().getStatus().endsWith(":Success")) throw new IllegalStateException("retrieve failed");
                try (InputStream in = r.getDocumentResponse().get(0).getDocument().getInputStream()) {
                    in.transferTo(OutputStream.nullOutputStream());
                }
            };
            if (phases.contains("retrieve")) results.add(run("Retrieve (ITI-43)", retrieve));
            System.out.println();
            System.out.println(Result.HEADER);
            for (Result r : results) System.out.println(r);
            if (queries.get() > 0) {
                System.out.printf("FindDocuments: %.1f document entries per response (LeafClass)%n",
                        (double) found.get() / queries.get());
            }
            if (bigMb > 0) big(server, docs);
        } finally {
            if (tempData != null) deleteTree(tempData);
        }
        return 0;
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

    private void big(GatewayServer server, Documents docs) throws Exception {
        long size = (long) bigMb * 1024 * 1024;
        ProvideAndRegisterDocumentSet p = docs.submission(Integer.MAX_VALUE);
        DocumentEntry e = p.getDocuments().get(0).getDocumentEntry();
        e.setMimeType("application/pdf");
        p.getDocuments().get(0).setDataHandler(new DataHandler(new GeneratedContent(size)));
        Ports ports = new Ports(server);
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

    private Result run(String name, Op op) throws InterruptedException {
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
        List<String> firstError = Collections.synchronizedList(new ArrayList<>());
        AtomicLong clientCpu = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long cpu0 = Machine.processCpuNanos();
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                long c0 = Machine.threadCpuNanos();
                try {
                    loop(op, remaining, deadline, latencies, errors, firstError);
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
        pool.shutdown();
        if (!firstError.isEmpty()) System.out.println(name + ": first error: " + firstError.get(0));
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        int n = Math.max(1, sorted.size());
        return new Result(name, sorted.size(), elapsed / 1e9, percentile(sorted, 50), percentile(sorted, 99), errors.get(),
                Machine.loadAverage(), (cpu - clientCpu.get()) / 1e6 / n, clientCpu.get() / 1e6 / n);
    }

    private static void loop(Op op, AtomicInteger remaining, long deadline, ConcurrentLinkedQueue<Long> latencies,
                             AtomicLong errors, List<String> firstError) {
        while (remaining.getAndDecrement() > 0 && System.nanoTime() < deadline) {
            long t0 = System.nanoTime();
            try {
                op.run();
                latencies.add(System.nanoTime() - t0);
            } catch (Exception e) {
                errors.incrementAndGet();
                if (firstError.isEmpty()) firstError.add(e.toString());
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

    private static String describe(AdhocQueryResponse r) {
        if (r.getRegistryErrorList() == null) return r.getStatus();
        return r.getStatus() + " " + r.getRegistryErrorList().getRegistryError().stream()
                .map(e -> e.getErrorCode() + ": " + e.getCodeContext()).toList();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    private interface Op { void run() throws Exception; }

    /**
     * One phase; {@code load} is the 1-minute load average at its end. CPU per operation does not depend on what else
     * runs on the machine: {@code serverCpuMs} is the process CPU minus the client threads' own (so it includes GC and
     * JIT), {@code clientCpuMs} the load generator's; {@code 1000 * cores / serverCpuMs} bounds the rate of a gateway
     * alone on the machine.
     */
    record Result(String name, int ops, double seconds, double p50, double p99, long errors, double load,
                  double serverCpuMs, double clientCpuMs) {
        static final String HEADER = String.format("%-24s %7s %8s %9s %9s %9s %7s %6s %11s %11s %10s", "phase", "ops",
                "seconds", "ops/s", "p50 ms", "p99 ms", "errors", "load", "srv cpu ms", "cli cpu ms", "srv max/s");

        @Override
        public String toString() {
            return String.format("%-24s %7d %8.1f %9.1f %9.1f %9.1f %7d %6.1f %11.2f %11.2f %10.0f", name, ops, seconds,
                    ops / seconds, p50, p99, errors, load, serverCpuMs, clientCpuMs,
                    1000.0 * Runtime.getRuntime().availableProcessors() / serverCpuMs);
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

    /** The CDA, rewritten per patient (a valid INS-NIR test matricule each), with a fresh uniqueId per submission. */
    static final class Documents {
        private final FrenchSubmission fs = new FrenchSubmission();
        private final FrenchMetadataBuilder metadata = new FrenchMetadataBuilder();
        private final String name;
        /** Each patient's CDA, its header read once: the load generator shares the 2 cores with the gateway. */
        private final List<CdaDocument> perPatient = new ArrayList<>();

        Documents(Path file, int patients) throws Exception {
            name = file.getFileName().toString();
            byte[] template = Files.readAllBytes(file);
            CdaDocument d = fs.document(name, template, MetadataOverrides.NONE);
            String ins = d.entry().getPatientId().getId();
            String text = new String(template, StandardCharsets.UTF_8);
            for (int k = 0; k < patients; k++) {
                perPatient.add(fs.document(name, text.replace(ins, nir(k)).getBytes(StandardCharsets.UTF_8),
                        MetadataOverrides.NONE));
            }
        }

        ProvideAndRegisterDocumentSet submission(int i) throws Exception {
            CdaDocument template = perPatient.get(Math.floorMod(i, perPatient.size()));
            DocumentEntry entry = metadata.build(template.header(), MetadataOverrides.NONE);
            entry.setMimeType(template.entry().getMimeType());
            entry.setUniqueId(FrenchSubmission.newOid());
            CdaDocument d = new CdaDocument(name, template.content(), template.header(), entry);
            return fs.build(List.of(d), SubmissionOptions.of("1.2.250.1.999.1.1.7898"));
        }

        /** A 13-digit NIR body and its key (97 - body mod 97). */
        static String nir(int k) {
            long body = 1_850_775_000_000L + k;
            long key = 97 - (body % 97);
            return body + String.format("%02d", key);
        }
    }

    /** Client proxies of one thread. */
    static final class Ports {
        final Iti41PortType iti41;
        final Iti18PortType iti18;
        final Iti43PortType iti43;

        Ports(GatewayServer server) {
            iti41 = port(XDS.Interactions.ITI_41, "ITI-41", server.iti41Url(), Iti41PortType.class);
            iti18 = port(XDS.Interactions.ITI_18, "ITI-18", server.iti18Url(), Iti18PortType.class);
            iti43 = port(XDS.Interactions.ITI_43, "ITI-43", server.iti43Url(), Iti43PortType.class);
        }

        static <T> T port(XDS.Interactions interaction, String tx, String url, Class<T> sei) {
            WsTransactionConfiguration<?> ws = interaction.getWsTransactionConfiguration();
            JaxWsProxyFactoryBean f = new JaxWsProxyFactoryBean();
            f.setServiceClass(sei);
            f.setServiceName(ws.getServiceName());
            f.setWsdlLocation(XdsWsdl.location(tx));
            f.setAddress(url);
            f.getFeatures().add(new WSAddressingFeature());
            f.setProperties(Map.of("mtom-enabled", Boolean.TRUE));
            T port = f.create(sei);
            Client client = ClientProxy.getClient(port);
            HTTPConduit conduit = (HTTPConduit) client.getConduit();
            conduit.getClient().setReceiveTimeout(600_000);
            conduit.getClient().setAllowChunking(false);
            return port;
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
