package org.passerelle.schematron;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import javax.xml.namespace.NamespaceContext;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;

import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** XPath-driven DOM edits used to make invalid copies of valid example documents (in memory only). */
final class Dom {
    static final String CDA = "urn:hl7-org:v3";
    static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";

    private Dom() {}

    static List<Node> select(Document doc, String xpath) {
        XPath xp = XPathFactory.newInstance().newXPath();
        xp.setNamespaceContext(new NamespaceContext() {
            @Override public String getNamespaceURI(String prefix) {
                return switch (prefix) {
                    case "cda" -> CDA;
                    case "xsi" -> XSI;
                    default -> null;
                };
            }
            @Override public String getPrefix(String uri) { return null; }
            @Override public Iterator<String> getPrefixes(String uri) { return null; }
        });
        try {
            NodeList nodes = (NodeList) xp.evaluate(xpath, doc, XPathConstants.NODESET);
            List<Node> out = new ArrayList<>();
            for (int i = 0; i < nodes.getLength(); i++) out.add(nodes.item(i));
            if (out.isEmpty()) throw new AssertionError("test setup: no node matches " + xpath);
            return out;
        } catch (XPathExpressionException e) {
            throw new IllegalArgumentException(xpath, e);
        }
    }

    static Node first(Document doc, String xpath) { return select(doc, xpath).get(0); }

    /** Sets the value of the first attribute selected by {@code xpath} (which must select attributes). */
    static void setAttr(Document doc, String xpath, String value) {
        ((Attr) first(doc, xpath)).setValue(value);
    }

    static void removeAll(Document doc, String xpath) {
        for (Node n : select(doc, xpath)) {
            if (n instanceof Attr a) a.getOwnerElement().removeAttributeNode(a);
            else n.getParentNode().removeChild(n);
        }
    }

    static void setText(Document doc, String xpath, String text) {
        Element e = (Element) first(doc, xpath);
        while (e.getFirstChild() != null) e.removeChild(e.getFirstChild());
        e.appendChild(doc.createTextNode(text));
    }

    static Element addChild(Element parent, String localName) {
        Element child = parent.getOwnerDocument().createElementNS(CDA, localName);
        parent.insertBefore(child, parent.getFirstChild());
        return child;
    }
}
