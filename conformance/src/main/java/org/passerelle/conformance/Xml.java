package org.passerelle.conformance;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Secure XML helpers: every document the runner reads (test plans, metadata files, responses from the endpoint under
 * test) goes through {@link #parse(byte[])}, which refuses DTDs and external entities.
 */
public final class Xml {
    private Xml() {}

    /** Thrown for any XML that cannot be parsed; the message says why, callers add the file or step. */
    public static final class XmlException extends Exception {
        public XmlException(String message, Throwable cause) { super(message, cause); }
    }

    private static DocumentBuilder builder() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("XML parser cannot be configured securely", e);
        }
    }

    public static Document parse(byte[] bytes) throws XmlException {
        try {
            return builder().parse(new ByteArrayInputStream(bytes));
        } catch (SAXException e) {
            throw new XmlException("not well-formed XML: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new XmlException("XML cannot be read: " + e.getMessage(), e);
        }
    }

    public static Document parse(String text) throws XmlException {
        return parse(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public static Document newDocument() {
        return builder().newDocument();
    }

    public static String toString(Node node) {
        return serialize(node, false, true);
    }

    public static String pretty(Node node) {
        return serialize(node, true, true);
    }

    /** The node without the XML declaration, to embed in a SOAP envelope. */
    public static String fragment(Node node) {
        return serialize(node, false, false);
    }

    private static String serialize(Node node, boolean indent, boolean declaration) {
        try {
            TransformerFactory tf = TransformerFactory.newInstance();
            tf.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            Transformer t = tf.newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, declaration ? "no" : "yes");
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            if (indent) {
                t.setOutputProperty(OutputKeys.INDENT, "yes");
                t.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            }
            StringWriter w = new StringWriter();
            t.transform(new DOMSource(node), new StreamResult(w));
            return w.toString();
        } catch (TransformerException e) {
            throw new IllegalStateException("DOM cannot be serialized", e);
        }
    }

    /** Element children, in document order. */
    public static List<Element> children(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) out.add(e);
        }
        return out;
    }

    public static List<Element> children(Element parent, String localName) {
        List<Element> out = new ArrayList<>();
        for (Element e : children(parent)) {
            if (localName.equals(e.getLocalName())) out.add(e);
        }
        return out;
    }

    public static Element child(Element parent, String localName) {
        for (Element e : children(parent)) {
            if (localName.equals(e.getLocalName())) return e;
        }
        return null;
    }

    /** Every descendant element (not the node itself) with this local name, any namespace. */
    public static List<Element> descendants(Node root, String localName) {
        NodeList nl = root instanceof Document d ? d.getElementsByTagNameNS("*", localName)
                : ((Element) root).getElementsByTagNameNS("*", localName);
        List<Element> out = new ArrayList<>(nl.getLength());
        for (int i = 0; i < nl.getLength(); i++) out.add((Element) nl.item(i));
        return out;
    }

    /** Attribute value or null when absent (DOM returns "" for absent attributes). */
    public static String attr(Element e, String name) {
        return e.hasAttribute(name) ? e.getAttribute(name) : null;
    }

    /** XPath 1.0 values (the kit's reports use local-name() so no namespace context is needed). */
    public static List<String> xpathValues(Node context, String expression) throws XPathExpressionException {
        NodeList nl = (NodeList) XPathFactory.newInstance().newXPath().evaluate(expression.trim(), context, XPathConstants.NODESET);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nl.getLength(); i++) out.add(nl.item(i).getTextContent().trim());
        return out;
    }

    public static String xpathString(Node context, String expression) throws XPathExpressionException {
        return XPathFactory.newInstance().newXPath().evaluate(expression.trim(), context);
    }

    public static boolean xpathBoolean(Node context, String expression) throws XPathExpressionException {
        return (Boolean) XPathFactory.newInstance().newXPath().evaluate(expression.trim(), context, XPathConstants.BOOLEAN);
    }
}
