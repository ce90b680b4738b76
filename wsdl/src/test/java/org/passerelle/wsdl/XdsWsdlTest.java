package org.passerelle.wsdl;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.InputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class XdsWsdlTest {

    @Test
    void everyWsdlParsesDeclaresItsActionAndItsSchemasAreOnTheClasspath() throws Exception {
        String[][] expected = {
                {"ITI-41", "urn:ihe:iti:2007:ProvideAndRegisterDocumentSet-b", "DocumentRepository_Service"},
                {"ITI-42", "urn:ihe:iti:2007:RegisterDocumentSet-b", "DocumentRegistry_Service"},
                {"ITI-18", "urn:ihe:iti:2007:RegistryStoredQuery", "DocumentRegistry_Service"},
                {"ITI-43", "urn:ihe:iti:2007:RetrieveDocumentSet", "DocumentRepository_Service"},
                {"ITI-57", "urn:ihe:iti:2010:UpdateDocumentSet", "DocumentRegistry_Service"}};
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        for (String[] e : expected) {
            Document wsdl;
            try (InputStream in = XdsWsdl.url(e[0]).openStream()) {
                wsdl = f.newDocumentBuilder().parse(in);
            }
            Element input = (Element) wsdl.getElementsByTagNameNS("http://schemas.xmlsoap.org/wsdl/", "input").item(0);
            assertEquals(e[1], input.getAttributeNS("http://www.w3.org/2007/05/addressing/metadata", "Action"), e[0]);
            Element service = (Element) wsdl.getElementsByTagNameNS("http://schemas.xmlsoap.org/wsdl/", "service").item(0);
            assertEquals(e[2], service.getAttribute("name"), e[0]);
            NodeList imports = wsdl.getElementsByTagNameNS("http://www.w3.org/2001/XMLSchema", "import");
            for (int i = 0; i < imports.getLength(); i++) {
                String location = ((Element) imports.item(i)).getAttribute("schemaLocation");
                assertNotNull(getClass().getClassLoader().getResource(location.substring("classpath:".length())),
                        e[0] + " imports a schema that is not on the classpath: " + location);
            }
        }
    }

    @Test
    void unknownTransactionIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> XdsWsdl.resource("ITI-99"));
    }
}
