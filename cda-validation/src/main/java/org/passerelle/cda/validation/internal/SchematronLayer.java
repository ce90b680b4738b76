package org.passerelle.cda.validation.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.saxon.s9api.QName;
import net.sf.saxon.s9api.SaxonApiException;
import net.sf.saxon.s9api.XdmDestination;
import net.sf.saxon.s9api.XdmNode;
import net.sf.saxon.s9api.XdmNodeKind;
import net.sf.saxon.s9api.Xslt30Transformer;
import org.passerelle.cda.validation.CdaFailure;
import org.passerelle.cda.validation.Finding;
import org.passerelle.cda.validation.Severity;

/** Runs one compiled schematron on a parsed document and turns its SVRL into findings. */
public final class SchematronLayer {
    static final String SVRL_NS = "http://purl.oclc.org/dsdl/svrl";
    private static final Pattern STEP = Pattern.compile("/(@?)Q\\{([^}]*)\\}([^\\[/]+)(?:\\[(\\d+)\\])?");
    private static final QName LOCATION = new QName("location");
    private static final QName ROLE = new QName("role");
    private static final QName ID = new QName("id");
    private static final QName NAME = new QName("name");

    private SchematronLayer() {}

    /** Findings of one run; {@code svrl} is the raw report, {@code engineError} true when the run itself failed. */
    public record Result(List<Finding> findings, XdmNode svrl, boolean engineError) {}

    public static Result run(CompiledSchematron schematron, XdmNode document, RuleResources resources) {
        String layer = "schematron:" + schematron.name();
        // A rule that reads a missing file makes the run fail (FODC0002), as in the kit. Then the run is done again
        // with those files served empty, and the findings of the rules that read them are withheld.
        Set<String> stubbed = new LinkedHashSet<>();
        ResourceLog log;
        XdmNode svrl;
        while (true) {
            log = new ResourceLog();
            Xslt30Transformer t = schematron.executable().load30();
            t.setResourceResolver(resources.resolverFor(log, stubbed));
            t.setErrorReporter(error -> { }); // failures are reported as findings, not on stderr
            XdmDestination out = new XdmDestination();
            try {
                t.setGlobalContextItem(document);
                t.applyTemplates(document, out);
                svrl = out.getXdmNode();
                break;
            } catch (SaxonApiException e) {
                if (!stubbed.containsAll(log.missing())) {
                    stubbed.addAll(log.missing());
                    continue;
                }
                List<Finding> f = new ArrayList<>();
                f.add(Finding.of(layer, CdaFailure.RULESET_FAILED, e.getLineNumber() > 0 ? e.getLineNumber() : null,
                        schematron.name(), e.getMessage()));
                return new Result(f, null, true);
            }
        }

        List<Finding> findings = new ArrayList<>();
        Map<String, Integer> withheld = new LinkedHashMap<>();
        Map<String, Set<String>> patternsByMissing = new LinkedHashMap<>();
        Set<String> missing = stubbed;
        Set<String> probed = new java.util.TreeSet<>(log.missing());
        probed.removeAll(stubbed);
        for (String m : missing) {
            patternsByMissing.put(m, new LinkedHashSet<>());
            withheld.put(m, 0);
            schematron.patternReads().forEach((pattern, files) -> {
                if (files.contains(m)) {
                    patternsByMissing.get(m).add(pattern);
                }
            });
        }
        String pattern = "";
        for (XdmNode root : svrl.children()) {
            if (root.getNodeKind() != XdmNodeKind.ELEMENT) {
                continue;
            }
            for (XdmNode n : root.children()) {
                if (n.getNodeKind() != XdmNodeKind.ELEMENT || !SVRL_NS.equals(n.getNodeName().getNamespaceURI())) {
                    continue;
                }
                String local = n.getNodeName().getLocalName();
                if (local.equals("active-pattern")) {
                    String id = n.getAttributeValue(ID);
                    pattern = id != null ? id : nz(n.getAttributeValue(NAME));
                } else if (local.equals("failed-assert") || local.equals("successful-report")) {
                    String message = text(n);
                    String disabledBy = disabledBy(pattern, message, patternsByMissing);
                    if (disabledBy != null) {
                        withheld.merge(disabledBy, 1, Integer::sum);
                        continue;
                    }
                    String rawLocation = nz(n.getAttributeValue(LOCATION));
                    XdmNode target = navigate(document, rawLocation);
                    Integer line = target != null && target.getLineNumber() > 0 ? target.getLineNumber() : null;
                    String id = n.getAttributeValue(ID);
                    findings.add(new Finding(layer, Severity.fromRole(n.getAttributeValue(ROLE)),
                            id != null ? id : (pattern.isEmpty() ? null : pattern), message,
                            simplify(rawLocation), line));
                }
            }
        }
        List<Finding> kit = new ArrayList<>();
        for (String m : missing) {
            Set<String> ps = patternsByMissing.get(m);
            kit.add(Finding.of("kit", CdaFailure.KIT_MISSING_FILE, null, m,
                    ps.isEmpty() ? "(unknown)" : String.join(", ", ps), withheld.get(m)));
        }
        if (!probed.isEmpty()) {
            kit.add(Finding.of("kit", CdaFailure.KIT_FILES_ABSENT, null, schematron.name(), probed.size(),
                    String.join(", ", probed)));
        }
        log.substitutions().forEach((req, served) ->
                kit.add(Finding.of("kit", CdaFailure.KIT_VALUE_SET_SUBSTITUTED, null, req, served)));
        log.caseMismatches().forEach((req, served) ->
                kit.add(Finding.of("kit", CdaFailure.KIT_CASE_MISMATCH, null, schematron.name(), req, served)));
        kit.addAll(findings);
        return new Result(kit, svrl, false);
    }

