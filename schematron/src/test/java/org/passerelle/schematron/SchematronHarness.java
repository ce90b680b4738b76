package org.passerelle.schematron;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.Source;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamSource;

import org.w3c.dom.Document;
import org.xml.sax.SAXException;

import net.sf.saxon.s9api.Processor;
import net.sf.saxon.s9api.SaxonApiException;
import net.sf.saxon.s9api.XPathCompiler;
import net.sf.saxon.s9api.XdmDestination;
import net.sf.saxon.s9api.XdmItem;
import net.sf.saxon.s9api.XdmNode;
import net.sf.saxon.s9api.XsltCompiler;
import net.sf.saxon.s9api.XsltExecutable;
import net.sf.saxon.s9api.Xslt30Transformer;

/**
 * Test-only engine: compiles the project's .sch files with SchXslt 1.10 (XSLT 2.0 pipeline) on Saxon-HE and runs
 * them on CDA documents, returning the SVRL findings. The production engine belongs to module cda-validation.
 */
final class SchematronHarness {

    static final String RESOURCE_DIR = "/passerelle-schematron/";

    /** One svrl:failed-assert or svrl:successful-report. A missing role counts as error. */
    record Finding(String id, String role, String location, String text) {
        boolean isError() { return role == null || role.isEmpty() || role.equals("error") || role.equals("fatal"); }
        @Override public String toString() { return id + " [" + role + "] " + location + " : " + text; }
    }

    private static final Processor PROCESSOR = new Processor(false);
    private static final Map<String, XsltExecutable> COMPILED = new ConcurrentHashMap<>();
    private static XsltExecutable pipeline;

    private SchematronHarness() {}

    static URL resource(String fileName) {
        URL url = SchematronHarness.class.getResource(RESOURCE_DIR + fileName);
        if (url == null) throw new IllegalArgumentException("no schematron resource " + RESOURCE_DIR + fileName);
        return url;
    }

    /** Compiled validator for one of our .sch files, cached for the JVM. */
    static XsltExecutable compiled(String schFile) {
        return COMPILED.computeIfAbsent(schFile, SchematronHarness::compile);
    }

    private static synchronized XsltExecutable pipeline() throws SaxonApiException {
        if (pipeline == null) {
            URL pipelineUrl = SchematronHarness.class.getResource("/xslt/2.0/pipeline-for-svrl.xsl");
            if (pipelineUrl == null) throw new IllegalStateException("schxslt not on the test classpath");
            XsltCompiler compiler = PROCESSOR.newXsltCompiler();
            pipeline = compiler.compile(new StreamSource(pipelineUrl.toExternalForm()));
        }
        return pipeline;
    }

    private static XsltExecutable compile(String schFile) {
        try {
            XsltExecutable pipeline = pipeline();
            URL sch = resource(schFile);
            XdmDestination xslt = new XdmDestination();
            Xslt30Transformer t = pipeline.load30();
            XdmNode schDoc = secureBuild(new StreamSource(sch.openStream(), sch.toExternalForm()));
            t.applyTemplates(schDoc, xslt);
            XdmNode stylesheet = xslt.getXdmNode();
            return PROCESSOR.newXsltCompiler().compile(stylesheet.asSource());
        } catch (SaxonApiException | IOException e) {
            throw new IllegalStateException("cannot compile " + schFile + ": " + e.getMessage(), e);
        }
    }

    /** Secure DOM parse (no DTD, no external entities), namespace aware. */
    static Document parseDom(Path file) {
        try (InputStream in = java.nio.file.Files.newInputStream(file)) {
            Document doc = secureFactory().newDocumentBuilder().parse(in, file.toUri().toString());
            return doc;
        } catch (IOException | SAXException | ParserConfigurationException e) {
            throw new IllegalStateException("cannot parse " + file + ": " + e.getMessage(), e);
        }
    }

    private static DocumentBuilderFactory secureFactory() throws ParserConfigurationException {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        return f;
    }

    private static XdmNode secureBuild(StreamSource source) throws SaxonApiException {
        try {
            Document dom = secureFactory().newDocumentBuilder().parse(source.getInputStream(), source.getSystemId());
            return PROCESSOR.newDocumentBuilder().build(new DOMSource(dom, source.getSystemId()));
        } catch (IOException | SAXException | ParserConfigurationException e) {
            throw new SaxonApiException(e);
        }
    }

    static List<Finding> validate(String schFile, Path document) {
        return validate(schFile, parseDom(document));
    }

    static List<Finding> validate(String schFile, Document document) {
        try {
            return run(compiled(schFile), new DOMSource(document, document.getDocumentURI()));
        } catch (SaxonApiException e) {
            throw new IllegalStateException("schematron " + schFile + " failed at run time: " + e.getMessage(), e);
        }
    }

    private static List<Finding> run(XsltExecutable validator, Source source) throws SaxonApiException {
        XdmNode input = PROCESSOR.newDocumentBuilder().build(source);
        XdmDestination svrl = new XdmDestination();
        validator.load30().applyTemplates(input, svrl);
        XPathCompiler xp = PROCESSOR.newXPathCompiler();
        xp.declareNamespace("svrl", "http://purl.oclc.org/dsdl/svrl");
        List<Finding> findings = new ArrayList<>();
        for (XdmItem item : xp.evaluate("//(svrl:failed-assert | svrl:successful-report)", svrl.getXdmNode())) {
            XdmNode n = (XdmNode) item;
            findings.add(new Finding(
                    n.getAttributeValue(new net.sf.saxon.s9api.QName("id")),
                    n.getAttributeValue(new net.sf.saxon.s9api.QName("role")),
                    n.getAttributeValue(new net.sf.saxon.s9api.QName("location")),
                    xp.evaluateSingle("normalize-space(svrl:text)", n).getStringValue()));
        }
        return findings;
    }

    static List<Finding> errors(List<Finding> findings) {
        return findings.stream().filter(Finding::isError).collect(Collectors.toList());
    }

    static List<String> ids(List<Finding> findings) {
        return findings.stream().map(Finding::id).collect(Collectors.toList());
    }
}
