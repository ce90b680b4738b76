package org.passerelle.cda.validation.internal;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.transform.Source;
import javax.xml.transform.stream.StreamSource;
import net.sf.saxon.s9api.Processor;
import net.sf.saxon.s9api.QName;
import net.sf.saxon.s9api.SaxonApiException;
import net.sf.saxon.s9api.Serializer;
import net.sf.saxon.s9api.XdmDestination;
import net.sf.saxon.s9api.XdmNode;
import net.sf.saxon.s9api.XdmNodeKind;
import net.sf.saxon.s9api.XsltCompiler;
import net.sf.saxon.s9api.XsltExecutable;
import net.sf.saxon.s9api.Xslt30Transformer;
import org.passerelle.cda.validation.CdaFailure;
import org.passerelle.cda.validation.Finding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiles ISO Schematron with SchXslt 1.10.1's XSLT 2.0 steps (include, expand, compile-for-svrl) on Saxon-HE.
 * Includes are resolved by {@link RuleResources} (case-insensitive fallback; a missing include becomes an empty
 * pattern with the same id, so the phase stays valid and the rest of the schema still runs). The generated stylesheet
 * gets the .sch URI as base URI so {@code document('../jeuxDeValeurs/…')} resolves as in the kit. The schema's
 * {@code defaultPhase} applies, as in the kit (no phase parameter). The generated stylesheet is then reduced to the
 * SVRL the engine reads ({@code compact-svrl.xsl}: no fired-rule element per rule firing, pattern regrouping through a
 * key, closed-template rules tried on their parent name first) and, when every rule context is a path of named steps,
 * made to visit only the elements those paths can reach ({@link NamedPathTraversal}); the rules' tests and messages
 * are untouched.
 *
 * <p>Optionally the generated stylesheet is kept in an on-disk cache keyed by the SHA-256 of every source file read.
 */
public final class SchematronCompiler {
    private static final Logger LOG = LoggerFactory.getLogger(SchematronCompiler.class);
    static final String SCH_NS = "http://purl.oclc.org/dsdl/schematron";
    private static final String CACHE_FORMAT = "passerelle-schxslt-1.10.1-v6-named-paths";
    private static final Pattern VAR_REF = Pattern.compile("\\$([\\w.-]+)");
    private static final Pattern XML_LITERAL = Pattern.compile("['\"]([^'\"]+\\.xml)['\"]");

    private final RuleResources resources;
    private final Processor processor;
    private final XsltExecutable include;
    private final XsltExecutable expand;
    private final XsltExecutable compile;
    private final XsltExecutable compact;
    private final Path diskCache; // may be null

    public SchematronCompiler(RuleResources resources, Path diskCache) {
        this.resources = resources;
        this.processor = resources.processor();
        this.diskCache = diskCache;
        XsltCompiler c = processor.newXsltCompiler();
        this.include = load(c, "xslt/2.0/include.xsl");
        this.expand = load(c, "xslt/2.0/expand.xsl");
        this.compile = load(c, "xslt/2.0/compile-for-svrl.xsl");
        this.compact = load(c, "org/passerelle/cda/validation/internal/compact-svrl.xsl");
    }