    /** The missing file that disables the rule which produced this finding, or null. */
    private static String disabledBy(String pattern, String message, Map<String, Set<String>> patternsByMissing) {
        for (Map.Entry<String, Set<String>> e : patternsByMissing.entrySet()) {
            String file = e.getKey();
            String base = file.substring(file.lastIndexOf('/') + 1);
            if (e.getValue().contains(pattern) || message.contains(base)) {
                return file;
            }
        }
        return null;
    }

    private static String text(XdmNode assertion) {
        StringBuilder sb = new StringBuilder();
        for (XdmNode c : assertion.children()) {
            if (c.getNodeKind() == XdmNodeKind.ELEMENT && "text".equals(c.getNodeName().getLocalName())) {
                sb.append(c.getStringValue());
            }
        }
        return sb.toString().replaceAll("\\s+", " ").trim();
    }

    /** {@code /Q{ns}a[1]/Q{ns}b[2]} → {@code /a/b[2]}, the form of the kit's reference reports. */
    public static String simplify(String location) {
        if (location == null || location.isEmpty()) {
            return null;
        }
        return location.replaceAll("Q\\{[^}]*\\}", "").replace("[1]", "");
    }

    /** The node a schxslt location path designates (elements and attributes), for its line number. */
    static XdmNode navigate(XdmNode document, String location) {
        Matcher m = STEP.matcher(location);
        XdmNode current = document;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                return current == document ? null : current;
            }
            end = m.end();
            String ns = m.group(2);
            String local = m.group(3);
            if (!m.group(1).isEmpty()) {
                return current == document ? null : current; // attributes carry no line: the owner element's is used
            }
            int pos = m.group(4) == null ? 1 : Integer.parseInt(m.group(4));
            XdmNode next = null;
            int i = 0;
            for (XdmNode c : current.children()) {
                if (c.getNodeKind() == XdmNodeKind.ELEMENT && local.equals(c.getNodeName().getLocalName())
                        && ns.equals(c.getNodeName().getNamespaceURI()) && ++i == pos) {
                    next = c;
                    break;
                }
            }
            if (next == null) {
                return current == document ? null : current;
            }
            current = next;
        }
        return current == document ? null : current;
    }

    private static String nz(String s) { return s == null ? "" : s; }
}
