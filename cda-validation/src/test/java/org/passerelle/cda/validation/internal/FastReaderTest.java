package org.passerelle.cda.validation.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.sf.saxon.s9api.Processor;
import net.sf.saxon.s9api.XdmNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.passerelle.testsupport.SharedFolder;

/**
 * Woodstox first, the JDK's parser on failure: the same tree (nodes, values, line numbers) as the JDK's parser alone,
 * and the same verdict, line and message for every document it rejects.
 */
class FastReaderTest {
    static Processor processor;

    @BeforeAll
    static void setUp() {
        processor = new Processor(false);
    }

    private static DocumentParser.Outcome parse(byte[] content, boolean fast, boolean omitBody) {
        return new DocumentParser(processor, 1L << 30, fast).parse(DocumentInput.of(content, "doc.xml"),
                omitBody ? roots -> true : null);
    }

    /** Every node in document order with its kind, name, line and (for leaves) value. */
    private static List<String> describe(XdmNode tree) {
        List<String> out = new ArrayList<>();
        walk(tree, out);
        return out;
    }

    private static void walk(XdmNode n, List<String> out) {
        StringBuilder d = new StringBuilder().append(n.getNodeKind()).append(' ').append(n.getNodeName())
                .append(" line ").append(n.getLineNumber());
        switch (n.getNodeKind()) {
            case TEXT, COMMENT, PROCESSING_INSTRUCTION -> d.append(" [").append(n.getStringValue()).append(']');
            case ELEMENT -> {
                for (XdmNode a : n.select(net.sf.saxon.s9api.streams.Steps.attribute()).asListOfNodes()) {
                    d.append(' ').append(a.getNodeName()).append("=[").append(a.getStringValue()).append(']');
                }
                for (XdmNode ns : n.select(net.sf.saxon.s9api.streams.Steps.namespace()).asListOfNodes()) {
                    d.append(" ns ").append(ns.getNodeName()).append("=").append(ns.getStringValue());
                }
            }
            default -> { }
        }
        out.add(d.toString());
        for (XdmNode c : n.children()) walk(c, out);
    }

    private static void assertSameAsJdk(byte[] content, String name) {
        for (boolean omit : new boolean[] {false, true}) {
            DocumentParser.Outcome jdk = parse(content, false, omit);
            DocumentParser.Outcome fast = parse(content, true, omit);
            assertEquals(jdk.failure(), fast.failure(), name);
            if (jdk.failure() == null) {
                ParsedDocument j = jdk.document();
                ParsedDocument f = fast.document();
                assertEquals(describe(j.tree()), describe(f.tree()), name);
                assertEquals(List.of(j.rootName(), j.selfPresenting(), j.truncatedChars(), j.truncatedLine(), j.bodyOmitted()),
                        List.of(f.rootName(), f.selfPresenting(), f.truncatedChars(), f.truncatedLine(), f.bodyOmitted()), name);
            }
        }
    }

    @Test
    void everyExampleGivesTheSameTreeWithItsLineNumbers() throws Exception {
        int n = 0;
        try (Stream<Path> files = Files.list(SharedFolder.ciSis().resolve("examples"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".xml")).sorted().toList()) {
                assertSameAsJdk(Files.readAllBytes(f), f.getFileName().toString());
                n++;
            }
        }
        assertTrue(n >= 40, "only " + n + " examples");
    }

    @Test
    void lexicalCornersGiveTheSameTree() {
        String cda = "<ClinicalDocument xmlns=\"urn:hl7-org:v3\"\n   xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n>";
        List<String> docs = List.of(
                "<?xml version=\"1.0\"?>\n<!-- before -->\n<?pi before?>\n" + cda + "\n<id\n root=\"1.2\"\n extension=\"a&#9;b\tc\nd\"\n/>"
                        + "<title>A &amp; B &lt; C &#x20AC; <![CDATA[<x> & ]]> end</title>\n<!-- in -->\n<?pi in?>"
                        + "<component><structuredBody>\n<component><section><text>t<br/>u</text></section></component>"
                        + "</structuredBody></component></ClinicalDocument>\n<!-- after -->\n",
                cda.replace("\n", "\r\n") + "\r\n<title>\r\nx\r\n</title>\r\n</ClinicalDocument>\r\n",
                "<?xml version=\"1.1\"?>" + cda + "<title>x</title></ClinicalDocument>",
                "\uFEFF" + cda + "<title>é ü 中</title></ClinicalDocument>",
                "<xsl:stylesheet xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\" version=\"1.0\"><xsl:template match=\"/\">\n"
                        + "<!-- c -->" + cda + "<title>x</title></ClinicalDocument></xsl:template></xsl:stylesheet>");
        for (String d : docs) {
            assertSameAsJdk(d.getBytes(StandardCharsets.UTF_8), d);
        }
        String latin = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n" + cda + "<title>é à</title></ClinicalDocument>";
        assertSameAsJdk(latin.getBytes(Charset.forName("ISO-8859-1")), "latin-1");
        assertSameAsJdk((cda + "<title>é</title></ClinicalDocument>").getBytes(StandardCharsets.UTF_16), "UTF-16");
    }

    @Test
    void whatWoodstoxRefusesTheJdkParserDecides() {
        // deeper than Woodstox's default limit (1000): accepted by the JDK's parser, as before
        StringBuilder deep = new StringBuilder("<ClinicalDocument xmlns=\"urn:hl7-org:v3\">");
        deep.append("<a>".repeat(1200)).append("</a>".repeat(1200)).append("</ClinicalDocument>");
        assertSameAsJdk(deep.toString().getBytes(StandardCharsets.UTF_8), "deep");
        assertNotNull(parse(deep.toString().getBytes(StandardCharsets.UTF_8), true, false).document());
    }

    @Test
    void everyRejectedDocumentGetsTheJdkParsersVerdict() {
        String name1000 = "a".repeat(1000);
        List<String> bad = List.of(
                "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n<x>&e;</x>",
                "<?xml version=\"1.0\"?>\n<!DOCTYPE ClinicalDocument>\n<ClinicalDocument/>",
                "<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;\">]><lolz>&lol2;</lolz>",
                "<a>\n<b>\n</a>",
                "<a>&undefined;</a>",
                "<a x=\"1\" x=\"2\"/>",
                "<p:a/>",
                "<a/>\ntext after",
                "<a>\u0001</a>",
                "<" + name1000 + "/>",
                "<a " + name1000 + "=\"1\"/>",
                "not xml");
        for (String d : bad) {
            DocumentParser.Outcome jdk = parse(d.getBytes(StandardCharsets.UTF_8), false, false);
            assertNotNull(jdk.failure(), d);
            assertSameAsJdk(d.getBytes(StandardCharsets.UTF_8), d);
        }
        byte[] badUtf8 = "<a>\u00e9</a>".getBytes(StandardCharsets.UTF_8);
        badUtf8[4] = (byte) 0xFF;
        assertNotNull(parse(badUtf8, false, false).failure());
        assertSameAsJdk(badUtf8, "bad UTF-8");
    }
}
