package org.passerelle.cda.validation.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;
import javax.xml.transform.Source;
import javax.xml.transform.sax.SAXSource;
import net.sf.saxon.lib.ResourceResolver;
import net.sf.saxon.om.NodeInfo;
import net.sf.saxon.s9api.DocumentBuilder;
import net.sf.saxon.s9api.Processor;
import net.sf.saxon.s9api.SaxonApiException;
import net.sf.saxon.s9api.XdmNode;
import net.sf.saxon.trans.XPathException;
import org.xml.sax.InputSource;

/**
 * The documents rules read (value sets, ART-DECOR vocabularies) and the files schematrons include, with the kit's
 * defects worked around: names are matched case-insensitively when the exact name does not exist, a missing
 * ART-DECOR {@code voc-<oid>-DYNAMIC.xml} is served from the SVS value set with the same OID in {@code jeuxDeValeurs/},
 * and anything still missing is served as an empty document and logged (never a fatal FODC0002). Parsed documents are
 * shared by every run of the process.
 */
public final class RuleResources {
    private static final Pattern VOC = Pattern.compile("voc-([0-9.]+)-(DYNAMIC|STATIC|[0-9T:-]+)\\.xml");
    private static final String SVS_NS = "urn:ihe:iti:svs:2008";

    private final Processor processor;
    private final Path kitRoot; // may be null (embedded rules only)
    private final Map<String, CompletableFuture<NodeInfo>> documents = new ConcurrentHashMap<>();
    private volatile Map<String, Path> svsByOid;
    private final NodeInfo emptyDocument;

    public RuleResources(Processor processor, Path kitRoot) {
        this.processor = processor;
        this.kitRoot = kitRoot == null ? null : kitRoot.toAbsolutePath().normalize();
        try {
            this.emptyDocument = processor.newDocumentBuilder()
                    .build(new javax.xml.transform.stream.StreamSource(new java.io.StringReader(
                            "<missing-kit-file xmlns='urn:passerelle:cda-validation'/>")))
                    .getUnderlyingNode();
        } catch (SaxonApiException e) {
            throw new IllegalStateException(e);
        }
    }

    public Processor processor() { return processor; }

    public Path kitRoot() { return kitRoot; }

    /** Number of distinct documents parsed and shared so far (value sets etc.). */
    public int sharedDocumentCount() { return documents.size(); }

    /**
     * A resolver for document()/doc()/doc-available() calls of one run, logging what it had to work around into
     * {@code log}. A missing file stays missing (doc-available() is false, doc() fails) unless it is in
     * {@code stubbed}: then it is served as an empty document.
     */
    public ResourceResolver resolverFor(ResourceLog log, Set<String> stubbed) {
        return request -> {
            if (request.uri == null || !request.uri.startsWith("file:")) {
                return null; // classpath (embedded rules) and anything else: Saxon's standard handling
            }
            return document(Path.of(URI.create(request.uri)), log, stubbed);
        };
    }

    /** How a requested file resolved, decided once per process. */
    private record Resolution(NodeInfo node, String servedFrom, boolean caseMismatch, boolean substituted) {}

    private final Map<String, Resolution> resolutions = new ConcurrentHashMap<>();

    /**
     * The parsed document for {@code file}, served from the shared cache; see the class comment for the fallbacks.
     * A missing file not in {@code stubbed} fails with FODC0002, so doc-available() is false and doc() stops the
     * run, as in the kit.
     */
    public NodeInfo document(Path file, ResourceLog log, Set<String> stubbed) throws XPathException {
        Path requested = file.toAbsolutePath().normalize();
        String key = requested.toString();
        Resolution r = resolutions.get(key);
        if (r == null) {
            r = resolve(requested);
            resolutions.put(key, r);
        }
        String rel = relative(requested);
        if (r.node() != null) {
            if (r.caseMismatch()) {
                log.caseMismatches.put(rel, r.servedFrom());
            } else if (r.substituted()) {
                log.substitutions.put(rel, r.servedFrom());
            }
            return r.node();
        }
        log.missing.add(rel);
        if (stubbed.contains(rel)) {
            return emptyDocument;
        }
        throw new XPathException("kit file not found: " + rel, "FODC0002");
    }

    private Resolution resolve(Path requested) {
        Optional<Path> found = locate(requested, false);
        if (found.isPresent()) {
            NodeInfo node = parsed(found.get().toUri().toString(), () -> parseFile(found.get()));
            return new Resolution(node, relative(found.get()), !found.get().equals(requested), false);
        }
        Matcher m = VOC.matcher(requested.getFileName().toString());
        if (m.matches()) {
            Path svs = svsIndex().get(m.group(1));
            if (svs != null) {
                NodeInfo node = parsed(requested.toUri().toString(), () -> artDecorFromSvs(svs, m.group(1)));
                return new Resolution(node, relative(svs), false, true);
            }
        }
        return new Resolution(null, null, false, false);
    }

