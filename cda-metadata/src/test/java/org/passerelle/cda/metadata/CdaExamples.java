package org.passerelle.cda.metadata;

import org.passerelle.testsupport.SharedFolder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The rows of /work/shared/ci-sis/examples.tsv: file, original name, level, volet templateId. */
record CdaExamples(Path file, String level, String voletTemplateId) {

    static Stream<CdaExamples> all() {
        Path tsv = SharedFolder.ciSis().resolve("examples.tsv");
        try {
            List<String> lines = Files.readAllLines(tsv);
            return lines.stream().skip(1).filter(l -> !l.isBlank()).map(l -> {
                String[] c = l.split("\t", -1);
                String template = c[3].isEmpty() ? null : c[3].replaceAll("@.*", "");
                return new CdaExamples(SharedFolder.ciSis().resolve(c[0]), c[2], template);
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path example(String name) {
        return SharedFolder.ciSis().resolve("examples").resolve(name);
    }

    @Override
    public String toString() {
        return file.getFileName().toString();
    }
}