    private static XsltExecutable load(XsltCompiler c, String resource) {
        URL url = SchematronCompiler.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IllegalStateException("SchXslt stylesheet " + resource + " not on the classpath");
        }
        try {
            return c.compile(new StreamSource(url.toExternalForm()));
        } catch (SaxonApiException e) {
            throw new IllegalStateException("cannot compile SchXslt " + resource, e);
        }
    }

    /** Compiles the schematron at {@code schUri} (file: or classpath jar: URI); {@code name} labels its layer. */
    public CompiledSchematron compile(String name, URI schUri) throws SaxonApiException, IOException {
        long t0 = System.nanoTime();
        List<Finding> issues = new ArrayList<>();
        Map<String, byte[]> read = new TreeMap<>();
        XdmNode sch = parseSource(schUri, read);

        // 1. include (resolution of sch:include / sch:extends through the kit-aware resolver)
        Xslt30Transformer inc = include.load30();
        inc.setResourceResolver(request -> includeSource(request.uri, issues, read));
        XdmDestination included = new XdmDestination();
        inc.applyTemplates(sch, included);

        String key = cacheKey(read);
        XdmNode expanded = transform(expand, included.getXdmNode());
        Map<String, Set<String>> patternReads = patternReads(expanded, schUri);

        String xslt = key == null ? null : readCache(key);
        if (xslt == null) {
            // only the SVRL the engine reads (see compact-svrl.xsl): no fired-rule per rule firing
            XdmNode generated = transform(compile, expanded);
            Xslt30Transformer t = compact.load30();
            t.setGlobalContextItem(generated); // its global variables look at the whole generated stylesheet
            XdmDestination out = new XdmDestination();
            t.applyTemplates(generated, out);
            xslt = serialize(out.getXdmNode());
            // rule contexts that are named paths: visit only what they can match (see NamedPathTraversal)
            Optional<String> visiting = NamedPathTraversal.templatesFor(firstChild(out.getXdmNode()));
            if (visiting.isPresent()) {
                int end = xslt.lastIndexOf("</");
                xslt = xslt.substring(0, end) + visiting.get() + xslt.substring(end);
            }
            writeCache(key, xslt);
        }
        long t1 = System.nanoTime();
        XsltCompiler c = processor.newXsltCompiler();
        XsltExecutable exec = c.compile(new StreamSource(new StringReader(xslt), schUri.toString()));
        LOG.debug("compiled schematron {} in {} ms (of which XSLT compilation {} ms)", name,
                (System.nanoTime() - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
        // the generated text is not kept: StrucMin's is several MB and the executable is all that runs
        return new CompiledSchematron(name, schUri.toString(), exec, List.copyOf(issues), patternReads, null);
    }

    private XdmNode parseSource(URI uri, Map<String, byte[]> read) throws SaxonApiException, IOException {
        if ("file".equals(uri.getScheme())) {
            Path p = Path.of(uri);
            read.put(resources.relative(p), Files.readAllBytes(p));
            return resources.parseTrusted(p);
        }
        byte[] bytes;
        try (var in = uri.toURL().openStream()) {
            bytes = in.readAllBytes();
        }
        read.put(uri.toString(), bytes);
        return processor.newDocumentBuilder().build(new StreamSource(new java.io.ByteArrayInputStream(bytes), uri.toString()));
    }

    /**
     * The include resolver of this compiler (case-insensitive fallback, missing include → empty pattern), for other
     * pipelines over the same kit (the benchmark's ISO skeleton pipeline).
     */
    public net.sf.saxon.lib.ResourceResolver includeResolver(List<Finding> issues) {
        Map<String, byte[]> ignored = new TreeMap<>();
        return request -> includeSource(request.uri, issues, ignored);
    }

    private Source includeSource(String uri, List<Finding> issues, Map<String, byte[]> read) {
        if (uri == null) {
            return null;
        }
        try {
            URI u = URI.create(uri);
            if (!"file".equals(u.getScheme())) {
                return parseSource(u, read).getUnderlyingNode();
            }
            Path requested = Path.of(u).toAbsolutePath().normalize();
            var found = resources.locate(requested, true);
            if (found.isPresent()) {
                if (!found.get().equals(requested)) {
                    issues.add(Finding.of("kit", CdaFailure.KIT_CASE_MISMATCH, null, "an include",
                            resources.relative(requested), resources.relative(found.get())));
                }
                read.put(resources.relative(found.get()), Files.readAllBytes(found.get()));
                return resources.parseTrusted(found.get()).getUnderlyingNode();
            }
            String file = requested.getFileName().toString();
            String id = file.endsWith(".sch") ? file.substring(0, file.length() - 4) : file;
            String why = Files.isRegularFile(requested.getParent()) || isFileOnPath(requested)
                    ? "a parent folder is an empty regular file in the kit" : "no such file";
            issues.add(Finding.of("kit", CdaFailure.KIT_MISSING_INCLUDE, null, resources.relative(requested), why, id));
            read.put(resources.relative(requested), new byte[0]);
            String placeholder = "<pattern xmlns='" + SCH_NS + "' id='" + id.replace("'", "") + "'/>";
            return processor.newDocumentBuilder()
                    .build(new StreamSource(new StringReader(placeholder), requested.toUri().toString()))
                    .getUnderlyingNode();
        } catch (SaxonApiException | IOException e) {
            throw new IllegalStateException("cannot read include " + uri + ": " + e.getMessage(), e);
        }
    }

    private static boolean isFileOnPath(Path p) {
        for (Path q = p.getParent(); q != null; q = q.getParent()) {
            if (Files.isRegularFile(q)) {
                return true;
            }
        }
        return false;
    }

    private XdmNode transform(XsltExecutable exec, XdmNode input) throws SaxonApiException {
        Xslt30Transformer t = exec.load30();
        XdmDestination out = new XdmDestination();
        java.net.URI base = input.getBaseURI();
        if (base != null && base.isAbsolute()) {
            out.setBaseURI(base);
        }
        t.applyTemplates(input, out);
        return out.getXdmNode();
    }

    private String serialize(XdmNode node) throws SaxonApiException {
        StringWriter w = new StringWriter();
        Serializer s = processor.newSerializer(w);
        s.setOutputProperty(Serializer.Property.INDENT, "no");
        s.serializeNode(node);
        return w.toString();
    }

    /**
     * For each pattern, the value-set files its rules can read: string literals naming an .xml file in its lets and
     * tests, directly or through a variable bound (globally or in the pattern) to such a literal.
     */
    private Map<String, Set<String>> patternReads(XdmNode expanded, URI schUri) {
        Map<String, String> globals = new LinkedHashMap<>();
        XdmNode schema = firstChild(expanded);
        if (schema == null) {
            return Map.of();
        }
        // schxslt makes the lets of every pattern global variables
        for (XdmNode let : descendants(schema, "let")) {
            Matcher m = XML_LITERAL.matcher(attr(let, "value"));
            if (m.find()) {
                globals.put(attr(let, "name"), m.group(1));
            }
        }
        Map<String, Set<String>> reads = new LinkedHashMap<>();
        for (XdmNode pattern : descendants(schema, "pattern")) {
            String id = attr(pattern, "id");
            if (id.isEmpty()) {
                continue;
            }
            Set<String> files = new LinkedHashSet<>();
            for (XdmNode n : pattern.select(net.sf.saxon.s9api.streams.Steps.descendantOrSelf()).toList()) {
                if (n.getNodeKind() != XdmNodeKind.ELEMENT
                        || (n.getNodeName().getLocalName().equals("let") && n.getParent() == pattern)) {
                    continue; // a pattern-level let is a global binding, not a read
                }
                for (XdmNode a : n.select(net.sf.saxon.s9api.streams.Steps.attribute()).toList()) {
                    String v = a.getStringValue();
                    Matcher lit = XML_LITERAL.matcher(v);
                    while (lit.find()) {
                        files.add(lit.group(1));
                    }
                    Matcher var = VAR_REF.matcher(v);
                    while (var.find()) {
                        String f = globals.get(var.group(1));
                        if (f != null) {
                            files.add(f);
                        }
                    }
                }
            }
            if (!files.isEmpty()) {
                Set<String> resolved = new LinkedHashSet<>();
                for (String f : files) {
                    try {
                        URI r = schUri.resolve(f);
                        resolved.add("file".equals(r.getScheme()) ? resources.relative(Path.of(r)) : r.toString());
                    } catch (RuntimeException e) {
                        resolved.add(f);
                    }
                }
                reads.merge(id, resolved, (x, y) -> {
                    Set<String> s = new LinkedHashSet<>(x);
                    s.addAll(y);
                    return s;
                });
            }
        }
        return reads;
    }

    private static XdmNode firstChild(XdmNode doc) {
        for (XdmNode c : doc.children()) {
            if (c.getNodeKind() == XdmNodeKind.ELEMENT) {
                return c;
            }
        }
        return null;
    }

    private static List<XdmNode> descendants(XdmNode n, String localName) {
        return n.select(net.sf.saxon.s9api.streams.Steps.descendant(SCH_NS, localName)).toList();
    }

    private static String attr(XdmNode n, String name) {
        String v = n.getAttributeValue(new QName(name));
        return v == null ? "" : v;
    }

    private String cacheKey(Map<String, byte[]> read) {
        if (diskCache == null) {
            return null;
        }
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(CACHE_FORMAT.getBytes(StandardCharsets.UTF_8));
            for (Map.Entry<String, byte[]> e : read.entrySet()) {
                md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(e.getValue());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            return null;
        }
    }

    private String readCache(String key) {
        Path f = diskCache.resolve(key + ".xsl");
        try {
            return Files.isRegularFile(f) ? Files.readString(f) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private void writeCache(String key, String xslt) {
        if (key == null) {
            return;
        }
        try {
            Files.createDirectories(diskCache);
            Path tmp = Files.createTempFile(diskCache, key, ".tmp");
            Files.writeString(tmp, xslt);
            Files.move(tmp, diskCache.resolve(key + ".xsl"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("cannot write the schematron cache in {}: {} (compiling without it)", diskCache, e.toString());
        }
    }
}
