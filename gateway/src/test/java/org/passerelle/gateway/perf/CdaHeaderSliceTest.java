package org.passerelle.gateway.perf;

import org.junit.jupiter.api.Test;
import org.passerelle.cda.metadata.CdaHeader;
import org.passerelle.cda.metadata.CdaHeaderReader;
import org.passerelle.cda.metadata.CdaMetadataException;
import org.passerelle.testsupport.SharedFolder;

import javax.xml.stream.XMLStreamException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CdaHeaderSliceTest {

    private final CdaHeaderReader reader = new CdaHeaderReader();

    @Test
    void everyKitExampleHasTheSameHeaderWithoutItsBody() throws Exception {
        List<Path> examples;
        try (Stream<Path> files = Files.list(SharedFolder.ciSis().resolve("examples"))) {
            examples = files.filter(f -> f.toString().endsWith(".xml")).sorted().toList();
        }
        assertFalse(examples.isEmpty(), "no CI-SIS examples found");
        int compared = 0;
        for (Path f : examples) {
            byte[] content = Files.readAllBytes(f);
            CdaHeader full;
            try {
                full = reader.read(content);
            } catch (CdaMetadataException notACda) {
                // e.g. the kit's model file: the slice must fail the same way
                CdaMetadataException sliced = assertThrows(CdaMetadataException.class,
                        () -> reader.read(CdaHeaderSlice.withoutStructuredBody(content)), f.toString());
                assertEquals(notACda.failure(), sliced.failure(), f.toString());
                continue;
            }
            byte[] slice = CdaHeaderSlice.withoutStructuredBody(content);
            assertEquals(full, reader.read(slice), f.getFileName().toString());
            assertTrue(slice.length <= content.length + 64, f.getFileName() + ": the slice grew");
            compared++;
        }
        assertTrue(compared >= 40, "only " + compared + " CDA headers compared");
    }

    @Test
    void theBodyIsLeftOutButTheStructuredBodyElementStays() throws Exception {
        byte[] content = Files.readAllBytes(SharedFolder.ciSis().resolve("examples/CARD-F-PRC-TAP_2022.01.xml"));
        String slice = new String(CdaHeaderSlice.withoutStructuredBody(content), StandardCharsets.UTF_8);
        assertTrue(slice.length() < content.length / 3, "slice of " + slice.length() + " chars from " + content.length + " bytes");
        assertTrue(slice.contains("structuredBody"), slice);
        assertFalse(slice.contains("<section"), "section elements should be gone");
    }

    @Test
    void aDtdIsRefused() {
        byte[] withDtd = ("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<ClinicalDocument xmlns=\"urn:hl7-org:v3\"><title>&e;</title></ClinicalDocument>")
                .getBytes(StandardCharsets.UTF_8);
        assertThrows(XMLStreamException.class, () -> CdaHeaderSlice.withoutStructuredBody(withDtd));
    }

    @Test
    void malformedXmlIsAnError() {
        byte[] broken = "<ClinicalDocument xmlns=\"urn:hl7-org:v3\"><title>x</ClinicalDocument>".getBytes(StandardCharsets.UTF_8);
        assertThrows(XMLStreamException.class, () -> CdaHeaderSlice.withoutStructuredBody(broken));
    }
}
