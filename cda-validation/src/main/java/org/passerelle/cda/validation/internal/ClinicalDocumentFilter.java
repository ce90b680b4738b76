package org.passerelle.cda.validation.internal;

import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.SAXNotRecognizedException;
import org.xml.sax.SAXNotSupportedException;
import org.xml.sax.ext.LexicalHandler;
import org.xml.sax.helpers.NamespaceSupport;
import org.xml.sax.helpers.XMLFilterImpl;

/**
 * Passes a CDA document through unchanged, except a "self-presenting" one (root {@code xsl:stylesheet} with the
 * ClinicalDocument embedded in a template): then only the first ClinicalDocument subtree goes through, with the
 * namespaces in scope at that point, as the kit's {@code moteur/selectCDA.xsl} does. Line numbers stay those of the
 * original file because the events come straight from the parser.
 *
 * <p>With a {@link DocumentParser.BodyUse} that allows it, the content of {@code ClinicalDocument/component/structuredBody} is parsed
 * (well-formedness, limits, very long texts counted) but not passed on: the tree then holds an empty structuredBody.
 * The body is omitted only for rules that read nothing in it but the ClinicalDocument elements it may hold: the
 * parser parses again, whole, when it holds one.
 */
final class ClinicalDocumentFilter extends XMLFilterImpl implements LexicalHandler {
    private static final String LEXICAL_HANDLER = "http://xml.org/sax/properties/lexical-handler";
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
    private final DocumentParser.BodyUse bodyUse; // null: the body is always kept
    private final List<String> templateIdRoots = new ArrayList<>();
    private int clinicalDocumentDepth = -1; // depth of the ClinicalDocument passed on as the tree's root
    private int omittedDepth = -1; // depth of the structuredBody whose content is being omitted
    private boolean bodyOmitted;
    private LexicalHandler lexicalHandler;

    ClinicalDocumentFilter(DocumentParser.BodyUse bodyUse) {
        this.bodyUse = bodyUse;
    }

    /** True when the structuredBody content was left out of the tree. */
    boolean bodyOmitted() { return bodyOmitted; }

    /** True when the content left out holds a ClinicalDocument element. */
    boolean omittedClinicalDocument() { return omittedClinicalDocument; }

    private boolean omittedClinicalDocument;

    private org.xml.sax.SAXParseException parseError;

    /** The first error the parser reported (with its line), kept because Saxon wraps it without the location. */
    org.xml.sax.SAXParseException parseError() { return parseError; }

    @Override
    public void fatalError(org.xml.sax.SAXParseException e) throws SAXException {
        if (parseError == null) {
            parseError = e;
        }
        if (quiet) {
            throw e;
        }
        super.fatalError(e);
    }

    private boolean quiet;

    /** Failures are not reported to the tree builder (which would print them): the JDK's parser will tell. */
    void quiet() {
        quiet = true;
    }

    /** Thrown out of a quiet parse that failed; the tree builder passes it on as it is, without printing it. */
    static final class QuietFailure extends RuntimeException {
        QuietFailure(Exception cause) {
            super(cause);
        }
    }

    @Override
    public void parse(org.xml.sax.InputSource input) throws SAXException, java.io.IOException {
        try {
            super.parse(input);
        } catch (SAXException e) {
            if (quiet) {
                throw new SAXException(new QuietFailure(e));
            }
            throw e;
        }
    }

    @Override
    public void error(org.xml.sax.SAXParseException e) throws SAXException {
        if (parseError == null) {
            parseError = e;
        }
        if (quiet) {
            throw e;
        }
        super.error(e);
    }

    String rootUri() { return rootUri; }

    String rootLocalName() { return rootLocalName; }

    boolean selfPresenting() { return extracting; }

    boolean embeddedFound() { return cdaDone || cdaDepth >= 0; }

    private boolean passing() { return omittedDepth < 0 && (!extracting || cdaDepth >= 0); }

