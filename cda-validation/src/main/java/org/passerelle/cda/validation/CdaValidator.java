package org.passerelle.cda.validation;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import net.sf.saxon.dom.NodeOverNodeInfo;
import net.sf.saxon.s9api.Processor;
import net.sf.saxon.s9api.XdmNode;
import net.sf.saxon.s9api.XdmNodeKind;
import org.passerelle.cda.validation.internal.CompiledSchematron;
import org.passerelle.cda.validation.internal.DocumentFacts;
import org.passerelle.cda.validation.internal.DocumentInput;
import org.passerelle.cda.validation.internal.DocumentParser;
import org.passerelle.cda.validation.internal.ParsedDocument;
import org.passerelle.cda.validation.internal.RuleResources;
import org.passerelle.cda.validation.internal.SchematronCompiler;
import org.passerelle.cda.validation.internal.SchematronLayer;
import org.passerelle.cda.validation.internal.SecureXml;
import org.passerelle.cda.validation.internal.VoletCatalog;
import org.passerelle.cda.validation.internal.XsdLayer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates CDA R2 documents layer by layer: secure XML parsing, CDA XSD, profile schematrons, then the volet
 * schematron chosen from the document's templateIds. Built once, thread-safe: each schematron is compiled once per
 * instance (on first use), value sets are parsed once and shared, and any number of threads may call
 * {@code validate} at the same time.
 *
 * <p>Two rule sources: the ANS CI-SIS kit given at run time ({@link #withKit(Path)}), or the project's embedded
 * default rules from module {@code schematron} ({@link #embeddedDefault()}).
 */
public final class CdaValidator {
    private static final Logger LOG = LoggerFactory.getLogger(CdaValidator.class);
    /** Default size limit of one document (200 MB files are refused with a clear message; raise it if needed). */
    public static final long DEFAULT_MAX_BYTES = 100L * 1024 * 1024;
    static final String EMBEDDED_ROOT = "passerelle-schematron/";

    /** Profiles of the kit's full check ({@code compilverif}), run on every document: layer name → path under schematrons/. */
    public static final Map<String, String> KIT_PROFILES = orderedProfiles();

    private static Map<String, String> orderedProfiles() {
        var m = new java.util.LinkedHashMap<String, String>();
        m.put("IHE", "profils/IHE.sch");
        m.put("terminologie", "profils/terminologies/schematron/terminologie.sch");
        m.put("ModelesDeContenusCDA", "profils/CI-SIS_ModelesDeContenusCDA.sch");
        m.put("StrucMin", "profils/structurationMinimale/ASIP-STRUCT-MIN-StrucMin.sch");
        m.put("Modeles_ANS", "profils/CI-SIS_Modeles_ANS.sch");
        return java.util.Collections.unmodifiableMap(m);
    }

    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();
    private final Path kitRoot; // null in embedded mode
    private final XsdLayer xsd; // null when no schema is available
    private final long maxBytes;
    private final RuleResources resources;
    private final SchematronCompiler compiler;
    private final VoletCatalog volets; // kit mode only
    private final Properties embeddedVolets; // embedded mode only
    private final Map<String, CompletableFuture<CompiledSchematron>> compiled = new ConcurrentHashMap<>();
    /** volets.properties key: the embedded files whose rules read nothing inside ClinicalDocument/component/structuredBody. */
    static final String HEADER_ONLY = "header-only";
    private final Set<String> headerOnly; // empty in kit mode
    private final DocumentParser.BodyUse bodyUse; // null in kit mode: every profile reads the body

    private CdaValidator(Builder b) {
        this.maxBytes = b.maxBytes;
        Processor processor = new Processor(false);
        if (b.kit != null) {
            Path kit = b.kit.toAbsolutePath().normalize();
            if (!Files.isDirectory(kit.resolve("schematrons")) || !Files.isRegularFile(kit.resolve("infrastructure/cda/CDA_extended.xsd"))) {
                throw new CdaValidationException(CdaFailure.KIT_NOT_FOUND, null, b.kit);
            }
            this.kitRoot = kit;
            this.volets = new VoletCatalog(kit.resolve("schematrons"));
            this.embeddedVolets = null;
        } else {
            this.kitRoot = null;
            this.volets = null;
            this.embeddedVolets = loadEmbeddedVolets();
        }
        Path xsdDir = b.xsdDir != null ? b.xsdDir : kitRoot;
        if (xsdDir != null && !Files.isDirectory(xsdDir)) {
            throw new CdaValidationException(CdaFailure.XSD_NOT_FOUND, null, xsdDir);
        }
        this.xsd = xsdDir == null ? null : new XsdLayer(XsdLayer.findEntry(xsdDir));
        this.resources = new RuleResources(processor, kitRoot);
        this.compiler = new SchematronCompiler(resources, b.diskCache);
        if (kitRoot == null) {
            List<String> files = new ArrayList<>();
            addFiles(files, embeddedVolets.getProperty(HEADER_ONLY));
            this.headerOnly = Set.copyOf(files);
            // when only such files run, the tree is built without the body's content (a 100 KB CDA parses twice as fast)
            this.bodyUse = roots -> headerOnly.containsAll(embeddedFiles(roots, roots.contains(DocumentFacts.N1_TEMPLATE)));
        } else {
            this.headerOnly = Set.of();
            this.bodyUse = null;
        }
    }

    /** The project's own rules (module {@code schematron}); no kit needed. The XSD layer is skipped (reported as info). */
    public static CdaValidator embeddedDefault() {
        return builder().build();
    }

    /**
     * The official ANS kit in {@code kitDir} (the folder holding {@code schematrons/}, {@code jeuxDeValeurs/} and
     * {@code infrastructure/cda/}).
     *
     * @throws CdaValidationException ({@link CdaFailure#KIT_NOT_FOUND}) when the folder is not a kit
     */
    public static CdaValidator withKit(Path kitDir) {
        return builder().kit(kitDir).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options beyond the two factory methods: an XSD folder, the size limit, an on-disk compiled-rules cache. */
    public static final class Builder {
        private Path kit;
        private Path xsdDir;
        private long maxBytes = DEFAULT_MAX_BYTES;
        private Path diskCache;

        public Builder kit(Path kitDir) { this.kit = kitDir; return this; }

        /** A folder with a CDA XSD (CDA_extended.xsd or CDA.xsd) for the XSD layer when no kit is given. */
        public Builder xsd(Path dir) { this.xsdDir = dir; return this; }

        public Builder maxBytes(long max) { this.maxBytes = max; return this; }

        /** Keep generated validation stylesheets in this folder, keyed by the SHA-256 of their sources. */
        public Builder diskCache(Path dir) { this.diskCache = dir; return this; }

        public CdaValidator build() { return new CdaValidator(this); }
    }

    public boolean kitMode() { return kitRoot != null; }

    public Optional<Path> kit() { return Optional.ofNullable(kitRoot); }

    public long maxBytes() { return maxBytes; }

    // ---------------------------------------------------------------- public validate API

    public ValidationReport validate(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CdaValidationException(CdaFailure.IO_ERROR, new NoSuchFileException(file.toString()), file,
                    Files.isDirectory(file) ? "is a folder" : "no such file");
        }
        return validate(DocumentInput.of(file));
    }

    public ValidationReport validate(byte[] content, String name) {
        return validate(DocumentInput.of(content, name));
    }

    /**
     * Validates, and hands {@code reader} the document's ClinicalDocument from the validator's own tree, so that a
     * caller needing more from the document (e.g. its header) does not parse it a second time. The reader is called
     * once, during validation, when the document parsed and is a CDA (never otherwise).
     */
    public ValidationReport validate(byte[] content, String name, TreeReader reader) {
        return validate(DocumentInput.of(content, name), reader);
    }

    /** Reads what it needs from the parsed ClinicalDocument; see {@link #validate(byte[], String, TreeReader)}. */
    @FunctionalInterface
    public interface TreeReader {
        /**
         * @param clinicalDocument the ClinicalDocument element as a read-only DOM view of the validator's tree, valid
         *                         only during this call (comments kept, no DTD, very long text nodes truncated as
         *                         {@code CDA-TEXT_TRUNCATED} says; component/structuredBody without its content
         *                         when none of the rule sets run reads it, see {@code header-only} in the
         *                         embedded rules' volets.properties)
         * @param selfPresenting   true when the file's root is xsl:stylesheet with this ClinicalDocument embedded
         */
        void read(org.w3c.dom.Element clinicalDocument, boolean selfPresenting);
    }

    /** Reads the stream (up to the size limit) and validates it; the stream is not closed. */
    public ValidationReport validate(InputStream in, String name) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            SecureXml.limited(in, maxBytes).transferTo(buf);
        } catch (SecureXml.TooLargeException e) {
            return new ValidationReport(name, Level.UNKNOWN, null, List.of("xml"),
                    List.of(Finding.of("xml", CdaFailure.TOO_LARGE, null, maxBytes)));
        } catch (IOException e) {
            throw new CdaValidationException(CdaFailure.IO_ERROR, e, name, e.getMessage());
        }
        return validate(buf.toByteArray(), name);
    }

    // ---------------------------------------------------------------- pipeline

    ValidationReport validate(DocumentInput input) {
        return validate(input, null);
    }

    private ValidationReport validate(DocumentInput input, TreeReader reader) {
        List<String> ruleSets = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        ruleSets.add("xml");
        DocumentParser.Outcome parsed;
        try {
            parsed = new DocumentParser(resources.processor(), maxBytes).parse(input, bodyUse);
        } catch (UncheckedIOException e) {
            throw new CdaValidationException(CdaFailure.IO_ERROR, e, input.name(), e.getCause().getMessage());
        }
        if (parsed.failure() != null) {
            return new ValidationReport(input.name(), Level.UNKNOWN, null, ruleSets, List.of(parsed.failure()));
        }
        ParsedDocument doc = parsed.document();
        if (!doc.isCda()) {
            findings.add(Finding.of("xml", CdaFailure.WRONG_ROOT, 1, doc.rootName()));
            return new ValidationReport(input.name(), Level.UNKNOWN, null, ruleSets, findings);
        }
        if (doc.truncatedChars() > 0) {
            int max = org.passerelle.cda.validation.internal.ParsedDocument.MAX_TEXT_CHARS;
            findings.add(Finding.of("xml", CdaFailure.TEXT_TRUNCATED, doc.truncatedLine(), max, doc.truncatedLine(),
                    doc.truncatedChars(), max));
        }
        DocumentFacts facts = DocumentFacts.of(doc.tree());
        if (doc.bodyOmitted() && !headerOnly.containsAll(embeddedFiles(facts))) {
            // a templateId after the body, or a nonXMLBody as well: the rules read the body after all
            try {
                doc = new DocumentParser(resources.processor(), maxBytes).parse(input).document();
            } catch (UncheckedIOException e) {
                throw new CdaValidationException(CdaFailure.IO_ERROR, e, input.name(), e.getCause().getMessage());
            }
        }
        if (reader != null) {
            readTree(doc, reader);
        }
        Level level = facts.level();
        if (level == Level.UNKNOWN) {
            findings.add(Finding.of("xml", CdaFailure.UNKNOWN_LEVEL, null));
        }

        // XSD on the file as it is (the kit's CDA_extended.xsd accepts self-presenting documents)
        if (xsd != null) {
            ruleSets.add(XsdLayer.LAYER);
            try {
                findings.addAll(xsd.validate(input, maxBytes));
            } catch (UncheckedIOException e) {
                throw new CdaValidationException(CdaFailure.IO_ERROR, e, input.name(), e.getCause().getMessage());
            }
        } else {
            findings.add(Finding.of(XsdLayer.LAYER, CdaFailure.XSD_SKIPPED, null));
        }

        String volet = null;
        List<Finding> kitFindings = new ArrayList<>();
        Set<String> kitSeen = new LinkedHashSet<>();
        for (RuleSet rs : ruleSetsFor(facts, level, input.name(), findings)) {
            ruleSets.add("schematron:" + rs.name());
            runLayer(rs, doc, findings, kitFindings, kitSeen);
        }
        if (kitMode()) {
            Optional<VoletCatalog.Choice> choice = volets.choose(facts, input.name());
            volet = choice.map(VoletCatalog.Choice::templateId).orElse(null);
        } else {
            volet = facts.voletTemplateIds().stream().findFirst().map(Object::toString).orElse(null);
        }
        List<Finding> all = new ArrayList<>(kitFindings);
        all.addAll(findings);
        return new ValidationReport(input.name(), level, volet, ruleSets, all);
    }

    private static void readTree(ParsedDocument doc, TreeReader reader) {
        for (XdmNode child : doc.tree().children()) {
            if (child.getNodeKind() == XdmNodeKind.ELEMENT) {
                reader.read((org.w3c.dom.Element) NodeOverNodeInfo.wrap(child.getUnderlyingNode()), doc.selfPresenting());
                return;
            }
        }
    }

    private record RuleSet(String name, URI source) {}

    private List<RuleSet> ruleSetsFor(DocumentFacts facts, Level level, String name, List<Finding> findings) {
        List<RuleSet> out = new ArrayList<>();
        if (kitMode()) {
            Path schDir = kitRoot.resolve("schematrons");
            KIT_PROFILES.forEach((layer, path) -> out.add(new RuleSet(layer, schDir.resolve(path).toUri())));
            Optional<VoletCatalog.Choice> choice = volets.choose(facts, name);
            if (choice.isPresent() && choice.get().file() != null) {
                VoletCatalog.Choice c = choice.get();
                String file = c.file().getFileName().toString();
                out.add(new RuleSet(file.substring(0, file.length() - 4), c.file().toUri()));
                if (c.note() != null) {
                    findings.add(Finding.of("volet", CdaFailure.VOLET_VERSION_SUBSTITUTED, null,
                            c.templateId() == null ? c.volet() : c.templateId(),
                            c.templateId() == null || !c.templateId().contains("@") ? "(none)" : c.templateId().substring(c.templateId().indexOf('@') + 1),
                            file, c.note()));
                }
            } else if (choice.isPresent()) {
                findings.add(Finding.of("volet", CdaFailure.UNKNOWN_VOLET, null, choice.get().templateId()));
            }
            return out;
        }
        for (String sch : embeddedFiles(facts)) {
            addEmbedded(out, sch);
        }
        return out;
    }

    private List<String> embeddedFiles(DocumentFacts facts) {
        return embeddedFiles(facts.templateIds().stream().map(DocumentFacts.TemplateId::root).toList(),
                facts.level() == Level.N1 || facts.hasN1Template());
    }

    /** The embedded rule files for these ClinicalDocument/templateId roots, in order (may repeat). */
    private List<String> embeddedFiles(List<String> templateIdRoots, boolean n1) {
        // volets.properties (module schematron): all=..., n1=..., <volet templateId root>=...
        List<String> files = new ArrayList<>();
        addFiles(files, embeddedVolets.getProperty("all", "entete.sch"));
        if (n1) {
            addFiles(files, embeddedVolets.getProperty("n1", "n1.sch"));
        }
        for (String root : templateIdRoots) {
            if (!root.equals("all") && !root.equals("n1") && !root.equals(HEADER_ONLY)) {
                addFiles(files, embeddedVolets.getProperty(root));
            }
        }
        return files;
    }

    private static void addFiles(List<String> files, String list) {
        if (list == null) {
            return;
        }
        for (String sch : list.split("[,\\s]+")) {
            if (!sch.isBlank()) {
                files.add(sch.trim());
            }
        }
    }

    private void addEmbeddedList(List<RuleSet> out, String list) {
        List<String> files = new ArrayList<>();
        addFiles(files, list);
        for (String sch : files) {
            addEmbedded(out, sch);
        }
    }

    private void addEmbedded(List<RuleSet> out, String sch) {
        URL url = CdaValidator.class.getClassLoader().getResource(EMBEDDED_ROOT + sch);
        if (url == null) {
            LOG.debug("embedded rule set {} not on the classpath (module schematron): skipped", sch);
            return;
        }
        try {
            String name = sch.endsWith(".sch") ? sch.substring(0, sch.length() - 4) : sch;
            if (out.stream().noneMatch(r -> r.name().equals(name))) {
                out.add(new RuleSet(name, url.toURI()));
            }
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Properties loadEmbeddedVolets() {
        Properties p = new Properties();
        try (InputStream in = CdaValidator.class.getClassLoader().getResourceAsStream(EMBEDDED_ROOT + "volets.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            LOG.warn("cannot read {}volets.properties: {}", EMBEDDED_ROOT, e.toString());
        }
        return p;
    }

    private void runLayer(RuleSet rs, ParsedDocument doc, List<Finding> findings, List<Finding> kitFindings, Set<String> kitSeen) {
        CompiledSchematron cs;
        try {
            cs = compiled(rs);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            findings.add(Finding.of("schematron:" + rs.name(), CdaFailure.RULESET_FAILED, null, rs.name(), cause.getMessage()));
            return;
        }
        for (Finding f : cs.compileIssues()) {
            if (kitSeen.add(f.message())) {
                kitFindings.add(f);
            }
        }
        long t0 = System.nanoTime();
        long c0 = CPU.getCurrentThreadCpuTime();
        SchematronLayer.Result r = SchematronLayer.run(cs, doc.tree(), resources);
        LOG.debug("{}: {} ms ({} ms CPU)", rs.name(), (System.nanoTime() - t0) / 1_000_000,
                (CPU.getCurrentThreadCpuTime() - c0) / 1_000_000);
        for (Finding f : r.findings()) {
            if (f.layer().equals("kit")) {
                if (kitSeen.add(f.message())) {
                    kitFindings.add(f);
                }
            } else {
                findings.add(f);
            }
        }
    }

    private CompiledSchematron compiled(RuleSet rs) {
        CompletableFuture<CompiledSchematron> f = compiled.get(rs.source().toString());
        if (f == null) {
            CompletableFuture<CompiledSchematron> mine = new CompletableFuture<>();
            f = compiled.putIfAbsent(rs.source().toString(), mine);
            if (f == null) {
                f = mine;
                try {
                    mine.complete(compiler.compile(rs.name(), rs.source()));
                } catch (Exception | LinkageError e) {
                    LOG.warn("rule set {} ({}) does not compile: {}", rs.name(), rs.source(), e.toString());
                    mine.completeExceptionally(e);
                }
            }
        }
        return f.join();
    }

    /**
     * Compiles the rule sets ahead of use (all profiles and every volet schematron of the kit, or every embedded rule
     * set), in parallel on {@code threads} threads. Rule sets that do not compile are logged and reported again on
     * the documents that need them.
     */
    public void warmUp(int threads) {
        List<RuleSet> all = new ArrayList<>();
        if (kitMode()) {
            Path schDir = kitRoot.resolve("schematrons");
            KIT_PROFILES.forEach((layer, path) -> all.add(new RuleSet(layer, schDir.resolve(path).toUri())));
            for (Path p : volets.allFiles()) {
                String f = p.getFileName().toString();
                all.add(new RuleSet(f.substring(0, f.length() - 4), p.toUri()));
            }
        } else {
            for (Object v : embeddedVolets.values()) {
                addEmbeddedList(all, v.toString());
            }
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<CompletableFuture<?>> fs = new ArrayList<>();
            for (RuleSet rs : all) {
                fs.add(CompletableFuture.runAsync(() -> {
                    try {
                        compiled(rs);
                    } catch (RuntimeException e) {
                        // logged in compiled(); reported per document
                    }
                }, pool));
            }
            CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new)).join();
        } finally {
            pool.shutdown();
        }
    }

    /** Number of value sets and other rule documents parsed so far (each once per process). */
    public int sharedDocumentCount() {
        return resources.sharedDocumentCount();
    }
}
