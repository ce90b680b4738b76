package org.passerelle.cda.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** The parsed ClinicalDocument handed to a caller during validation, read through the DOM view. */
class TreeReaderTest {
    static CdaValidator validator;

    @BeforeAll
    static void build() {
        validator = CdaValidator.embeddedDefault();
    }

    private record Seen(String name, String ns, String title, String idRoot, String missingAttribute, boolean selfPresenting) {}

    private static List<Seen> read(byte[] content, String name) {
        List<Seen> seen = new ArrayList<>();
        validator.validate(content, name, (cda, selfPresenting) -> {
            Element title = null;
            Element id = null;
            for (Node n = cda.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && "title".equals(e.getLocalName()) && title == null) title = e;
                if (n instanceof Element e && "id".equals(e.getLocalName()) && id == null) id = e;
            }
            seen.add(new Seen(cda.getLocalName(), cda.getNamespaceURI(), title == null ? null : title.getTextContent(),
                    id == null ? null : id.getAttribute("root"), id == null ? null : id.getAttribute("nothere"),
                    selfPresenting));
        });
        return seen;
    }

    @Test
    void aCdaIsHandedOverOnceWithItsHeader() throws Exception {
        byte[] content = Files.readAllBytes(EmbeddedDefaultTest.example("CARD-F-PRC-TAP_2022.01.xml"));
        List<Seen> seen = read(content, "tap");
        assertEquals(1, seen.size());
        Seen s = seen.get(0);
        assertEquals("ClinicalDocument", s.name());
        assertEquals("urn:hl7-org:v3", s.ns());
        assertFalse(s.title().isBlank());
        assertTrue(s.idRoot().matches("[0-9.]+"), s.idRoot());
        assertEquals("", s.missingAttribute(), "an absent attribute reads as the empty string, as in any DOM");
        assertFalse(s.selfPresenting());
    }

    @Test
    void theEmbeddedClinicalDocumentOfASelfPresentingFileIsHandedOver() throws Exception {
        byte[] content = Files.readAllBytes(EmbeddedDefaultTest.example("BIO-CR-BIO_2021.01_Auto-Presentable.xml"));
        List<Seen> seen = read(content, "auto");
        assertEquals(1, seen.size());
        assertEquals("ClinicalDocument", seen.get(0).name());
        assertTrue(seen.get(0).selfPresenting());
    }

    @Test
    void nothingIsHandedOverWhenTheDocumentIsNotACda() {
        assertTrue(read("not xml at all".getBytes(StandardCharsets.UTF_8), "bad").isEmpty());
        assertTrue(read("<other xmlns='urn:x'/>".getBytes(StandardCharsets.UTF_8), "other").isEmpty());
    }
}
