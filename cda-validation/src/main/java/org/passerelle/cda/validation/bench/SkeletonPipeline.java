package org.passerelle.cda.validation.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.xml.transform.stream.StreamSource;
import net.sf.saxon.s9api.Processor;
import net.sf.saxon.s9api.SaxonApiException;
import net.sf.saxon.s9api.XdmDestination;
import net.sf.saxon.s9api.XdmNode;
import net.sf.saxon.s9api.XsltCompiler;
import net.sf.saxon.s9api.XsltExecutable;
import net.sf.saxon.s9api.Xslt30Transformer;
import org.passerelle.cda.validation.Finding;
import org.passerelle.cda.validation.internal.DocumentInput;
import org.passerelle.cda.validation.internal.ResourceLog;
import org.passerelle.cda.validation.internal.XsdLayer;
import org.passerelle.cda.validation.internal.RuleResources;
import org.passerelle.cda.validation.internal.SchematronCompiler;

/**
 * The kit's own way of validating, for comparison: the ISO Schematron skeleton of the kit's {@code moteur/}
 * (iso_dsdl_include → iso_abstract_expand → iso_svrl_for_xslt2) run with Saxon-HE, then the generated stylesheet
 * run on the document. {@link #cold} recompiles everything (skeleton and schematron) for every document, as the kit's
 * scripts do (without counting their JVM start-up); {@link #warm} compiles each schematron once and reuses it.
 * Includes and value sets are resolved like the engine does, so that the same documents can run at all.
 */
final class SkeletonPipeline {
    private final Path kit;
    private final Processor processor = new Processor(false);
    private final RuleResources resources;
    private final SchematronCompiler includes;
    private final Map<String, XsltExecutable> warm = new ConcurrentHashMap<>();
    private volatile XsltExecutable[] skeleton;

    SkeletonPipeline(Path kit) {
        this.kit = kit.toAbsolutePath().normalize();
        this.resources = new RuleResources(processor, this.kit);
        this.includes = new SchematronCompiler(resources, null);
    }

    private XsltExecutable[] compileSkeleton() throws SaxonApiException {
        Path moteur = kit.resolve("schematrons/moteur");
        XsltCompiler c = processor.newXsltCompiler();
        return new XsltExecutable[] {
            c.compile(new StreamSource(moteur.resolve("iso_dsdl_include.xsl").toFile())),
            c.compile(new StreamSource(moteur.resolve("iso_abstract_expand.xsl").toFile())),
            c.compile(new StreamSource(moteur.resolve("iso_svrl_for_xslt2.xsl").toFile())),
        };
    }

    private XsltExecutable compileSchematron(XsltExecutable[] steps, Path sch) throws SaxonApiException {
        XdmNode current = resources.parseTrusted(sch);
        for (XsltExecutable step : steps) {
            Xslt30Transformer t = step.load30();
            t.setResourceResolver(includes.includeResolver(new ArrayList<Finding>()));
            t.setErrorReporter(e -> { });
            XdmDestination out = new XdmDestination();
            out.setBaseURI(sch.toUri());
            t.setGlobalContextItem(current);
            t.applyTemplates(current, out);
            current = out.getXdmNode();
        }
        // the kit writes the generated .xsl next to the .sch and compiles it from there
        java.io.StringWriter xsl = new java.io.StringWriter();
        processor.newSerializer(xsl).serializeNode(current);
        XsltCompiler c = processor.newXsltCompiler();
        c.setErrorReporter(e -> { });
        return c.compile(new StreamSource(new java.io.StringReader(xsl.toString()), sch.toUri().toString()));
    }

    /** Runs one compiled schematron on the document; returns the number of SVRL findings, or -1 on an engine error. */
    private int run(XsltExecutable exec, Path document) {
        try {
            Xslt30Transformer t = exec.load30();
            t.setResourceResolver(resources.resolverFor(new ResourceLog(), Set.of()));
            t.setErrorReporter(e -> { });
            XdmNode doc = processor.newDocumentBuilder().build(document.toFile());
            t.setGlobalContextItem(doc);
            XdmDestination out = new XdmDestination();
            t.applyTemplates(doc, out);
            return out.getXdmNode().select(net.sf.saxon.s9api.streams.Steps.descendant("failed-assert")).toList().size();
        } catch (SaxonApiException e) {
            return -1;
        }
    }

    private volatile XsdLayer warmXsd;

    /** The kit's cold pipeline: the XSD, every skeleton step and every schematron compiled anew for this document. */
    void cold(Path document, List<Path> schematrons) throws SaxonApiException {
        new XsdLayer(XsdLayer.findEntry(kit)).validate(DocumentInput.of(document), Long.MAX_VALUE);
        XsltExecutable[] steps = compileSkeleton();
        for (Path sch : schematrons) {
            run(compileSchematron(steps, sch), document);
        }
    }

    /** Skeleton-compiled stylesheets compiled once per process and reused. */
    void warm(Path document, List<Path> schematrons) throws SaxonApiException {
        synchronized (this) {
            if (skeleton == null) {
                skeleton = compileSkeleton();
                warmXsd = new XsdLayer(XsdLayer.findEntry(kit));
            }
        }
        warmXsd.validate(DocumentInput.of(document), Long.MAX_VALUE);
        for (Path sch : schematrons) {
            XsltExecutable exec = warm.get(sch.toString());
            if (exec == null) {
                exec = compileSchematron(skeleton, sch);
                warm.put(sch.toString(), exec);
            }
            run(exec, document);
        }
    }
}
