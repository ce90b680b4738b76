package org.passerelle.cda.validation.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.passerelle.cda.validation.CdaValidator;
import org.passerelle.cda.validation.ValidationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cda-validate bench --kit DIR}: validates every shared example with the kit (all layers) in one warm process
 * and, in the same run, the same work the kit's way (ISO skeleton from moteur/, compiled anew for each document)
 * and with the skeleton compiled once; prints docs/s for each, their ratios, the warm per-document median, and
 * checks a 50 MB document (large embedded PDF) and a 200 MB one (refused by the size limit).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Throughput of the engine against the official ISO-skeleton pipeline, on the kit's examples.")
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--kit", required = true, paramLabel = "DIR", description = "the ANS CI-SIS kit folder")
    Path kit;

    @Option(names = "--jobs", paramLabel = "N", description = "threads for the batch runs (default: number of CPUs)")
    int jobs = Runtime.getRuntime().availableProcessors();

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "3", description = "timed passes over the examples (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--official-docs", paramLabel = "N", defaultValue = "4",
            description = "examples run through the cold official pipeline (it takes seconds per document; default: ${DEFAULT-VALUE})")
    int officialDocs;

    @Option(names = "--big-mb", paramLabel = "MB", defaultValue = "50", description = "size of the large N1 document (default: ${DEFAULT-VALUE})")
    int bigMb;

    @Option(names = "--skip-huge", description = "skip the 200 MB refusal check")
    boolean skipHuge;

    @Option(names = "--large-only", description = "only the large-document checks (run them with JAVA_OPTS=-Xmx512m)")
    boolean largeOnly;

    @Option(names = "--cache", paramLabel = "DIR", description = "on-disk cache of compiled schematrons for the engine (default: none, compile from the sources)")
    Path cache;

    private record Doc(Path file, List<Path> schematrons) {}

    @Override
    public Integer call() throws Exception {
        System.out.printf("cda-validate bench: kit %s, %d thread(s), %d CPU(s), max heap %d MB%n", kit, jobs,
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        List<Path> examples;
        try (Stream<Path> s = Files.list(kit.resolve("examples"))) {
            examples = s.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
        }

        if (largeOnly) {
            large();
            return 0;
        }
        // 1. engine, cold start then warm
        long t0 = System.nanoTime();
        CdaValidator engine = CdaValidator.builder().kit(kit).diskCache(cache).build();
        List<Doc> docs = new ArrayList<>();
        for (ValidationReport r : batch(engine, examples, jobs)) {
            docs.add(new Doc(Path.of(r.document()), schematrons(r)));
        }
        System.out.printf("engine first pass (compiles every schematron once): %.1f s for %d documents%n",
                (System.nanoTime() - t0) / 1e9, examples.size());
        batch(engine, examples, jobs); // JIT warm-up
        long tb = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            batch(engine, examples, jobs);
        }
        double engineDps = rounds * examples.size() / ((System.nanoTime() - tb) / 1e9);
        double[] lat = new double[examples.size()];
        double[] cpu = new double[examples.size()];
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < examples.size(); i++) {
            long s = System.nanoTime();
            long c = mx.getCurrentThreadCpuTime();
            engine.validate(examples.get(i));
            cpu[i] = (mx.getCurrentThreadCpuTime() - c) / 1e6;
            lat[i] = (System.nanoTime() - s) / 1e6;
        }
        Arrays.sort(lat);
        Arrays.sort(cpu);
        System.out.printf("engine warm batch: %.1f docs/s (%d thread(s)); one thread per document: median %.0f ms, p90 %.0f ms, max %.0f ms"
                + " (CPU time: median %.0f ms, p90 %.0f ms; wall > CPU means other processes share the cores)%n",
                engineDps, jobs, lat[lat.length / 2], lat[(int) (lat.length * 0.9)], lat[lat.length - 1],
                cpu[cpu.length / 2], cpu[(int) (cpu.length * 0.9)]);
        System.out.printf("system load average: %.1f%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

        engine = null; // let the compiled engine go: the pipelines below compile their own stylesheets

        // 2. skeleton compiled once, reused
        double warmDps = warmSkeleton(docs);
        System.out.printf("warm ISO-skeleton pipeline (compiled once): %.1f docs/s (%d thread(s))%n", warmDps, jobs);

        // 3. the kit's way: everything compiled anew per document (measured on a sample: seconds per document)
        List<Doc> sample = sample(docs, officialDocs);
        long tc = System.nanoTime();
        runParallel(sample, jobs, d -> new SkeletonPipeline(kit).cold(d.file(), d.schematrons()));
        double coldDps = sample.size() / ((System.nanoTime() - tc) / 1e9);
        System.out.printf("official pipeline (ISO skeleton compiled anew per document, %d documents sampled): %.3f docs/s%n",
                sample.size(), coldDps);
        System.out.printf("ratio engine / official: %.0fx (target >= 50x); engine / warm skeleton: %.1fx (target >= 4x)%n",
                engineDps / coldDps, engineDps / warmDps);

        large();
        return 0;
    }

    /** A 50 MB N1 document (large embedded PDF) validated with the kit, and a 200 MB one refused by the size limit. */
    private void large() throws Exception {
        Path tmp = Files.createTempDirectory("cda-bench");
        try {
            Path big = tmp.resolve("big-n1.xml");
            writeN1(big, bigMb * 1024L * 1024L);
            CdaValidator v = CdaValidator.builder().kit(kit).diskCache(cache)
                    .maxBytes(Math.max(CdaValidator.DEFAULT_MAX_BYTES, Files.size(big) + 1)).build();
            v.validate(kit.resolve("examples/DOC_NON_STRUCTURE_CDA-R2-N1.xml")); // compiles the rule sets first
            resetPeaks();
            long tbig = System.nanoTime();
            ValidationReport r = v.validate(big);
            System.out.printf("%d MB N1 document (warm rule sets): %.1f s, %d error(s) (a synthetic header: StrucMin finds what it lacks),"
                    + " heap peak <= %d MB (sum of pool peaks) of %d MB%n", Files.size(big) >> 20,
                    (System.nanoTime() - tbig) / 1e9, r.errorCount(), peakHeap() >> 20, Runtime.getRuntime().maxMemory() >> 20);
            Files.delete(big);
            if (!skipHuge) {
                Path huge = tmp.resolve("huge.xml");
                writeN1(huge, 200L * 1024 * 1024);
                long th = System.nanoTime();
                ValidationReport h = CdaValidator.embeddedDefault().validate(huge);
                System.out.printf("200 MB document: %s in %.0f ms%n", h.findings().get(0).message(), (System.nanoTime() - th) / 1e6);
                Files.delete(huge);
            }
        } finally {
            try (Stream<Path> left = Files.list(tmp)) {
                for (Path p : left.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(tmp);
        }
    }

    private double warmSkeleton(List<Doc> docs) throws Exception {
        SkeletonPipeline skeleton = new SkeletonPipeline(kit);
        for (Doc d : docs) {
            skeleton.warm(d.file(), d.schematrons()); // compiles
        }
        long tw = System.nanoTime();
        runParallel(docs, jobs, d -> skeleton.warm(d.file(), d.schematrons()));
        return docs.size() / ((System.nanoTime() - tw) / 1e9);
    }

    private static List<Doc> sample(List<Doc> docs, int n) {
        List<Doc> out = new ArrayList<>();
        int step = Math.max(1, docs.size() / Math.max(1, n));
        for (int i = 0; i < docs.size() && out.size() < n; i += step) {
            out.add(docs.get(i));
        }
        return out;
    }

    /** The .sch files the engine ran for this document (profiles, then the volet). */
    private List<Path> schematrons(ValidationReport r) {
        Map<String, Path> m = new LinkedHashMap<>();
        for (String rs : r.ruleSets()) {
            if (!rs.startsWith("schematron:")) {
                continue;
            }
            String name = rs.substring("schematron:".length());
            String profile = CdaValidator.KIT_PROFILES.get(name);
            m.put(name, kit.resolve("schematrons").resolve(profile != null ? profile : name + ".sch"));
        }
        return new ArrayList<>(m.values());
    }

    private static List<ValidationReport> batch(CdaValidator v, List<Path> files, int jobs) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(jobs);
        try {
            List<Future<ValidationReport>> fs = new ArrayList<>();
            for (Path f : files) {
                fs.add(pool.submit(() -> v.validate(f)));
            }
            List<ValidationReport> out = new ArrayList<>();
            for (Future<ValidationReport> f : fs) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdown();
        }
    }

    private interface Work {
        void run(Doc d) throws Exception;
    }

    private static void runParallel(List<Doc> docs, int jobs, Work w) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(jobs);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (Doc d : docs) {
                fs.add(pool.submit(() -> {
                    w.run(d);
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    /** A well-formed N1 CDA whose nonXMLBody carries about {@code bytes} of base64 (a fake PDF). */
    static void writeN1(Path file, long bytes) throws IOException {
        String head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ClinicalDocument xmlns=\"urn:hl7-org:v3\">\n"
                + "<typeId root=\"2.16.840.1.113883.1.3\" extension=\"POCD_HD000040\"/>\n"
                + "<templateId root=\"1.3.6.1.4.1.19376.1.2.20\"/>\n<id root=\"1.2.250.1.999.1\" extension=\"big\"/>\n"
                + "<code code=\"11488-4\" codeSystem=\"2.16.840.1.113883.6.1\"/>\n<title>Large document</title>\n"
                + "<component><nonXMLBody><text mediaType=\"application/pdf\" representation=\"B64\">";
        String tail = "</text></nonXMLBody></component>\n</ClinicalDocument>\n";
        byte[] chunk = new byte[57 * 1024];
        Arrays.fill(chunk, (byte) 'x');
        System.arraycopy("%PDF-1.4\n".getBytes(StandardCharsets.US_ASCII), 0, chunk, 0, 9);
        String line = Base64.getMimeEncoder(76, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(chunk) + "\n";
        byte[] lineBytes = line.getBytes(StandardCharsets.US_ASCII);
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            out.write(head.getBytes(StandardCharsets.UTF_8));
            long written = head.length();
            while (written < bytes - tail.length()) {
                out.write(lineBytes);
                written += lineBytes.length;
            }
            out.write(tail.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            p.resetPeakUsage();
        }
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
