package org.passerelle.cda.validation.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import javax.xml.transform.sax.SAXSource;
import net.sf.saxon.s9api.DocumentBuilder;
import net.sf.saxon.s9api.Processor;
import net.sf.saxon.s9api.SaxonApiException;
import net.sf.saxon.s9api.XdmNode;
import org.passerelle.cda.validation.CdaFailure;
import org.passerelle.cda.validation.Finding;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;
import org.xml.sax.SAXParseException;

/** Parses an untrusted document once, securely, into a line-numbered Saxon tree, or says precisely why not. */
public final class DocumentParser {
    // a new JAXP parser per document cost about 7 % of the parse in the gateway; readers reset themselves per parse
    private static final ThreadLocal<XMLReader> READERS = ThreadLocal.withInitial(SecureXml::newReader);
    private static final ThreadLocal<XMLReader> FAST_READERS = ThreadLocal.withInitial(SecureXml::newFastReader);
    private final Processor processor;
    private final long maxBytes;
    private final boolean fast;

    public DocumentParser(Processor processor, long maxBytes) {
        this(processor, maxBytes, true);
    }

    /** @param fast parse with Woodstox first ({@link SecureXml#newFastReader()}), the JDK's parser deciding on failure */
    DocumentParser(Processor processor, long maxBytes, boolean fast) {
        this.processor = processor;
        this.maxBytes = maxBytes;
        this.fast = fast;
    }

    /** Decides, when the structuredBody starts, whether the rules will read its content. */
    @FunctionalInterface
    public interface BodyUse {
        /** @param templateIdRoots the ClinicalDocument/templateId/@root values seen before the structuredBody */
        boolean mayOmitBody(java.util.List<String> templateIdRoots);
    }

    /** Either a parsed document or the finding (layer xml) that explains why it is not one. */
    public record Outcome(ParsedDocument document, Finding failure) {}

    public Outcome parse(DocumentInput input) {
        return parse(input, null);
    }

    /**
     * As {@link #parse(DocumentInput)}; when {@code bodyUse} allows it, the structuredBody is parsed but its content
     * not kept in the tree ({@link ParsedDocument#bodyOmitted()}), unless it holds a ClinicalDocument element.
     */
    public Outcome parse(DocumentInput input, BodyUse bodyUse) {
        long size = input.size();
        if (size > maxBytes) {
            return fail(CdaFailure.TOO_LARGE, null, maxBytes);
        }
        if (fast) {
            Outcome o = parse(input, bodyUse, FAST_READERS);
            if (o != null) {
                return o;
            }
        }
        return parse(input, bodyUse, READERS);
    }

    /** The outcome, or null when the fast reader failed on the document (the JDK's reader says why). */
    private Outcome parse(DocumentInput input, BodyUse bodyUse, ThreadLocal<XMLReader> readers) {
        boolean fallible = readers == FAST_READERS;
        ClinicalDocumentFilter filter = new ClinicalDocumentFilter(bodyUse);
        if (fallible) {
            filter.quiet();
        }
        XMLReader reader = readers.get();
        filter.setParent(reader);
        try (InputStream raw = new BufferedInputStream(SecureXml.limited(input.open(), maxBytes), 1 << 16)) {
            if (isBlank(raw)) {
                return fail(CdaFailure.EMPTY_DOCUMENT, null);
            }
            InputSource is = new InputSource(raw);
            is.setSystemId(systemId(input));
            DocumentBuilder builder = processor.newDocumentBuilder();
            builder.setLineNumbering(true);
            XdmNode tree = builder.build(new SAXSource(filter, is));
            if (filter.omittedClinicalDocument()) {
                return parse(input, null);
            }
            String rootName = "{" + nz(filter.rootUri()) + "}" + filter.rootLocalName();
            boolean selfPresenting = filter.selfPresenting() && filter.embeddedFound();
            return new Outcome(new ParsedDocument(tree, rootName, selfPresenting, filter.truncatedChars(),
                    filter.truncatedLine(), filter.bodyOmitted()), null);
        } catch (SaxonApiException e) {
            if (fallible && tooLarge(e) == null) {
                return null;
            }
            return classify(e, filter.parseError());
        } catch (SecureXml.TooLargeException e) {
            return fail(CdaFailure.TOO_LARGE, null, e.limit());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            if (fallible) {
                return null;
            }
            throw e;
        } finally {
            forget(reader, readers);
        }
    }

    /** The reader keeps no handler, hence no tree of the last document, between parses. */
    private static void forget(XMLReader reader, ThreadLocal<XMLReader> readers) {
        reader.setContentHandler(null);
        reader.setErrorHandler(null);
        reader.setEntityResolver(null);
        reader.setDTDHandler(null);
        try {
            reader.setProperty("http://xml.org/sax/properties/lexical-handler", null);
        } catch (SAXException e) {
            readers.remove(); // cannot be cleared: not reused
        }
    }

    private static SecureXml.TooLargeException tooLarge(Throwable e) {
        return find(e, SecureXml.TooLargeException.class);
    }

    static String systemId(DocumentInput input) {
        try {
            return java.nio.file.Path.of(input.name()).toAbsolutePath().toUri().toString();
        } catch (RuntimeException e) {
            return "urn:passerelle:document:" + input.name().replaceAll("[^A-Za-z0-9._-]", "_");
        }
    }

    private static boolean isBlank(InputStream in) throws IOException {
        in.mark(1 << 15);
        try {
            byte[] buf = new byte[1 << 14];
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                        return false;
                    }
                }
                return n < buf.length && in.read() < 0; // only whitespace in the first chunk: read on only if short
            }
            return true;
        } finally {
            in.reset();
        }
    }

    private Outcome classify(SaxonApiException e, SAXParseException reported) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SecureXml.TooLargeException tl) {
                return fail(CdaFailure.TOO_LARGE, null, tl.limit());
            }
            if (t instanceof IOException io && !(t instanceof org.xml.sax.SAXException)) {
                throw new UncheckedIOException(io);
            }
        }
        SAXParseException spe = reported != null ? reported : find(e, SAXParseException.class);
        Integer line = null;
        if (spe != null && spe.getLineNumber() > 0) {
            line = spe.getLineNumber();
        } else if (e.getLineNumber() > 0) {
            line = e.getLineNumber();
        }
        String msg = spe != null ? spe.getMessage() : e.getMessage();
        if (msg != null && msg.contains("DOCTYPE")) {
            return fail(CdaFailure.DTD_FORBIDDEN, line);
        }
        if (msg != null && msg.toLowerCase(java.util.Locale.ROOT).contains("entity")) {
            return fail(CdaFailure.DTD_FORBIDDEN, line);
        }
        return fail(CdaFailure.NOT_XML, line, (line != null ? "line " + line + ": " : "") + msg);
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static Outcome fail(CdaFailure failure, Integer line, Object... args) {
        return new Outcome(null, Finding.of("xml", failure, line, args));
    }

    private static String nz(String s) { return s == null ? "" : s; }
}
