package org.passerelle.conformance.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.passerelle.conformance.ConformanceFailure;
import org.passerelle.conformance.ConformanceFailure.StepException;
import org.passerelle.conformance.plan.PlanModel.UseId;
import org.passerelle.conformance.plan.PlanModel.UseReport;

/**
 * The logs of every step run so far, and the resolution of UseId / UseReport against them. Test and section of a
 * UseId come from its {@code testdir}, a folder relative to the current section (or, as 12021/12029/15816 write it,
 * to the test root).
 */
public final class Linkage {
    private final Path testsDir;
    private final Map<String, StepLog> logs = new ConcurrentHashMap<>();

    public Linkage(Path testsDir) {
        this.testsDir = testsDir.toAbsolutePath().normalize();
    }

    private static String key(String test, String section, String step) {
        return test + "/" + section + "/" + step;
    }

    public void put(StepLog log) {
        logs.put(key(log.test(), log.section(), log.step()), log);
    }

    public StepLog find(String test, String section, String step) {
        return logs.get(key(test, section, step));
    }

    /** Logs of one section, in no particular order. */
    public List<StepLog> section(String test, String section) {
        List<StepLog> out = new ArrayList<>();
        for (StepLog l : logs.values()) {
            if (l.test().equals(test) && l.section().equals(section)) out.add(l);
        }
        return out;
    }

    /** Test id and section named by a testdir relative to the current section folder. */
    public String[] locate(String currentTest, String currentSection, String testdir) {
        if (testdir == null || testdir.isBlank() || testdir.equals(".")) return new String[] {currentTest, currentSection};
        Path sectionDir = testsDir.resolve(currentTest).resolve(currentSection).normalize();
        Path p = sectionDir.resolve(testdir).normalize();
        if (!Files.isDirectory(p) || !p.startsWith(testsDir)) {
            Path fromTest = testsDir.resolve(currentTest).resolve(testdir).normalize();
            if (Files.isDirectory(fromTest) && fromTest.startsWith(testsDir)) p = fromTest;
        }
        if (!p.startsWith(testsDir)) return new String[] {currentTest, testdir};
        Path rel = testsDir.relativize(p);
        if (rel.getNameCount() == 1) return new String[] {rel.getName(0).toString(), "."};
        return new String[] {rel.getName(0).toString(), rel.subpath(1, rel.getNameCount()).toString().replace('\\', '/')};
    }

    public String resolve(String currentTest, String currentSection, UseId u) throws StepException {
        String[] ts = locate(currentTest, currentSection, u.testdir());
        StepLog log = find(ts[0], ts[1], u.step());
        String what = "UseId " + u.symbol();
        String target = ts[0] + "/" + ts[1] + " step " + u.step();
        if (log == null) throw ConformanceFailure.LINKAGE_MISSING.exception(what, target);
        String value = switch (u.section()) {
            case "AssignedUids" -> log.assignedUids().get(u.id());
            case "AssignedUuids" -> log.assignedUuids().get(u.id());
            case "AssignedPatientId" -> log.patientId();
            default -> throw ConformanceFailure.UNSUPPORTED_INSTRUCTION.exception("UseId section=\"" + u.section() + "\"");
        };
        if (value == null) throw ConformanceFailure.LINKAGE_MISSING.exception(what, u.section() + " '" + u.id() + "' of " + target);
        return value;
    }

    public String resolve(String currentTest, String currentSection, UseReport u) throws StepException {
        String test = u.test() == null ? currentTest : u.test();
        String section = "THIS".equals(u.section()) ? currentSection : u.section();
        StepLog log = find(test, section, u.step());
        String what = "UseReport " + u.useAs();
        String target = test + "/" + section + " step " + u.step();
        if (log == null) throw ConformanceFailure.LINKAGE_MISSING.exception(what, target);
        String value = log.reports().get(u.reportName());
        if (value == null) throw ConformanceFailure.LINKAGE_MISSING.exception(what, "report '" + u.reportName() + "' of " + target);
        return value;
    }

    /** Replaces every symbol by its value, longest symbols first so $uuid1$ is not eaten by a shorter one. */
    public static String substitute(String text, Map<String, String> symbols) {
        List<Map.Entry<String, String>> entries = new ArrayList<>(symbols.entrySet());
        entries.sort(Comparator.comparingInt((Map.Entry<String, String> e) -> e.getKey().length()).reversed());
        String out = text;
        for (Map.Entry<String, String> e : entries) {
            if (e.getKey().isEmpty() || e.getValue() == null) continue;
            out = out.replace(e.getKey(), e.getValue());
        }
        return out;
    }

    /** As {@link #substitute} for XML text: values are escaped (patient ids carry '&'). */
    public static String substituteXml(String xml, Map<String, String> symbols) {
        Map<String, String> escaped = new java.util.LinkedHashMap<>();
        symbols.forEach((k, v) -> escaped.put(k, v == null ? null
                : v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")));
        return substitute(xml, escaped);
    }

    /** Reports every step publishes automatically: {@code <id>_uid}, {@code <id>_uuid}. */
    public static Map<String, String> automaticReports(Map<String, String> uids, Map<String, String> uuids) {
        Map<String, String> r = new LinkedHashMap<>();
        uids.forEach((k, v) -> r.put(k + "_uid", v));
        uuids.forEach((k, v) -> r.put(k + "_uuid", v));
        return r;
    }
}
