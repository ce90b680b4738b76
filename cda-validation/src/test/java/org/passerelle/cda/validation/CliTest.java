package org.passerelle.cda.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.passerelle.cda.validation.cli.CdaValidateCommand;
import org.passerelle.testsupport.SharedFolder;
import org.w3c.dom.Document;

/** The command line: exit codes, recursion, formats. Embedded rules (no kit) keep it fast. */
class CliTest {
    record Run(int exit, String out, String err) {}

    static synchronized Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = CdaValidateCommand.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    static Path example(String name) {
        return SharedFolder.ciSis().resolve("examples").resolve(name);
    }

    static Document parse(Path p) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(p.toFile());
    }

    @Test
    void validDocumentExitsZeroWithSummary() {
        Run r = run("--no-cache", example("DOC_NON_STRUCTURE_CDA-R2-N1.xml").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("VALID"), r.out());
        assertTrue(r.out().contains("document") && r.out().contains("level") && r.out().contains("warnings"), r.out());
        assertTrue(r.out().contains("1 document(s), 1 valid, 0 invalid"), r.out());
    }

    @Test
    void batchGoesOnPastBadFilesAndExitsOne(@TempDir Path dir) throws Exception {
        Path sub = Files.createDirectories(dir.resolve("a/b"));
        Files.writeString(sub.resolve("garbage.xml"), "not xml at all");
        Files.write(dir.resolve("empty.xml"), new byte[0]);
        Files.copy(example("DOC_NON_STRUCTURE_CDA-R2-N1.xml"), dir.resolve("a/good.xml"));
        Files.writeString(dir.resolve("ignored.txt"), "not an xml file name: skipped in folders");
        Run r = run("--no-cache", "--jobs", "2", dir.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("3 document(s), 1 valid, 2 invalid"), r.out());
        assertTrue(r.out().contains(CdaFailure.NOT_XML.code()) && r.out().contains(CdaFailure.EMPTY_DOCUMENT.code()), r.out());
    }

    @Test
    void missingFileOrBadKitExitsTwo(@TempDir Path dir) {
        Run missing = run("--no-cache", dir.resolve("nope.xml").toString(), example("DOC_NON_STRUCTURE_CDA-R2-N1.xml").toString());
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("nope.xml"), missing.err());
        assertTrue(missing.out().contains("1 document(s)"), "the other file is still validated: " + missing.out());

        Run kit = run("--kit", dir.resolve("no-kit").toString(), example("DOC_NON_STRUCTURE_CDA-R2-N1.xml").toString());
        assertEquals(2, kit.exit());
        assertTrue(kit.err().contains("no-kit") && kit.err().contains("not an ANS CI-SIS kit"), kit.err());

        assertEquals(2, run("--format", "pdf", "x.xml").exit(), "unknown format is a usage error");
        assertEquals(2, run().exit(), "no file is a usage error");
    }

    @Test
    void helpExitsZero() {
        Run r = run("--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("--kit") && r.out().contains("--format") && r.out().contains("--jobs"), r.out());
    }

    @Test
    void jsonReport(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("bad.xml"), "<html/>");
        Run r = run("--no-cache", "--format", "json", dir.resolve("bad.xml").toString());
        assertEquals(1, r.exit());
        String json = r.out().strip();
        assertTrue(json.startsWith("{\"documents\":[") && json.endsWith("]}"), json);
        assertTrue(json.contains("\"valid\":false") && json.contains("\"ruleId\":\"CDA-WRONG_ROOT\""), json);
    }

    @Test
    void junitSvrlAndHtmlReportsGoToTheOutFolder(@TempDir Path dir) throws Exception {
        String xml = Files.readString(example("DOC_NON_STRUCTURE_CDA-R2-N1.xml"), StandardCharsets.UTF_8);
        Path broken = Files.writeString(dir.resolve("no-ins.xml"),
                xml.replaceAll("(?s)(<patientRole[^>]*>).*?(<addr|<patient)", "$1$2"), StandardCharsets.UTF_8);
        Path out = dir.resolve("out");

        assertEquals(1, run("--no-cache", "--format", "junit", "--out", out.toString(), broken.toString()).exit());
        Document junit = parse(out.resolve("junit.xml"));
        assertTrue(junit.getElementsByTagName("failure").getLength() > 0, "a failed layer is a failed test");
        assertEquals("testsuites", junit.getDocumentElement().getNodeName());

        assertEquals(1, run("--no-cache", "--format", "svrl", "--out", out.toString(), broken.toString()).exit());
        Document svrl = parse(out.resolve("report.svrl.xml"));
        assertTrue(svrl.getElementsByTagNameNS("http://purl.oclc.org/dsdl/svrl", "failed-assert").getLength() > 0);

        Run html = run("--no-cache", "--format", "html", "--out", out.toString(), broken.toString());
        assertEquals(1, html.exit());
        assertTrue(html.out().contains("report.html"), html.out());
        String page = Files.readString(out.resolve("report.html"), StandardCharsets.UTF_8);
        assertTrue(page.startsWith("<!DOCTYPE html>") && page.contains("<pre>") && page.contains("patientRole"),
                "findings with the XML excerpt");
        assertTrue(!page.contains("<script") && !page.contains("<link") && !page.contains("src="), "self-contained");
    }
}
