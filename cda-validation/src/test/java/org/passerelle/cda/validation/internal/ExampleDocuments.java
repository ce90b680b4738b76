package org.passerelle.cda.validation.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.passerelle.testsupport.SharedFolder;

/**
 * The documents the rule-set equivalence tests run on: every shared example that is a ClinicalDocument, then two
 * variants of CARD-F-PRC-TAP that no example has (a second ClinicalDocument inside the body, a header with every
 * rule failing).
 */
final class ExampleDocuments {
    private ExampleDocuments() {}

    /** The CARD-F-PRC-TAP example the variants are made from. */
    static String tap() throws IOException {
        return Files.readString(SharedFolder.ciSis().resolve("examples/CARD-F-PRC-TAP_2022.01.xml"));
    }

    /** The documents, in order; their names are appended to {@code names}. */
    static List<byte[]> load(List<String> names) throws IOException {
        List<byte[]> docs = new ArrayList<>();
        try (Stream<Path> files = Files.list(SharedFolder.ciSis().resolve("examples"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".xml")).sorted().toList()) {
                byte[] content = Files.readAllBytes(f);
                if (!new String(content, 0, Math.min(content.length, 4096), StandardCharsets.UTF_8).contains("ClinicalDocument")) {
                    continue;
                }
                docs.add(content);
                names.add(f.getFileName().toString());
            }
        }
        String tap = tap();
        docs.add(tap.replaceFirst("<section>", "<section><text><ClinicalDocument xmlns=\"urn:hl7-org:v3\">"
                + "<id root=\"not an oid\"/><author><time value=\"2020\"/></author></ClinicalDocument></text>")
                .getBytes(StandardCharsets.UTF_8));
        names.add("nested ClinicalDocument");
        docs.add(tap.replace("root=\"1.2.250.1.213.1.4.", "root=\"9.9.").replace("value=\"20", "value=\"x20")
                .getBytes(StandardCharsets.UTF_8));
        names.add("broken header");
        return docs;
    }
}
