package org.passerelle.cda.metadata;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

/** A namespace-aware DOM parser that refuses DTDs and external entities (XXE) and caps entity expansion. */
final class SecureXml {
    // looking the factory up and building a parser cost about a quarter of reading a CDA header: one per thread,
    // reset before each use
    private static final ThreadLocal<DocumentBuilder> BUILDERS = ThreadLocal.withInitial(SecureXml::create);

    private SecureXml() {
    }

    /** This thread's parser, reset (parsers are not thread-safe and never shared between threads). */
    static DocumentBuilder newDocumentBuilder() {
        DocumentBuilder b = BUILDERS.get();
        b.reset();
        b.setErrorHandler(null);
        return b;
    }

    private static DocumentBuilder create() {
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
            return f.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK XML parser does not support secure processing", e);
        }
    }
}
