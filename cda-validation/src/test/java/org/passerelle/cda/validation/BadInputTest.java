package org.passerelle.cda.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile and broken input: each gets one specific finding on layer xml, nothing crashes, nothing leaks. */
class BadInputTest {
    static CdaValidator validator;

    @BeforeAll
    static void build() {
        validator = CdaValidator.builder().maxBytes(64 * 1024).build();
    }

    private static Finding only(ValidationReport r) {
        assertEquals(1, r.findings().size(), () -> "findings: " + r.findings());
        Finding f = r.findings().get(0);
        assertEquals("xml", f.layer());
        assertFalse(r.valid());
        assertEquals(Level.UNKNOWN, r.level());
        return f;
    }

    @Test
    void notXml() {
        ValidationReport r = validator.validate("this is not XML\n".getBytes(StandardCharsets.UTF_8), "notes.txt");
        Finding f = only(r);
        assertEquals(CdaFailure.NOT_XML.code(), f.ruleId());
        assertEquals(1, f.line());
        assertTrue(f.message().startsWith("not well-formed XML: line 1"), f.message());
    }

    @Test
    void truncatedXmlGivesTheLine() {
        String xml = "<ClinicalDocument xmlns=\"urn:hl7-org:v3\">\n<id root=\"1.2\"/>\n<title>x</titl>\n</ClinicalDocument>";
        Finding f = only(validator.validate(xml.getBytes(StandardCharsets.UTF_8), "broken.xml"));
        assertEquals(CdaFailure.NOT_XML.code(), f.ruleId());
        assertEquals(3, f.line());
    }

    @Test
    void emptyAndBlankFiles(@TempDir Path dir) throws IOException {
        Path empty = Files.write(dir.resolve("empty.xml"), new byte[0]);
        assertEquals(CdaFailure.EMPTY_DOCUMENT.code(), only(validator.validate(empty)).ruleId());
        assertEquals(CdaFailure.EMPTY_DOCUMENT.code(),
                only(validator.validate(" \n\t\n".getBytes(StandardCharsets.UTF_8), "blank.xml")).ruleId());
    }

    @Test
    void externalEntityIsRefusedAndNothingLeaks(@TempDir Path dir) throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET-42");
        String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE ClinicalDocument [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>\n"
                + "<ClinicalDocument xmlns=\"urn:hl7-org:v3\"><title>&xxe;</title></ClinicalDocument>";
        ValidationReport r = validator.validate(xxe.getBytes(StandardCharsets.UTF_8), "xxe.xml");
        Finding f = only(r);
        assertEquals(CdaFailure.DTD_FORBIDDEN.code(), f.ruleId());
        assertEquals(2, f.line());
        assertFalse(r.toString().contains("TOP-SECRET-42"));
    }

    @Test
    void billionLaughsIsRefusedQuickly() {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
        for (int i = 1; i <= 9; i++) {
            b.append("<!ENTITY lol").append(i).append(" \"");
            for (int j = 0; j < 10; j++) {
                b.append("&lol").append(i == 1 ? "" : String.valueOf(i - 1)).append(';');
            }
            b.append("\">\n");
        }
        b.append("]>\n<ClinicalDocument xmlns=\"urn:hl7-org:v3\">&lol9;</ClinicalDocument>");
        Finding f = only(validator.validate(b.toString().getBytes(StandardCharsets.UTF_8), "lolz.xml"));
        assertEquals(CdaFailure.DTD_FORBIDDEN.code(), f.ruleId());
    }

    @Test
    void documentOverTheSizeLimit(@TempDir Path dir) throws IOException {
        // the real 200 MB case runs in the bench; here the limit is 64 KB
        StringBuilder b = new StringBuilder("<ClinicalDocument xmlns=\"urn:hl7-org:v3\"><!--");
        while (b.length() < 100 * 1024) {
            b.append("padding padding padding padding padding padding padding padding\n");
        }
        b.append("--></ClinicalDocument>");
        byte[] big = b.toString().getBytes(StandardCharsets.UTF_8);
        Path file = Files.write(dir.resolve("big.xml"), big);
        Finding f = only(validator.validate(file));
        assertEquals(CdaFailure.TOO_LARGE.code(), f.ruleId());
        assertTrue(f.message().contains("65536"), f.message());
        // a stream of unknown length is cut at the limit too
        InputStream unknownLength = new ByteArrayInputStream(big) {
            @Override
            public synchronized int available() { return 0; }
        };
        assertEquals(CdaFailure.TOO_LARGE.code(), only(validator.validate(unknownLength, "stream.xml")).ruleId());
        assertEquals(CdaFailure.TOO_LARGE.code(), only(validator.validate(big, "bytes.xml")).ruleId());
    }

    @Test
    void wrongRootElement() {
        ValidationReport r = validator.validate("<html><body/></html>".getBytes(StandardCharsets.UTF_8), "page.xml");
        Finding f = only(r);
        assertEquals(CdaFailure.WRONG_ROOT.code(), f.ruleId());
        assertTrue(f.message().contains("{}html"), f.message());
        // right local name, wrong namespace
        Finding ns = only(validator.validate("<ClinicalDocument/>".getBytes(StandardCharsets.UTF_8), "nons.xml"));
        assertEquals(CdaFailure.WRONG_ROOT.code(), ns.ruleId());
    }

    @Test
    void missingFileAndNotAKit(@TempDir Path dir) {
        CdaValidationException e = assertThrows(CdaValidationException.class, () -> validator.validate(dir.resolve("nope.xml")));
        assertEquals(CdaFailure.IO_ERROR, e.failure());
        assertEquals(2, e.failure().exitCode());
        CdaValidationException k = assertThrows(CdaValidationException.class, () -> CdaValidator.withKit(dir.resolve("no-kit")));
        assertEquals(CdaFailure.KIT_NOT_FOUND, k.failure());
        assertTrue(k.getMessage().contains("no-kit"), k.getMessage());
        assertThrows(CdaValidationException.class, () -> CdaValidator.withKit(dir)); // exists, but is not a kit
    }

    @Test
    void validDocumentIsNotMistakenForBadInput() {
        String xml = "<ClinicalDocument xmlns=\"urn:hl7-org:v3\"><component><nonXMLBody><text mediaType=\"text/plain\" "
                + "representation=\"B64\">aGVsbG8=</text></nonXMLBody></component></ClinicalDocument>";
        ValidationReport r = validator.validate(xml.getBytes(StandardCharsets.UTF_8), "tiny.xml");
        assertEquals(Level.N1, r.level());
        assertNull(r.volet());
        assertTrue(r.findings().stream().noneMatch(f -> f.layer().equals("xml")), r.findings()::toString);
    }
}