    @Override
    public void startPrefixMapping(String prefix, String uri) throws SAXException {
        if (omittedDepth >= 0) {
            return;
        }
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

    /** Longest name the JDK's parser accepts (jdk.xml.maxXMLNameLimit); Woodstox has no such limit. */
    private static final int MAX_NAME = 1000;

    @Override
    public void startElement(String uri, String localName, String qName, Attributes atts) throws SAXException {
        textRun = 0;
        if (qName.length() >= MAX_NAME || longAttributeName(atts)) {
            throw new SAXException("name longer than the JDK parser's limit"); // the JDK's parser gives the verdict
        }
        if (omittedDepth >= 0) {
            depth++;
            // the rules of a ClinicalDocument apply to one nested in the body as well: the body is needed after all
            omittedClinicalDocument |= "ClinicalDocument".equals(localName) && CDA_NS.equals(uri);
            return;
        }
        if (!tracking) {
            depth++;
            super.startElement(uri, localName, qName, atts);
            readHeader(uri, localName, atts);
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
            readHeader(uri, localName, atts);
        }
        pendingPrefixes.clear();
        if (stopTracking) {
            tracking = false; // the namespaces in scope are only needed to extract an embedded ClinicalDocument
        }
    }

    private static boolean longAttributeName(Attributes atts) {
        for (int i = atts.getLength() - 1; i >= 0; i--) {
            if (atts.getQName(i).length() >= MAX_NAME) {
                return true;
            }
        }
        return false;
    }

    /** After an element passed: the root ClinicalDocument, its templateIds, and the structuredBody to omit. */
    private void readHeader(String uri, String localName, Attributes atts) {
        if (clinicalDocumentDepth < 0) {
            if ((depth == 1 || extracting) && CDA_NS.equals(uri) && "ClinicalDocument".equals(localName)) {
                clinicalDocumentDepth = depth;
            }
            return;
        }
        int level = depth - clinicalDocumentDepth;
        if (level == 1 && "templateId".equals(localName) && CDA_NS.equals(uri)) {
            String root = atts.getValue("root");
            if (root != null) {
                templateIdRoots.add(root.trim());
            }
        } else if (level == 2 && bodyUse != null && "structuredBody".equals(localName) && CDA_NS.equals(uri)
                && parentIsComponent && bodyUse.mayOmitBody(templateIdRoots)) {
            omittedDepth = depth;
            bodyOmitted = true;
        }
        if (level == 1) {
            parentIsComponent = "component".equals(localName) && CDA_NS.equals(uri);
        }
    }

    private boolean parentIsComponent;

    @Override
    public void endElement(String uri, String localName, String qName) throws SAXException {
        textRun = 0;
        if (omittedDepth >= 0) {
            if (depth > omittedDepth) {
                depth--;
                return;
            }
            omittedDepth = -1; // the structuredBody itself ends (and passes)
        }
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
        boolean omitted = omittedDepth >= 0; // counted all the same: the truncation finding does not depend on it
        if (!omitted && !passing()) {
            return;
        }
        long before = textRun;
        textRun += length;
        if (textRun <= MAX_TEXT_CHARS) {
            if (!omitted) {
                super.characters(ch, start, length);
            }
            return;
        }
        int keep = (int) Math.max(0, MAX_TEXT_CHARS - before);
        if (keep > 0 && !omitted) {
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
        if (target.length() >= MAX_NAME) {
            throw new SAXException("name longer than the JDK parser's limit");
        }
        if (passing()) {
            super.processingInstruction(target, data);
        }
    }

    // Comments and the other lexical events come from the parser through this filter, so that those of an omitted
    // body are left out too; the rest passes unchanged.

    @Override
    public void setProperty(String name, Object value) throws SAXNotRecognizedException, SAXNotSupportedException {
        if (LEXICAL_HANDLER.equals(name)) {
            lexicalHandler = (LexicalHandler) value;
            super.setProperty(name, value == null ? null : this);
        } else {
            super.setProperty(name, value);
        }
    }

    @Override
    public Object getProperty(String name) throws SAXNotRecognizedException, SAXNotSupportedException {
        return LEXICAL_HANDLER.equals(name) ? lexicalHandler : super.getProperty(name);
    }

    @Override
    public void comment(char[] ch, int start, int length) throws SAXException {
        if (omittedDepth < 0) {
            lexicalHandler.comment(ch, start, length);
        }
    }

    /** The JDK's parser refuses a DOCTYPE before this is called; Woodstox reports it here and is stopped. */
    @Override
    public void startDTD(String name, String publicId, String systemId) throws SAXException {
        throw new SAXException("DOCTYPE is disallowed");
    }

    @Override
    public void endDTD() throws SAXException {
        lexicalHandler.endDTD();
    }

    @Override
    public void startEntity(String name) throws SAXException {
        lexicalHandler.startEntity(name);
    }

    @Override
    public void endEntity(String name) throws SAXException {
        lexicalHandler.endEntity(name);
    }

    @Override
    public void startCDATA() throws SAXException {
        if (omittedDepth < 0) {
            lexicalHandler.startCDATA();
        }
    }

    @Override
    public void endCDATA() throws SAXException {
        if (omittedDepth < 0) {
            lexicalHandler.endCDATA();
        }
    }
}
