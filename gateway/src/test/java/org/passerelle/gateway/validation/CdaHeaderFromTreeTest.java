package org.passerelle.gateway.validation;

import org.junit.jupiter.api.Test;
import org.passerelle.cda.metadata.CdaHeader;
import org.passerelle.cda.metadata.CdaHeaderReader;
import org.passerelle.cda.metadata.CdaMetadataException;
import org.passerelle.cda.validation.CdaValidator;
import org.passerelle.testsupport.SharedFolder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The header read from the validator's tree (what CdaDocumentCheck does) is the header a full parse reads. */
class CdaHeaderFromTreeTest {

    private final CdaHeaderReader reader = new CdaHeaderReader();
    private final CdaValidator validator = CdaValidator.embeddedDefault();

    @Test
    void everyKitExampleHasTheSameHeaderFromTheValidatorsTree() throws Exception {
        List<Path> examples;
        try (Stream<Path> files = Files.list(SharedFolder.ciSis().resolve("examples"))) {
            examples = files.filter(f -> f.toString().endsWith(".xml")).sorted().toList();
        }
        assertFalse(examples.isEmpty(), "no CI-SIS examples found");
        int compared = 0;
        int selfPresenting = 0;
        for (Path f : examples) {
            byte[] content = Files.readAllBytes(f);
            String name = f.getFileName().toString();
            List<Object> fromTree = new ArrayList<>();
            validator.validate(content, name, (cda, self) -> {
                try {
                    fromTree.add(reader.read(cda, self));
                } catch (CdaMetadataException e) {
                    fromTree.add(e.failure());
                }
            });
            Object full;
            try {
                full = reader.read(content);
            } catch (CdaMetadataException e) {
                full = e.failure();
            }
            if (fromTree.isEmpty()) {
                // not a CDA at all (the kit's model file): the full read refuses it too
                assertTrue(full instanceof Enum<?>, name + ": " + full);
                continue;
            }
            assertEquals(1, fromTree.size(), name);
            assertEquals(full, fromTree.get(0), name);
            if (full instanceof CdaHeader h && h.selfPresenting()) selfPresenting++;
            compared++;
        }
        assertTrue(compared >= 40, "only " + compared + " CDA headers compared");
        assertTrue(selfPresenting >= 1, "no self-presenting example compared");
    }
}
