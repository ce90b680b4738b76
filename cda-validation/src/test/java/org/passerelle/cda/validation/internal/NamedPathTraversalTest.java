package org.passerelle.cda.validation.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.transform.stream.StreamSource;
import net.sf.saxon.s9api.Processor;
import net.sf.saxon.s9api.XdmDestination;
import net.sf.saxon.s9api.XdmNode;
import net.sf.saxon.s9api.XdmNodeKind;
import net.sf.saxon.s9api.XsltExecutable;
import net.sf.saxon.s9api.Xslt30Transformer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded rule sets give the same SVRL (every failed assert and successful report: id, role, location, text, in
 * order) whether the generated stylesheet walks every node, as SchXslt generates it, or only the named paths.
 */
class NamedPathTraversalTest {
    private static final String SVRL_NS = "http://purl.oclc.org/dsdl/svrl";
    private static final String VISITING = "<xsl:template xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\" match=";

    @TempDir
    static Path cache;
    static Processor processor;
    static RuleResources resources;

    @BeforeAll
    static void setUp() {
        processor = new Processor(false);
        resources = new RuleResources(processor, null);
    }

    /** The generated stylesheet, with and without the visiting templates. */
    private record Both(XsltExecutable walkAll, XsltExecutable namedPaths, int added) {}

    private static Both compile(String sch) throws Exception {
        URI uri = NamedPathTraversalTest.class.getClassLoader().getResource("passerelle-schematron/" + sch).toURI();
        Path dir = Files.createTempDirectory(cache, sch);
        XsltExecutable namedPaths = new SchematronCompiler(resources, dir).compile(sch, uri).executable();
        String original;
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> generated = files.filter(f -> f.toString().endsWith(".xsl")).toList();
            assertEquals(1, generated.size(), generated::toString);
            original = Files.readString(generated.get(0));
        }
        int added = 0;
        for (int i = original.indexOf(VISITING); i >= 0; i = original.indexOf(VISITING)) {
            int end = original.indexOf("</xsl:template>", i) + "</xsl:template>".length();
            original = original.substring(0, i) + original.substring(end);
            added++;
        }
        XsltExecutable walkAll = processor.newXsltCompiler().compile(new StreamSource(new StringReader(original), uri.toString()));
        return new Both(walkAll, namedPaths, added);
    }

    private static List<String> findings(XsltExecutable exec, XdmNode doc) throws Exception {
        Xslt30Transformer t = exec.load30();
        t.setErrorReporter(e -> { });
        t.setGlobalContextItem(doc);
        XdmDestination out = new XdmDestination();
        t.applyTemplates(doc, out);
        List<String> found = new ArrayList<>();
        for (XdmNode root : out.getXdmNode().children()) {
            for (XdmNode n : root.children()) {
                if (n.getNodeKind() == XdmNodeKind.ELEMENT && SVRL_NS.equals(n.getNodeName().getNamespaceURI())
                        && !n.getNodeName().getLocalName().equals("metadata")) { // metadata: the run's time
                    found.add(n.getNodeName().getLocalName() + " " + n.getAttributeValue(new net.sf.saxon.s9api.QName("id"))
                            + " " + n.getAttributeValue(new net.sf.saxon.s9api.QName("location")) + " "
                            + n.getStringValue().replaceAll("\\s+", " ").trim());
                }
            }
        }
        return found;
    }

    private static XdmNode parse(byte[] content, String name) {
        DocumentParser.Outcome o = new DocumentParser(processor, 1L << 30).parse(DocumentInput.of(content, name));
        assertTrue(o.failure() == null, name + ": " + o.failure());
        return o.document().tree();
    }

    private static List<byte[]> documents(List<String> names) throws Exception {
        List<byte[]> docs = ExampleDocuments.load(names);
        String tap = ExampleDocuments.tap();
        String header = tap.substring(tap.indexOf("<ClinicalDocument"), tap.indexOf("<component>"));
        assertTrue(header.length() > 100);
        return docs;
    }

    @Test
    void theHeaderAndN1RulesGiveTheSameFindingsWalkingOnlyTheirPaths() throws Exception {
        List<String> names = new ArrayList<>();
        List<byte[]> docs = documents(names);
        assertTrue(docs.size() >= 40, "only " + docs.size() + " documents");
        int nonEmpty = 0;
        for (String sch : List.of("entete.sch", "n1.sch")) {
            Both both = compile(sch);
            assertTrue(both.added() > 0, sch + ": no visiting template added");
            for (int i = 0; i < docs.size(); i++) {
                XdmNode tree = parse(docs.get(i), names.get(i));
                List<String> expected = findings(both.walkAll(), tree);
                assertEquals(expected, findings(both.namedPaths(), tree), sch + " on " + names.get(i));
                if (expected.stream().anyMatch(f -> f.startsWith("failed-assert") || f.startsWith("successful-report"))) {
                    nonEmpty++;
                }
            }
        }
        assertTrue(nonEmpty > 10, "too few documents with findings to compare: " + nonEmpty);
    }

    @Test
    void aRuleSetWithAWildcardOrDescendantContextIsLeftAsGenerated() throws Exception {
        Both crBio = compile("cr-bio.sch"); // contexts '*[…]' and 'cda:structuredBody//*[@unit]'
        assertEquals(0, crBio.added());
        assertFalse(NamedPathTraversal.templatesFor(stylesheet(
                "<xsl:template match='cda:a/cda:b' mode='m' priority='2'/><xsl:template match='@cda:c' mode='m' priority='1'/>"))
                .isPresent());
        assertFalse(NamedPathTraversal.templatesFor(stylesheet("<xsl:template match='b' mode='m' priority='2'/>"))
                .isPresent(), "an unprefixed name");
        assertTrue(NamedPathTraversal.templatesFor(stylesheet(
                "<xsl:template match=\"cda:a[x = '/|*']/cda:b[1][@y] | /\" mode='m' priority='2'/>")).isPresent());
    }

    private static XdmNode stylesheet(String templates) throws Exception {
        XdmNode doc = processor.newDocumentBuilder().build(new StreamSource(new StringReader(
                "<xsl:transform xmlns:xsl='http://www.w3.org/1999/XSL/Transform' xmlns:cda='urn:hl7-org:v3' version='3.0'>"
                        + templates + "</xsl:transform>")));
        for (XdmNode c : doc.children()) {
            if (c.getNodeKind() == XdmNodeKind.ELEMENT) return c;
        }
        throw new AssertionError();
    }
}
