package org.passerelle.cda.validation.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.saxon.s9api.QName;
import net.sf.saxon.s9api.XdmNode;
import net.sf.saxon.s9api.XdmNodeKind;
import net.sf.saxon.s9api.streams.Steps;

/**
 * Makes a generated validation stylesheet visit only the elements its rules can match, when every rule context is a
 * path of named child steps ({@code cda:ClinicalDocument/cda:author/cda:time[@value]}, {@code cda:section[…]}, or
 * {@code /}). SchXslt's default templates visit every node of the document (each element, attribute and text node is
 * matched against the rules): for the project's header rules on a 100 KB CDA that walk through the body was most of
 * the run. Here, per validation mode, an element is visited from its parent only if its name can follow the parent's
 * name in some context; below any other child, only the outermost elements named like a context's first step are
 * searched for and visited. Predicates only narrow a match, so ignoring them keeps every node a rule can match; every
 * node is still visited at most once and in document order, so the SVRL (and the findings) are the same.
 *
 * <p>A mode with any other context (a wildcard, {@code //}, an axis, an attribute, a function, an unprefixed name)
 * is left as generated.
 */
final class NamedPathTraversal {
    private static final String XSL_NS = "http://www.w3.org/1999/XSL/Transform";
    private static final QName MATCH = new QName("match");
    private static final QName MODE = new QName("mode");
    private static final Pattern STEP = Pattern.compile("([A-Za-z_][\\w.-]*):([A-Za-z_][\\w.-]*)(\\[.*])?", Pattern.DOTALL);

    private NamedPathTraversal() {}

    /** An element name as {@code Q{uri}local}. */
    private record Name(String uri, String local) {
        String eqName() { return "Q{" + uri + "}" + local; }
    }

    /** The visiting templates to add to the generated stylesheet (its root element), or empty. */
    static Optional<String> templatesFor(XdmNode stylesheet) {
        Map<String, Map<Name, Set<Name>>> childrenByMode = new LinkedHashMap<>();
        Map<String, Set<Name>> firstStepsByMode = new LinkedHashMap<>();
        Set<String> refused = new LinkedHashSet<>();
        for (XdmNode t : stylesheet.select(Steps.child(XSL_NS, "template")).toList()) {
            String mode = t.getAttributeValue(MODE);
            String match = t.getAttributeValue(MATCH);
            if (mode == null || match == null || mode.isBlank() || mode.trim().contains(" ") || mode.startsWith("#")) {
                continue; // the entry point and SchXslt's #all defaults
            }
            mode = mode.trim();
            String priority = t.getAttributeValue(new QName("priority"));
            Map<Name, Set<Name>> children = childrenByMode.computeIfAbsent(mode, m -> new LinkedHashMap<>());
            Set<Name> firstSteps = firstStepsByMode.computeIfAbsent(mode, m -> new LinkedHashSet<>());
            if (!aboveVisitingTemplates(priority) || !addContext(t, match, children, firstSteps)) {
                refused.add(mode);
            }
        }
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Map<Name, Set<Name>>> e : childrenByMode.entrySet()) {
            String mode = e.getKey();
            Set<Name> firstSteps = firstStepsByMode.get(mode);
            if (refused.contains(mode) || firstSteps.isEmpty()) {
                continue;
            }
            // plain name tests: Saxon scans its tree's name array for them
            String descendantRoots = union(firstSteps, "descendant::");
            String selfOrDescendantRoots = union(firstSteps, "descendant-or-self::");
            out.append(template("/", mode, "outermost(" + descendantRoots + ")"));
            Set<Name> named = new LinkedHashSet<>(e.getValue().keySet());
            named.addAll(firstSteps);
            e.getValue().values().forEach(named::addAll);
            for (Name n : named) {
                Set<Name> next = e.getValue().getOrDefault(n, Set.of());
                String select;
                if (next.isEmpty()) {
                    select = "outermost(" + descendantRoots + ")";
                } else {
                    String followed = union(next, "");
                    select = followed + " | outermost((* except (" + followed + "))/(" + selfOrDescendantRoots + "))";
                }
                out.append(template(n.eqName(), mode, select));
            }
        }
        return out.isEmpty() ? Optional.empty() : Optional.of(out.toString());
    }

    /** The rules must all come before the visiting templates (priority -9) in a next-match chain. */
    private static boolean aboveVisitingTemplates(String priority) {
        try {
            return priority != null && Double.parseDouble(priority.trim()) > -9;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String template(String match, String mode, String select) {
        return "<xsl:template xmlns:xsl=\"" + XSL_NS + "\" match=\"" + match + "\" mode=\"" + mode
                + "\" priority=\"-9\"><xsl:apply-templates mode=\"#current\" select=\"" + select + "\"/></xsl:template>";
    }

    private static String union(Set<Name> names, String axis) {
        List<String> steps = new ArrayList<>();
        for (Name n : names) {
            steps.add(axis + n.eqName());
        }
        return String.join(" | ", steps);
    }

    /** Records the named steps of one match pattern; false when the pattern is not a union of named child paths. */
    private static boolean addContext(XdmNode template, String match, Map<Name, Set<Name>> children, Set<Name> firstSteps) {
        List<String> branches = split(match, '|');
        if (branches == null) {
            return false;
        }
        for (String branch : branches) {
            branch = branch.trim();
            if (branch.equals("/")) {
                continue;
            }
            List<String> steps = split(branch, '/');
            if (steps == null || steps.isEmpty()) {
                return false;
            }
            Name previous = null;
            for (String step : steps) {
                Matcher m = STEP.matcher(step.trim());
                if (!m.matches() || (m.group(3) != null && !balancedPredicates(m.group(3)))) {
                    return false; // empty step (leading '/' or '//'), wildcard, axis, function, unprefixed name…
                }
                String uri = namespaceOf(template, m.group(1));
                if (uri == null) {
                    return false;
                }
                Name name = new Name(uri, m.group(2));
                if (previous == null) {
                    firstSteps.add(name);
                } else {
                    children.computeIfAbsent(previous, k -> new LinkedHashSet<>()).add(name);
                }
                previous = name;
            }
        }
        return true;
    }

    /** True when {@code s} is one or more bracketed predicates, {@code [..][..]}, and nothing else. */
    private static boolean balancedPredicates(String s) {
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
                continue;
            }
            if (c == '\'' || c == '"') quote = c;
            else if (c == '[' || c == '(' || c == '{') depth++;
            else if (c == ']' || c == ')' || c == '}') depth--;
            else if (depth == 0) return false; // text between predicates
        }
        return depth == 0;
    }

    /** Splits at {@code sep} outside quotes, brackets, parentheses and braces; null when unbalanced. */
    private static List<String> split(String s, char sep) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        char quote = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
                continue;
            }
            if (c == '\'' || c == '"') quote = c;
            else if (c == '[' || c == '(' || c == '{') depth++;
            else if (c == ']' || c == ')' || c == '}') {
                if (--depth < 0) return null;
            } else if (c == sep && depth == 0) {
                out.add(s.substring(start, i));
                start = i + 1;
            }
        }
        if (depth != 0 || quote != 0) {
            return null;
        }
        out.add(s.substring(start));
        return out;
    }

    private static String namespaceOf(XdmNode element, String prefix) {
        for (XdmNode ns : element.select(Steps.namespace()).toList()) {
            if (ns.getNodeKind() == XdmNodeKind.NAMESPACE && prefix.equals(ns.getNodeName().getLocalName())) {
                return ns.getStringValue();
            }
        }
        return null;
    }
}
