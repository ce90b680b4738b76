package org.passerelle.cda.validation.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import net.sf.saxon.s9api.Processor;
import net.sf.saxon.s9api.XdmNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.passerelle.cda.validation.Finding;
import org.passerelle.testsupport.SharedFolder;

/**
 * The embedded files declared {@code header-only} in volets.properties give the same findings (id, role, location,
 * line, message, in order) on a tree whose structuredBody content was left out as on the whole tree.
 */
class BodyOmissionTest {
    @TempDir
    static Path cache;
    static Processor processor;
    static RuleResources resources;

    @BeforeAll
    static void setUp() {
        processor = new Processor(false);
        resources = new RuleResources(processor, null);
    }

    private static List<String> headerOnlyFiles() throws Exception {
        Properties volets = new Properties();
        try (InputStream in = BodyOmissionTest.class.getClassLoader().getResourceAsStream("passerelle-schematron/volets.properties")) {
            volets.load(in);
        }
        List<String> files = new ArrayList<>();
        for (String f : volets.getProperty("header-only", "").split("[,\\s]+")) {
            if (!f.isBlank()) files.add(f.trim());
        }
        return files;
    }

    private static ParsedDocument parse(byte[] content, String name, boolean omitBody) {
        DocumentParser.Outcome o = new DocumentParser(processor, 1L << 30)
                .parse(DocumentInput.of(content, name), omitBody ? roots -> true : null);
        assertTrue(o.failure() == null, name + ": " + o.failure());
        return o.document();
    }

    private static List<byte[]> documents(List<String> names) throws Exception {
        // the nested ClinicalDocument is checked by the header rules too: the body is kept then
        List<byte[]> docs = ExampleDocuments.load(names);
        String tap = ExampleDocuments.tap();
        // two bodies: PAS-ENT-021 counts the structuredBody element, which stays
        docs.add(tap.replaceFirst("<component>", "<component><nonXMLBody><text mediaType=\"text/plain\">x</text></nonXMLBody></component><component>")
                .getBytes(StandardCharsets.UTF_8));
        names.add("two bodies");
        return docs;
    }

    @Test
    void headerOnlyRuleSetsGiveTheSameFindingsWithoutTheBody() throws Exception {
        List<String> files = headerOnlyFiles();
        assertTrue(files.contains("entete.sch"), files::toString);
        List<String> names = new ArrayList<>();
        List<byte[]> docs = documents(names);
        assertTrue(docs.size() >= 40, "only " + docs.size() + " documents");
        int omitted = 0;
        int withFindings = 0;
        for (String sch : files) {
            URI uri = getClass().getClassLoader().getResource("passerelle-schematron/" + sch).toURI();
            CompiledSchematron cs = new SchematronCompiler(resources, Files.createTempDirectory(cache, sch)).compile(sch, uri);
            for (int i = 0; i < docs.size(); i++) {
                ParsedDocument whole = parse(docs.get(i), names.get(i), false);
                ParsedDocument outline = parse(docs.get(i), names.get(i), true);
                assertFalse(whole.bodyOmitted());
                if (outline.bodyOmitted()) {
                    omitted++;
                    assertTrue(size(outline.tree()) < size(whole.tree()), names.get(i));
                }
                List<Finding> expected = SchematronLayer.run(cs, whole.tree(), resources).findings();
                assertEquals(expected, SchematronLayer.run(cs, outline.tree(), resources).findings(), sch + " on " + names.get(i));
                assertEquals(DocumentFacts.of(whole.tree()), DocumentFacts.of(outline.tree()), names.get(i));
                if (!expected.isEmpty()) withFindings++;
            }
        }
        assertTrue(omitted > docs.size() / 2, "bodies omitted: " + omitted);
        assertTrue(withFindings > 10, "too few documents with findings to compare: " + withFindings);
    }

    @Test
    void onlyTheContentOfClinicalDocumentComponentStructuredBodyIsLeftOut() throws Exception {
        String tap = ExampleDocuments.tap();
        ParsedDocument outline = parse(tap.getBytes(StandardCharsets.UTF_8), "tap", true);
        assertTrue(outline.bodyOmitted());
        XdmNode body = outline.tree().select(net.sf.saxon.s9api.streams.Steps.descendant("structuredBody")).asNode();
        assertEquals(0, body.children().iterator().hasNext() ? 1 : 0, "structuredBody kept empty");
        assertTrue(body.getLineNumber() > 1, "line numbers kept");
        // a structuredBody that is not ClinicalDocument/component/structuredBody is kept whole
        String elsewhere = "<ClinicalDocument xmlns='urn:hl7-org:v3'><!-- c --><x><structuredBody><a/></structuredBody></x>"
                + "<component><structuredBody><!-- gone --><b><?pi gone?></b>text</structuredBody></component><!-- after --></ClinicalDocument>";
        ParsedDocument d = parse(elsewhere.getBytes(StandardCharsets.UTF_8), "elsewhere", true);
        assertTrue(d.bodyOmitted());
        assertEquals("<ClinicalDocument xmlns=\"urn:hl7-org:v3\"><!-- c --><x><structuredBody><a/></structuredBody></x>"
                + "<component><structuredBody/></component><!-- after --></ClinicalDocument>",
                d.tree().toString().replaceAll(">\\s+<", "><"));
        ParsedDocument kept = parse(elsewhere.getBytes(StandardCharsets.UTF_8), "elsewhere", false);
        assertTrue(kept.tree().toString().replaceAll(">\\s+<", "><").contains("<!-- gone --><b><?pi gone?></b>text"),
                kept.tree()::toString);
        // a ClinicalDocument in the body: parsed again, whole
        ParsedDocument nested = parse(elsewhere.replace("<b>", "<b><ClinicalDocument/>").getBytes(StandardCharsets.UTF_8), "nested", true);
        assertFalse(nested.bodyOmitted());
        assertTrue(nested.tree().toString().contains("<!-- gone -->"));
    }