    /**
     * The file on disk for {@code requested}: itself when it exists, else the unique file whose path matches it
     * ignoring case (segment by segment, below the kit root). {@code nonEmpty} rejects empty files (the kit has empty
     * regular files where folders of includes should be).
     */
    public Optional<Path> locate(Path requested, boolean nonEmpty) {
        Path p = requested.toAbsolutePath().normalize();
        if (usable(p, nonEmpty)) {
            return Optional.of(p);
        }
        Path start = kitRoot != null && p.startsWith(kitRoot) ? kitRoot : p.getRoot();
        Path current = start;
        for (Path segment : start.relativize(p)) {
            Path exact = current.resolve(segment.toString());
            if (Files.exists(exact)) {
                current = exact;
                continue;
            }
            Path match = null;
            if (Files.isDirectory(current)) {
                try (DirectoryStream<Path> dir = Files.newDirectoryStream(current)) {
                    for (Path child : dir) {
                        if (child.getFileName().toString().equalsIgnoreCase(segment.toString())) {
                            match = child;
                            break;
                        }
                    }
                } catch (IOException e) {
                    return Optional.empty();
                }
            }
            if (match == null) {
                return Optional.empty();
            }
            current = match;
        }
        return usable(current, nonEmpty) ? Optional.of(current) : Optional.empty();
    }

    private static boolean usable(Path p, boolean nonEmpty) {
        try {
            return Files.isRegularFile(p) && (!nonEmpty || Files.size(p) > 0);
        } catch (IOException e) {
            return false;
        }
    }

    /** A path relative to the kit root when inside it, for messages. */
    public String relative(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        return kitRoot != null && abs.startsWith(kitRoot) ? kitRoot.relativize(abs).toString() : abs.toString();
    }

    private interface Parse {
        NodeInfo run() throws Exception;
    }

    private NodeInfo parsed(String key, Parse parse) {
        CompletableFuture<NodeInfo> f = documents.computeIfAbsent(key, k -> {
            try {
                return CompletableFuture.completedFuture(parse.run());
            } catch (Exception e) {
                return CompletableFuture.failedFuture(e);
            }
        });
        try {
            return f.join();
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot read rule resource " + key + ": " + e.getCause(), e);
        }
    }

    /** Parses a trusted rule file (no DTD either: the kit's files do not use any). */
    public XdmNode parseTrusted(Path file) throws SaxonApiException {
        DocumentBuilder b = processor.newDocumentBuilder();
        b.setLineNumbering(true);
        InputSource is = new InputSource(file.toUri().toString());
        return b.build(new SAXSource(SecureXml.newReader(), is));
    }

    private NodeInfo parseFile(Path file) throws SaxonApiException {
        return parseTrusted(file).getUnderlyingNode();
    }

    /** Builds the ART-DECOR vocabulary shape StrucMin reads ({@code /*\/valueSet/conceptList/concept/@code}). */
    private NodeInfo artDecorFromSvs(Path svs, String oid) throws Exception {
        StringBuilder xml = new StringBuilder("<valueSets><valueSet id=\"").append(oid).append("\"><conceptList>");
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        try (InputStream in = Files.newInputStream(svs)) {
            XMLStreamReader r = f.createXMLStreamReader(in);
            while (r.hasNext()) {
                if (r.next() == XMLStreamConstants.START_ELEMENT && "Concept".equals(r.getLocalName())) {
                    xml.append("<concept");
                    for (String a : new String[] {"code", "codeSystem", "displayName"}) {
                        String v = r.getAttributeValue(null, a);
                        if (v != null) {
                            xml.append(' ').append(a).append("=\"").append(escape(v)).append('"');
                        }
                    }
                    xml.append("/>");
                }
            }
            r.close();
        }
        xml.append("</conceptList></valueSet></valueSets>");
        return processor.newDocumentBuilder()
                .build(new javax.xml.transform.stream.StreamSource(new java.io.StringReader(xml.toString()),
                        svs.toUri().toString()))
                .getUnderlyingNode();
    }

    private static String escape(String v) {
        return v.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;");
    }

    /** OID → SVS file in jeuxDeValeurs/, read from each file's ValueSet/@id once. */
    private Map<String, Path> svsIndex() {
        Map<String, Path> idx = svsByOid;
        if (idx != null) {
            return idx;
        }
        synchronized (this) {
            if (svsByOid != null) {
                return svsByOid;
            }
            Map<String, Path> m = new HashMap<>();
            Path dir = kitRoot == null ? null : kitRoot.resolve("jeuxDeValeurs");
            if (dir != null && Files.isDirectory(dir)) {
                XMLInputFactory f = XMLInputFactory.newFactory();
                f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
                try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.xml")) {
                    for (Path file : files) {
                        try (InputStream in = Files.newInputStream(file)) {
                            XMLStreamReader r = f.createXMLStreamReader(in);
                            while (r.hasNext()) {
                                if (r.next() == XMLStreamConstants.START_ELEMENT
                                        && "ValueSet".equals(r.getLocalName()) && SVS_NS.equals(r.getNamespaceURI())) {
                                    String id = r.getAttributeValue(null, "id");
                                    if (id != null) {
                                        m.putIfAbsent(id.trim(), file);
                                    }
                                    break;
                                }
                            }
                            r.close();
                        } catch (Exception e) {
                            // an unreadable value set is simply not a candidate
                        }
                    }
                } catch (IOException e) {
                    // no index: substitution unavailable
                }
            }
            svsByOid = Map.copyOf(m);
            return svsByOid;
        }
    }

    static String lower(String s) { return s.toLowerCase(Locale.ROOT); }
}
