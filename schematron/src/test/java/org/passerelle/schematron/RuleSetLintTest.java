package org.passerelle.schematron;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Structural checks on the rule files themselves: ids, roles, messages, compilation, and volets.properties. */
class RuleSetLintTest {

    private static final String SCH_NS = "http://purl.oclc.org/dsdl/schematron";
    private static final Map<String, String> ID_PREFIX = Map.of(
            "entete.sch", "PAS-ENT-", "n1.sch", "PAS-N1-", "cr-bio.sch", "PAS-BIO-");

    static List<String> schFiles() throws IOException, URISyntaxException {
        Path dir = Path.of(SchematronHarness.class.getResource(SchematronHarness.RESOURCE_DIR).toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sch")).sorted()
                    .collect(Collectors.toList());
        }
    }

    private static List<Element> checks(Document sch) {
        List<Element> out = new ArrayList<>();
        for (String name : List.of("assert", "report")) {
            NodeList nodes = sch.getElementsByTagNameNS(SCH_NS, name);
            for (int i = 0; i < nodes.getLength(); i++) out.add((Element) nodes.item(i));
        }
        return out;
    }

    private static Document parse(String file) throws URISyntaxException {
        return SchematronHarness.parseDom(Path.of(SchematronHarness.resource(file).toURI()));
    }

    @Test
    void theThreeRuleFilesAreShipped() throws Exception {
        assertEquals(new TreeSet<>(ID_PREFIX.keySet()), new TreeSet<>(schFiles()));
    }

    @ParameterizedTest
    @MethodSource("schFiles")
    void everyCheckHasAStableIdARoleAndAMessage(String file) throws Exception {
        Document sch = parse(file);
        Element root = sch.getDocumentElement();
        assertEquals("xslt2", root.getAttribute("queryBinding"), file);
        List<Element> checks = checks(sch);
        assertTrue(checks.size() >= 10, file + " has only " + checks.size() + " checks");
        for (Element check : checks) {
            String id = check.getAttribute("id");
            String where = file + " " + check.getLocalName() + " test=" + check.getAttribute("test");
            assertTrue(id.matches(ID_PREFIX.get(file) + "\\d{3}"), where + ": id '" + id + "'");
            assertTrue(Set.of("error", "warning", "info").contains(check.getAttribute("role")), where + ": role");
            assertFalse(check.getAttribute("test").isBlank(), where + ": test");
            assertTrue(check.getTextContent().strip().length() > 20, where + ": message too short");
        }
    }

    @Test
    void idsAreUniqueAcrossTheRuleSet() throws Exception {
        Map<String, String> seen = new HashMap<>();
        for (String file : schFiles()) {
            for (Element check : checks(parse(file))) {
                String previous = seen.put(check.getAttribute("id"), file);
                assertEquals(null, previous, "duplicate id " + check.getAttribute("id"));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("schFiles")
    void compilesWithSchXslt(String file) {
        assertDoesNotThrow(() -> SchematronHarness.compiled(file));
    }

    @Test
    void voletsPropertiesMapsKeysToShippedFiles() throws Exception {
        Properties volets = new Properties();
        try (InputStream in = SchematronHarness.class.getResourceAsStream(SchematronHarness.RESOURCE_DIR + "volets.properties")) {
            assertNotNull(in, "volets.properties");
            volets.load(in);
        }
        assertEquals("entete.sch", volets.getProperty("all"));
        assertEquals("n1.sch", volets.getProperty("n1"));
        assertEquals("cr-bio.sch", volets.getProperty("1.2.250.1.213.1.1.1.55"));
        Set<String> referenced = new TreeSet<>();
        for (String key : volets.stringPropertyNames()) {
            assertTrue(key.equals("all") || key.equals("n1") || key.equals("header-only")
                    || key.matches("[0-2](\\.(0|[1-9][0-9]*))+"), "key " + key);
            for (String file : volets.getProperty(key).split(",")) {
                assertNotNull(SchematronHarness.class.getResource(SchematronHarness.RESOURCE_DIR + file.strip()), key + " -> " + file);
                referenced.add(file.strip());
            }
        }
        assertEquals(new TreeSet<>(schFiles()), referenced, "every shipped .sch is reachable from volets.properties");
    }
}
