package org.passerelle.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.Unmarshaller;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLSubmitObjectsRequest30;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.lcm.SubmitObjectsRequest;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.RegisterDocumentSetTransformer;
import org.passerelle.conformance.metadata.Ebrim21To30Converter;
import org.passerelle.conformance.metadata.IdSource;
import org.passerelle.conformance.metadata.Namespaces;
import org.passerelle.conformance.metadata.SubmissionPreparer;
import org.passerelle.testsupport.SharedFolder;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class Ebrim21To30ConverterTest {

    private static List<Path> ebrim21Files() throws Exception {
        try (Stream<Path> s = Files.walk(SharedFolder.nistTestkit().resolve("tests"))) {
            return s.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".xml"))
                    .filter(p -> {
                        try {
                            String t = Files.readString(p, java.nio.charset.StandardCharsets.ISO_8859_1);
                            return t.contains(Namespaces.RIM21) && t.contains("SubmitObjectsRequest");
                        } catch (Exception e) {
                            return false;
                        }
                    }).sorted().toList();
        }
    }

    @Test
    void everyEbrim21FileOfTheKitBecomesEbrim30ThatIpfReads() throws Exception {
        List<Path> files = ebrim21Files();
        assertTrue(files.size() >= 90, "the kit has ~99 ebRIM 2.1 submissions, found " + files.size());
        Unmarshaller u = JAXBContext.newInstance(SubmitObjectsRequest.class).createUnmarshaller();
        RegisterDocumentSetTransformer transformer = new RegisterDocumentSetTransformer(new EbXMLFactory30());
        List<String> failures = new ArrayList<>();
        for (Path f : files) {
            try {
                Document in = Xml.parse(Files.readAllBytes(f));
                assertTrue(Ebrim21To30Converter.isEbrim21(in), f.toString());
                Document out = new Ebrim21To30Converter().convert(in);
                assertFalse(Xml.toString(out).contains(Namespaces.RIM21), "no 2.1 namespace left in " + f);
                SubmitObjectsRequest sor = (SubmitObjectsRequest) u.unmarshal(new StringReader(Xml.toString(out)));
                RegisterDocumentSet set = transformer.fromEbXML(new EbXMLSubmitObjectsRequest30(sor));
                int eos = Xml.descendants(in, "ExtrinsicObject").size();
                assertEquals(eos, set.getDocumentEntries().size(), "document entries of " + f);
                int assocs = Xml.descendants(in, "Association").size();
                assertEquals(assocs, set.getAssociations().size(), "associations of " + f);
                boolean hasSs = Xml.descendants(in, "ExternalIdentifier").stream()
                        .anyMatch(e -> Namespaces.SS_UNIQUE_ID.equals(e.getAttribute("identificationScheme")));
                if (hasSs) {
                    assertNotNull(set.getSubmissionSet(), "submission set of " + f);
                    assertNotNull(set.getSubmissionSet().getUniqueId(), "submission set uniqueId of " + f);
                }
            } catch (Exception | AssertionError e) {
                failures.add(f + ": " + e);
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void conversionFollowsEbrim30Shapes() throws Exception {
        Path f = SharedFolder.nistTestkit().resolve("tests/11966/submit/single_doc.xml");
        Document out = new Ebrim21To30Converter().convert(Xml.parse(Files.readAllBytes(f)));
        Element root = out.getDocumentElement();
        assertEquals(Namespaces.LCM30, root.getNamespaceURI());
        assertEquals("RegistryObjectList", Xml.children(root).get(0).getLocalName());
        Element eo = Xml.descendants(out, "ExtrinsicObject").get(0);
        List<String> order = Xml.children(eo).stream().map(Element::getLocalName).distinct().toList();
        assertEquals(List.of("Slot", "Name", "Description", "Classification", "ExternalIdentifier"), order);
        for (Element ei : Xml.descendants(out, "ExternalIdentifier")) {
            assertFalse(ei.getAttribute("id").isEmpty());
            assertFalse(ei.getAttribute("registryObject").isEmpty());
        }
        Element assoc = Xml.descendants(out, "Association").get(0);
        assertEquals("urn:oasis:names:tc:ebxml-regrep:AssociationType:HasMember", assoc.getAttribute("associationType"));
        assertFalse(assoc.getAttribute("id").isEmpty());
    }

    @Test
    void preparerAssignsUidsPatientAndUuidsEverywhere() throws Exception {
        Path f = SharedFolder.nistTestkit().resolve("tests/11966/submit/single_doc.xml");
        Document out = new Ebrim21To30Converter().convert(Xml.parse(Files.readAllBytes(f)));
        IdSource ids = new IdSource("1.2.3.4");
        String pid = ids.patientId();
        SubmissionPreparer.Result r = new SubmissionPreparer(ids).prepare(out,
                new SubmissionPreparer.Options(true, false, java.util.Set.of(), false, pid, "1.2.3.99"));
        assertEquals(java.util.Set.of("Document01", "SubmissionSet01"), r.assignedUids().keySet());
        assertTrue(r.assignedUids().get("Document01").startsWith("1.2.42."));
        String docUuid = r.assignedUuids().get("Document01");
        assertTrue(docUuid.startsWith("urn:uuid:"));
        String text = Xml.toString(out);
        assertFalse(text.contains("\"Document01\""), "symbolic id left in " + text);
        assertFalse(text.contains("SELF-5"), "original patient id left");
        assertTrue(text.contains(pid.replace("&", "&amp;")));
        Element assoc = Xml.descendants(out, "Association").get(0);
        assertEquals(docUuid, assoc.getAttribute("targetObject"));
        assertEquals(r.assignedUuids().get("SubmissionSet01"), assoc.getAttribute("sourceObject"));
    }
}
