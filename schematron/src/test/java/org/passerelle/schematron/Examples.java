package org.passerelle.schematron;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.passerelle.testsupport.SharedFolder;
import org.w3c.dom.Document;

/** The ANS example documents of /work/shared/ci-sis, read in place, with the kit's reference verdicts. */
final class Examples {
    private Examples() {}

    private static final Map<String, Document> PARSED = new ConcurrentHashMap<>();

    /** A private, mutable copy of examples/{@code name} (parsed once per JVM, then deep-cloned). */
    static Document copyOf(String name) {
        Document parsed = PARSED.computeIfAbsent(name,
                n -> SchematronHarness.parseDom(SharedFolder.ciSis().resolve("examples").resolve(n)));
        synchronized (parsed) {
            return (Document) parsed.cloneNode(true);
        }
    }

    record Example(String file, String level, String voletTemplateId) {
        Path path() { return SharedFolder.ciSis().resolve(file); }
        boolean isCrBio() { return voletTemplateId.startsWith("1.2.250.1.213.1.1.1.55"); }
        @Override public String toString() { return file; }
    }

    /** Every example of examples.tsv. */
    static List<Example> all() {
        try {
            return Files.readAllLines(SharedFolder.ciSis().resolve("examples.tsv")).stream()
                    .skip(1)
                    .filter(l -> !l.isBlank())
                    .map(l -> l.split("\t", -1))
                    .map(c -> new Example(c[0], c[2], c[3]))
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Files whose layer row in reference-verdicts.tsv has status ok. */
    static Set<String> okIn(String layer) {
        try {
            return Files.readAllLines(SharedFolder.ciSis().resolve("reference-verdicts.tsv")).stream()
                    .skip(1)
                    .map(l -> l.split("\t", -1))
                    .filter(c -> c.length > 2 && c[1].equals(layer) && c[2].equals("ok"))
                    .map(c -> c[0])
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Examples the official StrucMin accepts: our header rules must not reject them. */
    static List<Example> acceptedByStrucMin() {
        Set<String> ok = okIn("StrucMin");
        return all().stream().filter(e -> ok.contains(e.file())).collect(Collectors.toList());
    }

    static List<Example> n1AcceptedByStrucMin() {
        return acceptedByStrucMin().stream().filter(e -> e.level().equals("N1")).collect(Collectors.toList());
    }

    static List<Example> crBioAcceptedByStrucMin() {
        return acceptedByStrucMin().stream().filter(e -> e.level().equals("N3") && e.isCrBio())
                .collect(Collectors.toList());
    }
}
