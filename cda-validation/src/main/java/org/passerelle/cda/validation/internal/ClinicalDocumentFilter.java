package org.passerelle.cda.validation.internal;

import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.NamespaceSupport;
import org.xml.sax.helpers.XMLFilterImpl;

/**
 * Passes a CDA document through unchanged, except a "self-presenting" one (root {@code xsl:stylesheet} with the
 * ClinicalDocument embedded in a template): then only the first ClinicalDocument subtree goes through, with the
 * namespaces in scope at that point, as the kit's {@code moteur/selectCDA.xsl} does. Line numbers stay those of the
 * original file because the events come straight from the parser.
 */
final class ClinicalDocumentFilter extends XMLFilterImpl {
    static final String CDA_NS = "urn:hl7-org:v3";
    static final String XSL_NS = "http://www.w3.org/1999/XSL/Transform";

    private final NamespaceSupport namespaces = new NamespaceSupport();
    private final List<String[]> pendingPrefixes = new ArrayList<>();
    private boolean contextPushed;
    private boolean tracking = true; // namespaces and deferred prefix mappings: until the root is known not to be XSLT
    private int depth;
    private boolean extracting; // self-presenting mode
    private int cdaDepth = -1; // depth of the embedded ClinicalDocument while inside it
    private boolean cdaDone;
    private String rootUri;
    private String rootLocalName;

    private org.xml.sax.SAXParseException parseError;

    /** The first error the parser reported (with its line), kept because Saxon wraps it without the location. */
    org.xml.sax.SAXParseException parseError() { return parseError; }

    @Override
    public void fatalError(org.xml.sax.SAXParseException e) throws SAXException {
        if (parseError == null) {
            parseError = e;
        }
        super.fatalError(e);
    }

    @Override
    public void error(org.xml.sax.SAXParseException e) throws SAXException {
        if (parseError == null) {
            parseError = e;
        }
        super.error(e);
    }

    String rootUri() { return rootUri; }

    String rootLocalName() { return rootLocalName; }

    boolean selfPresenting() { return extracting; }

    boolean embeddedFound() { return cdaDone || cdaDepth >= 0; }

    private boolean passing() { return !extracting || cdaDepth >= 0; }

    @Override
    public void startPrefixMapping(String prefix, String uri) throws SAXException {
        if (!tracking) {
            super.startPrefixMapping(prefix, uri); // an ordinary CDA: everything passes as it comes
            return;
        }
        if (!contextPushed) {
            namespaces.pushContext();
            contextPushed = true;
        }
        namespaces.declarePrefix(prefix, uri);
        pendingPrefixes.add(new String[] {prefix, uri});
    }

    @Override
    public void endPrefixMapping(String prefix) throws SAXException {
        if (passing()) {
            super.endPrefixMapping(prefix);
        }
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes atts) throws SAXException {
        textRun = 0;
        if (!tracking) {
            depth++;
            super.startElement(uri, localName, qName, atts);
            return;
        }
        if (!contextPushed) {
            namespaces.pushContext();
        }
        contextPushed = false;
        if (depth == 0) {
            rootUri = uri;
            rootLocalName = localName;
            extracting = XSL_NS.equals(uri) && ("stylesheet".equals(localName) || "transform".equals(localName));
        }
        boolean stopTracking = depth == 0 && !extracting;
        depth++;
        if (extracting && cdaDepth < 0 && !cdaDone && CDA_NS.equals(uri) && "ClinicalDocument".equals(localName)) {
            cdaDepth = depth;
            // everything in scope here, including declarations made on the skipped ancestors
            for (Enumeration<?> e = namespaces.getPrefixes(); e.hasMoreElements(); ) {
                String p = (String) e.nextElement();
                if (!"xml".equals(p)) {
                    super.startPrefixMapping(p, namespaces.getURI(p));
                }
            }
            String dflt = namespaces.getURI("");
            if (dflt != null) {
                super.startPrefixMapping("", dflt);
            }
            pendingPrefixes.clear();
        }
        if (passing()) {
            for (String[] p : pendingPrefixes) {
                super.startPrefixMapping(p[0], p[1]);
            }
            super.startElement(uri, localName, qName, atts);
        }
        pendingPrefixes.clear();
        if (stopTracking) {
            tracking = false; // the namespaces in scope are only needed to extract an embedded ClinicalDocument
        }
    }

    @Override
    public void endElement(String uri, String localName, String qName) throws SAXException {
        textRun = 0;
        if (passing()) {
            super.endElement(uri, localName, qName);
        }
        if (cdaDepth == depth) {
            cdaDepth = -1;
            cdaDone = true;
        }
        depth--;
        if (tracking) {
            namespaces.popContext();
        }
    }

    /** Longest text node kept in the tree; the rest of a longer one (a large embedded PDF) is not kept. */
    static final int MAX_TEXT_CHARS = 8 * 1024 * 1024;
    private long textRun; // characters of the current text node so far
    private long truncatedChars;
    private int truncatedLine = -1;
    private org.xml.sax.Locator locator;

    @Override
    public void setDocumentLocator(org.xml.sax.Locator l) {
        this.locator = l;
        super.setDocumentLocator(l);
    }

    long truncatedChars() { return truncatedChars; }

    int truncatedLine() { return truncatedLine; }

    @Override
    public void characters(char[] ch, int start, int length) throws SAXException {
        if (!passing()) {
            return;
        }
        long before = textRun;
        textRun += length;
        if (textRun <= MAX_TEXT_CHARS) {
            super.characters(ch, start, length);
            return;
        }
        int keep = (int) Math.max(0, MAX_TEXT_CHARS - before);
        if (keep > 0) {
            super.characters(ch, start, keep);
        }
        if (truncatedLine < 0 && locator != null) {
            truncatedLine = locator.getLineNumber();
        }
        truncatedChars += length - keep;
    }

    @Override
    public void ignorableWhitespace(char[] ch, int start, int length) throws SAXException {
        if (passing()) {
            super.ignorableWhitespace(ch, start, length);
        }
    }

    @Override
    public void processingInstruction(String target, String data) throws SAXException {
        if (passing()) {
            super.processingInstruction(target, data);
        }
    }
}
