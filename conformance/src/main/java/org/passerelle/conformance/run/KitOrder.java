package org.passerelle.conformance.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.passerelle.conformance.plan.TestKit;

/**
 * Which tests run and in which order: the patient feeds and data-set fixtures first, then every test after the
 * tests it reads from (UseReport test=, UseId testdir=../../other), then kit order. Tests this runner cannot play
 * against Passerelle are listed with their reason (see conformance/README.md).
 */
public final class KitOrder {

    public static final List<String> FIXTURES = List.of("15817", "15817b", "15818", "12346", "12374");

    /** Tests not applicable here, with the reason (printed and written in the README). */
    public static final Map<String, String> NOT_APPLICABLE = notApplicable();

    private static Map<String, String> notApplicable() {
        Map<String, String> m = new LinkedHashMap<>();
        String xua = "XUA variant: needs an endpoint that requires XUA; run separately with --xua (the runner mints and signs the assertions)";
        for (String s : List.of("11897_expired", "11897_invalidauthnstatement", "11897_notyetvalid", "11897_secondauthncontext",
                "11897_secondpurposeofuse", "11897_secondrole", "11897_withauthzconsent", "11966_invalidauthnstatement",
                "11966_notyetvalid", "11966_secondauthncontext", "11966_secondpurposeofuse", "11966_unknownaudience",
                "11966_unsigned", "11990_expired", "11990_invalidauthnstatement", "11990_notyetvalid",
                "11990_secondauthncontext", "11990_secondpurposeofuse", "11990_secondrole", "11990_unknownaudience",
                "11990_unsigned", "11990_withauthzconsent", "11990eval_valid")) {
            m.put(s, xua);
        }
        return m;
    }

    private static final Pattern USE_REPORT_TEST = Pattern.compile("<UseReport\\b[^>]*\\btest=\"([^\"]+)\"");
    private static final Pattern TESTDIR = Pattern.compile("\\btestdir=\"\\.\\./\\.\\./([^/\"]+)");

    private final TestKit kit;

    public KitOrder(TestKit kit) {
        this.kit = kit;
    }

    /** The ordered run list for a selection (empty = all applicable tests), with the fixtures they need. */
    public List<String> order(List<String> selection) throws IOException {
        return order(selection, false);
    }

    /** As {@link #order(List)}; with {@code xua} the XUA variants are the selection when none is given. */
    public List<String> order(List<String> selection, boolean xua) throws IOException {
        List<String> wanted = new ArrayList<>();
        if (selection.isEmpty()) {
            for (String id : kit.testIds()) if (NOT_APPLICABLE.containsKey(id) == xua) wanted.add(id);
        } else {
            wanted.addAll(selection);
        }
        Set<String> ordered = new LinkedHashSet<>();
        for (String f : FIXTURES) {
            if (wanted.contains(f)) visit(f, ordered, new LinkedHashSet<>());
        }
        for (String id : wanted) visit(id, ordered, new LinkedHashSet<>());
        // fixtures first even when pulled in as dependencies
        List<String> out = new ArrayList<>();
        for (String f : FIXTURES) if (ordered.contains(f)) out.add(f);
        for (String id : ordered) if (!out.contains(id)) out.add(id);
        return out;
    }

    private void visit(String id, Set<String> ordered, Set<String> path) throws IOException {
        if (ordered.contains(id) || path.contains(id) || !kit.has(id)) return;
        path.add(id);
        for (String dep : dependencies(id)) visit(dep, ordered, path);
        ordered.add(id);
    }

    /** Tests whose logs a test reads. */
    public Set<String> dependencies(String id) throws IOException {
        Set<String> deps = new LinkedHashSet<>();
        TestKit.KitTest t = kit.load(id);
        for (String section : t.sections()) {
            Path plan = t.dir().resolve(section).resolve("testplan.xml");
            if (!Files.exists(plan)) continue;
            String text = Files.readString(plan, java.nio.charset.StandardCharsets.ISO_8859_1)
                    .replaceAll("(?s)<!--.*?-->", "");
            Matcher m = USE_REPORT_TEST.matcher(text);
            while (m.find()) if (!m.group(1).equals(id)) deps.add(m.group(1));
            m = TESTDIR.matcher(text);
            while (m.find()) if (!m.group(1).equals(id)) deps.add(m.group(1));
        }
        // the patients a test submits for must be fed first (the toolkit's orchestration did that implicitly)
        switch (id) {
            case "15817", "15817b", "15818" -> { }
            case "12346" -> deps.add("15818");
            case "12374" -> deps.add("15817b");
            default -> deps.add("15817");
        }
        deps.remove(id);
        return deps;
    }
}
