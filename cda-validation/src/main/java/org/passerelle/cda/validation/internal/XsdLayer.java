package org.passerelle.cda.validation.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.transform.sax.SAXSource;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.passerelle.cda.validation.CdaFailure;
import org.passerelle.cda.validation.CdaValidationException;
import org.passerelle.cda.validation.Finding;
import org.passerelle.cda.validation.Severity;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * CDA XSD validation with JAXP (the JDK's Xerces, as the kit's reference run). The Schema is compiled once and is
 * thread-safe; each document gets its own Validator, fed by the hardened reader, and every error is collected (not
 * only the first).
 */
public final class XsdLayer {
    public static final String LAYER = "xsd";
    private final Schema schema;
    private final Path entry;

    public XsdLayer(Path xsdFile) {
        this.entry = xsdFile;
        SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        try {
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            // the schema files are trusted local files (the kit's XMLSchema.xsd has a DTD): local access only
            f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "file");
            f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file");
            this.schema = f.newSchema(new StreamSource(xsdFile.toUri().toString()));
        } catch (SAXException e) {
            throw new CdaValidationException(CdaFailure.XSD_NOT_FOUND, e, xsdFile + " (" + e.getMessage() + ")");
        }
    }

    /** The CDA XSD entry point in a folder: CDA_extended.xsd (ANS kit), else CDA.xsd; searched in infrastructure/cda too. */
    public static Path findEntry(Path dir) {
        for (String candidate : new String[] {"infrastructure/cda/CDA_extended.xsd", "CDA_extended.xsd", "CDA.xsd",
                "infrastructure/cda/CDA.xsd"}) {
            Path p = dir.resolve(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new CdaValidationException(CdaFailure.XSD_NOT_FOUND, null, dir);
    }

    public Path entry() { return entry; }

    public List<Finding> validate(DocumentInput input, long maxBytes) {
        List<Finding> findings = new ArrayList<>();
        Validator v = schema.newValidator();
        try {
            v.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            v.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        } catch (SAXException e) {
            // properties unsupported by this JAXP: the hardened reader below still refuses DTDs
        }
        v.setErrorHandler(new ErrorHandler() {
            public void warning(SAXParseException e) { findings.add(finding(Severity.WARNING, e)); }
            public void error(SAXParseException e) { findings.add(finding(Severity.ERROR, e)); }
            public void fatalError(SAXParseException e) { findings.add(finding(Severity.ERROR, e)); }
        });
        try (InputStream in = SecureXml.limited(input.open(), maxBytes)) {
            InputSource is = new InputSource(in);
            is.setSystemId(DocumentParser.systemId(input));
            v.validate(new SAXSource(SecureXml.newReader(), is));
        } catch (SAXException e) {
            // fatal error already reported through the handler
            if (findings.isEmpty()) {
                findings.add(new Finding(LAYER, Severity.ERROR, "xsd-fatal", e.getMessage(), null, null));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return findings;
    }

    private static Finding finding(Severity severity, SAXParseException e) {
        String msg = e.getMessage() == null ? "" : e.getMessage();
        String key = null;
        int colon = msg.indexOf(": ");
        if (colon > 0 && msg.substring(0, colon).matches("[a-z][\\w.-]*\\d[\\w.-]*|[a-z]+-[\\w.-]+")) {
            key = msg.substring(0, colon); // Xerces message key, e.g. cvc-complex-type.2.4.a
            msg = msg.substring(colon + 2);
        }
        return new Finding(LAYER, severity, key, msg, null, e.getLineNumber() > 0 ? e.getLineNumber() : null);
    }
}
