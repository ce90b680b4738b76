package org.passerelle.vihf;

import org.w3c.dom.Document;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * The one hardened XML parser of the module: namespace-aware, no DTD (a DOCTYPE is an error), no external entities,
 * no XInclude, secure processing limits, comments kept as nodes (so that a comment inside a value is seen and refused,
 * never silently concatenated), and a size limit.
 */
public final class SecureXml {
    /** Default maximum size of a SOAP message carrying only a token (no MTOM document). */
    public static final int DEFAULT_MAX_BYTES = 4 * 1024 * 1024;

    private static final DocumentBuilderFactory FACTORY = newFactory();
    private static final ThreadLocal<DocumentBuilder> BUILDER = ThreadLocal.withInitial(() -> {
        try {
            DocumentBuilder b = FACTORY.newDocumentBuilder();
            harden(b);
            return b;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    });

    private SecureXml() { }

    private static DocumentBuilderFactory newFactory() {
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
            f.setIgnoringComments(false);
            f.setCoalescing(false);
            return f;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JAXP parser does not support the hardening features", e);
        }
    }

    /** A new empty namespace-aware document (for builders). */
    public static Document newDocument() {
        Document d = BUILDER.get().newDocument();
        d.setXmlStandalone(true);
        return d;
    }

    public static Document parse(byte[] xml) throws VihfException {
        return parse(xml, DEFAULT_MAX_BYTES);
    }

    public static Document parse(byte[] xml, int maxBytes) throws VihfException {
        if (xml.length > maxBytes) {
            throw new VihfException(VihfFailure.XML_MALFORMED, "message of " + xml.length
                    + " bytes exceeds the limit of " + maxBytes + " bytes");
        }
        DocumentBuilder b = BUILDER.get();
        try {
            return b.parse(new ByteArrayInputStream(xml));
        } catch (SAXParseException e) {
            String msg = String.valueOf(e.getMessage());
            if (msg.contains("DOCTYPE")) {
                throw new VihfException(VihfFailure.DTD_FORBIDDEN, e);
            }
            throw new VihfException(VihfFailure.XML_MALFORMED, e,
                    "line " + e.getLineNumber() + ", column " + e.getColumnNumber() + ": " + msg);
        } catch (SAXException | IOException e) {
            throw new VihfException(VihfFailure.XML_MALFORMED, e, e.getMessage());
        } finally {
            b.reset();
            harden(b);
        }
    }

    private static void harden(DocumentBuilder b) {
        b.setEntityResolver((publicId, systemId) -> {
            throw new SAXException("external entity refused: " + systemId);
        });
        b.setErrorHandler(new org.xml.sax.ErrorHandler() {
            @Override public void warning(SAXParseException e) { }
            @Override public void error(SAXParseException e) throws SAXException { throw e; }
            @Override public void fatalError(SAXParseException e) throws SAXException { throw e; }
        });
    }
}