    @Test
    void theValidatorKeepsTheBodyWhenARuleSetReadsIt() throws Exception {
        org.passerelle.cda.validation.CdaValidator v = org.passerelle.cda.validation.CdaValidator.embeddedDefault();
        Path examples = SharedFolder.ciSis().resolve("examples");
        assertEquals(0, bodyChildren(v, Files.readString(examples.resolve("CARD-F-PRC-TAP_2022.01.xml"))), "entete.sch only");
        String bio = Files.readString(examples.resolve("BIO-CR-BIO_2023.01_Electrophorese.xml"));
        assertTrue(bodyChildren(v, bio) > 0, "cr-bio.sch reads the body");
        // the CR-BIO templateId after the body: known once the body is parsed, which is then parsed again, whole
        String tid = "<templateId root=\"1.2.250.1.213.1.1.1.55\" extension=\"2023.01\"/>";
        assertTrue(bio.contains(tid));
        int end = bio.lastIndexOf("</ClinicalDocument>");
        String late = bio.replace(tid, "");
        late = late.substring(0, late.lastIndexOf("</ClinicalDocument>")) + tid + "</ClinicalDocument>";
        assertTrue(end > 0);
        assertTrue(bodyChildren(v, late) > 0, "a templateId after the body");
        List<String> expected = messages(v.validate(bio.getBytes(StandardCharsets.UTF_8), "bio"));
        List<String> found = messages(v.validate(late.getBytes(StandardCharsets.UTF_8), "late"));
        assertEquals("schematron:cr-bio ran: true", found.get(0));
        assertEquals(expected, found);
    }

    /** Layer, rule and message of every cr-bio finding (the moved templateId changes locations, not findings). */
    private static List<String> messages(org.passerelle.cda.validation.ValidationReport r) {
        List<String> out = new ArrayList<>();
        out.add("schematron:cr-bio ran: " + r.ruleSets().contains("schematron:cr-bio"));
        for (Finding f : r.findingsOf("schematron:cr-bio")) out.add(f.layer() + " " + f.ruleId() + " " + f.message());
        return out;
    }

    private static int bodyChildren(org.passerelle.cda.validation.CdaValidator v, String doc) {
        int[] n = {-1};
        v.validate(doc.getBytes(StandardCharsets.UTF_8), "doc", (cda, selfPresenting) -> {
            for (org.w3c.dom.Node c = cda.getFirstChild(); c != null; c = c.getNextSibling()) {
                if ("component".equals(c.getLocalName())) {
                    for (org.w3c.dom.Node b = c.getFirstChild(); b != null; b = b.getNextSibling()) {
                        if ("structuredBody".equals(b.getLocalName())) n[0] = b.getChildNodes().getLength();
                    }
                }
            }
        });
        return n[0];
    }

    @Test
    void aVeryLongTextInTheOmittedBodyIsStillCounted() throws Exception {
        String tap = ExampleDocuments.tap();
        int at = tap.indexOf("<section>") + "<section>".length();
        StringBuilder b = new StringBuilder(tap.length() + 9_000_000).append(tap, 0, at).append("<text>");
        while (b.length() < at + 9_000_000) {
            b.append("\nQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB");
        }
        byte[] content = b.append("</text>").append(tap, at, tap.length()).toString().getBytes(StandardCharsets.UTF_8);
        ParsedDocument whole = parse(content, "long", false);
        ParsedDocument outline = parse(content, "long", true);
        assertTrue(outline.bodyOmitted());
        assertTrue(whole.truncatedChars() > 0);
        assertEquals(whole.truncatedChars(), outline.truncatedChars());
        assertEquals(whole.truncatedLine(), outline.truncatedLine());
    }

    private static int size(XdmNode node) {
        int n = 1;
        for (XdmNode c : node.children()) n += size(c);
        return n;
    }
}
