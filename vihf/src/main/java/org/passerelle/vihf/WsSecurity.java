package org.passerelle.vihf;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.ByteArrayOutputStream;

/** Puts a (signed) assertion into the wsse:Security header of a SOAP 1.2 envelope, and serialises DOM nodes. */
public final class WsSecurity {
    /**
     * The JDK's own identity serialiser, made once: {@code TransformerFactory.newInstance()} looks the factory up on
     * the class path each time (Saxon's, on this one) and cost ~0.5 ms per call.
     */
    private static final TransformerFactory SERIALIZERS = TransformerFactory.newDefaultInstance();

    private WsSecurity() { }

    /** A new SOAP 1.2 envelope whose Header holds wsse:Security with a copy of the assertion; the Body is empty. */
    public static Document envelope(Element assertion) {
        Document doc = SecureXml.newDocument();
        Element env = doc.createElementNS(Saml.SOAP12_NS, "soap:Envelope");
        env.setAttributeNS(Saml.XMLNS_NS, "xmlns:soap", Saml.SOAP12_NS);
        doc.appendChild(env);
        env.appendChild(doc.createElementNS(Saml.SOAP12_NS, "soap:Header"));
        env.appendChild(doc.createElementNS(Saml.SOAP12_NS, "soap:Body"));
        addToHeader(doc, assertion);
        return doc;
    }

    /**
     * A wsse:Security element, alone in a new document, holding a copy of the assertion: the header a SOAP stack adds
     * (with mustUnderstand) to an outgoing request. The copy keeps an enveloped exclusive-c14n signature valid.
     */
    public static Element securityElement(Element assertion) {
        Document doc = SecureXml.newDocument();
        Element security = doc.createElementNS(Saml.WSSE_NS, "wsse:Security");
        security.setAttributeNS(Saml.XMLNS_NS, "xmlns:wsse", Saml.WSSE_NS);
        security.appendChild(doc.importNode(assertion, true));
        doc.appendChild(security);
        return security;
    }

    /**
     * Copies the assertion into the envelope's wsse:Security header (created, with soap:mustUnderstand, when absent;
     * the SOAP Header too). Returns the wsse:Security element.
     */
    public static Element addToHeader(Document envelope, Element assertion) {
        Element env = envelope.getDocumentElement();
        String soapNs = env.getNamespaceURI();
        Element header = null;
        for (Element c : VihfVerifier.children(env)) {
            if ("Header".equals(c.getLocalName())) header = c;
        }
        if (header == null) {
            header = envelope.createElementNS(soapNs, prefixOf(env) + "Header");
            env.insertBefore(header, env.getFirstChild());
        }
        Element security = null;
        for (Element c : VihfVerifier.children(header)) {
            if (VihfVerifier.is(c, Saml.WSSE_NS, "Security")) security = c;
        }
        if (security == null) {
            security = envelope.createElementNS(Saml.WSSE_NS, "wsse:Security");
            security.setAttributeNS(Saml.XMLNS_NS, "xmlns:wsse", Saml.WSSE_NS);
            security.setAttributeNS(soapNs, prefixOf(env) + "mustUnderstand",
                    Saml.SOAP11_NS.equals(soapNs) ? "1" : "true");
            header.appendChild(security);
        }
        Node copy = assertion.getOwnerDocument() == envelope ? assertion : envelope.importNode(assertion, true);
        security.appendChild(copy);
        return security;
    }

    private static String prefixOf(Element e) {
        return e.getPrefix() == null ? "" : e.getPrefix() + ":";
    }

    /** Serialises a node as UTF-8 without reformatting (whitespace changes would break nothing, but keep it exact). */
    public static byte[] toBytes(Node node) {
        try {
            Transformer t;
            synchronized (SERIALIZERS) { // a factory is not thread-safe; the transformer it makes is used by this thread only
                t = SERIALIZERS.newTransformer();
            }
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            if (node.getNodeType() != Node.DOCUMENT_NODE) {
                t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            t.transform(new DOMSource(node), new StreamResult(out));
            return out.toByteArray();
        } catch (TransformerException e) {
            throw new IllegalStateException("cannot serialise XML: " + e.getMessage(), e);
        }
    }

    public static String toString(Node node) {
        return new String(toBytes(node), java.nio.charset.StandardCharsets.UTF_8);
    }
}
