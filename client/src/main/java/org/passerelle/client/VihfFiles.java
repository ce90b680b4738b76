package org.passerelle.client;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Path;

/** Reads a signed VIHF assertion saved by {@code sign-vihf} (secure parsing: no DTD, no external entity). */
final class VihfFiles {
    static final String SAML2_NS = "urn:oasis:names:tc:SAML:2.0:assertion";

    private VihfFiles() {
    }

    static Element read(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        f.setExpandEntityReferences(false);
        Document doc = f.newDocumentBuilder().parse(file.toFile());
        Element root = doc.getDocumentElement();
        if (!SAML2_NS.equals(root.getNamespaceURI()) || !"Assertion".equals(root.getLocalName())) {
            throw new IllegalArgumentException(file + " does not hold a saml2:Assertion (root is "
                    + root.getLocalName() + ")");
        }
        root.setIdAttributeNS(null, "ID", true);
        return root;
    }
}
