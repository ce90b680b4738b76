package org.passerelle.cda.validation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.passerelle.testsupport.SharedFolder;

/**
 * The kit-mode validator and the reports of every shared example, computed once per test JVM (compiling the kit's
 * schematrons is the expensive part) and shared by the tests that need them.
 */
final class KitExamples {
    private static volatile CdaValidator validator;
    private static final Map<String, ValidationReport> REPORTS = new ConcurrentHashMap<>();

    private KitExamples() {}

    static Path kit() { return SharedFolder.ciSis(); }

    static synchronized CdaValidator validator() {
        if (validator == null) {
            validator = CdaValidator.builder().kit(kit())
                    .diskCache(Path.of("target", "schematron-cache").toAbsolutePath())
                    .build();
        }
        return validator;
    }

    /** Rows of a kit TSV file (header skipped), columns split on tabs. */
    static List<String[]> tsv(String name) {
        try {
            List<String> lines = Files.readAllLines(kit().resolve(name));
            List<String[]> rows = new ArrayList<>();
            for (String l : lines.subList(1, lines.size())) {
                if (!l.isBlank()) {
                    rows.add(l.split("\t", -1));
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Validates every example of examples.tsv (in parallel, two threads) and keeps the reports. */
    static synchronized Map<String, ValidationReport> reports() {
        if (REPORTS.isEmpty()) {
            CdaValidator v = validator();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<?>> fs = new ArrayList<>();
                for (String[] row : tsv("examples.tsv")) {
                    fs.add(pool.submit(() -> REPORTS.put(row[0], v.validate(kit().resolve(row[0])))));
                }
                for (Future<?> f : fs) {
                    f.get();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                pool.shutdown();
            }
        }
        return REPORTS;
    }
}
