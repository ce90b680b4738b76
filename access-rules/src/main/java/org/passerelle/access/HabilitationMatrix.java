package org.passerelle.access;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The habilitation matrix (R-10…R-16): which professions may read, and optionally which may feed, each document
 * typeCode. Loaded from a readable text file (see the default resource {@code default-habilitation-matrix.txt} for
 * the syntax) and validated as a whole: every problem is reported with its line number and nothing is half-loaded.
 * Immutable and thread-safe; decisions are map lookups.
 */
public final class HabilitationMatrix {

    public static final String DEFAULT_RESOURCE = "default-habilitation-matrix.txt";

    /** One column of the matrix: who it is. Empty sets mean "any". */
    public record Profile(String id, Set<String> professions, Set<String> specialties, Set<String> activities,
                          String label) {
        boolean matches(String profession, String specialty, Set<String> roleCodes) {
            if (!professions.isEmpty() && (profession == null || !professions.contains(profession))) return false;
            if (!specialties.isEmpty() && (specialty == null || !specialties.contains(specialty))) return false;
            if (!activities.isEmpty() && Collections.disjoint(activities, roleCodes)) return false;
            return true;
        }
    }

    /** What one caller may do, computed once per request. */
    public record Habilitation(Set<String> profiles, Set<String> readableTypes, HabilitationMatrix matrix) {
        public boolean canRead(String typeCode) { return typeCode != null && readableTypes.contains(typeCode); }

        public boolean canWrite(String typeCode) {
            Set<String> writers = matrix.writers.get(typeCode);
            return writers == null || !Collections.disjoint(writers, profiles);
        }
    }

    private final String source;
    private final Map<String, Profile> profiles;
    private final Map<String, Set<String>> readers;
    private final Map<String, Set<String>> writers;
    private final Set<String> knownTypes;
    private final List<String> notes;

    private HabilitationMatrix(String source, Map<String, Profile> profiles, Map<String, Set<String>> readers,
                               Map<String, Set<String>> writers, Set<String> knownTypes, List<String> notes) {
        this.source = source;
        this.profiles = Collections.unmodifiableMap(profiles);
        this.readers = readers;
        this.writers = writers;
        this.knownTypes = Set.copyOf(knownTypes);
        this.notes = List.copyOf(notes);
    }

    /** The project's default matrix: every row and cell of dmp-access-rules.md §2.1 and §2.2. */
    public static HabilitationMatrix defaultMatrix() {
        try (InputStream in = HabilitationMatrix.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) throw new IllegalStateException("missing resource " + DEFAULT_RESOURCE);
            return parse(new InputStreamReader(in, StandardCharsets.UTF_8), "(default) " + DEFAULT_RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static HabilitationMatrix load(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(r, file.toString());
        } catch (IOException e) {
            throw new MatrixException(file.toString(), List.of(new MatrixException.Problem(0,
                    "cannot read the file: " + e)));
        }
    }

    public static HabilitationMatrix parse(Reader reader, String sourceName) throws IOException {
        return new Parser(sourceName).parse(new BufferedReader(reader));
    }

    public String source() { return source; }

    public Map<String, Profile> profiles() { return profiles; }

    /** typeCodes the matrix mentions (readable by someone or not). */
    public Set<String> knownTypeCodes() { return knownTypes; }

    /** Remarks for the operator (unresolved rows…), logged at start. */
    public List<String> notes() { return notes; }

    public Habilitation habilitationOf(String profession, String specialty, Set<String> roleCodes) {
        Set<String> roles = roleCodes == null ? Set.of() : roleCodes;
        Set<String> mine = new HashSet<>();
        for (Profile p : profiles.values()) if (p.matches(profession, specialty, roles)) mine.add(p.id());
        Set<String> readable = new HashSet<>();
        if (!mine.isEmpty()) {
            for (Map.Entry<String, Set<String>> e : readers.entrySet()) {
                if (!Collections.disjoint(e.getValue(), mine)) readable.add(e.getKey());
            }
        }
        return new Habilitation(Set.copyOf(mine), Set.copyOf(readable), this);
    }

    public boolean canRead(String profession, String specialty, Set<String> roleCodes, String typeCode) {
        return habilitationOf(profession, specialty, roleCodes).canRead(typeCode);
    }

    public boolean canWrite(String profession, String specialty, Set<String> roleCodes, String typeCode) {
        return habilitationOf(profession, specialty, roleCodes).canWrite(typeCode);
    }

    private static final class Parser {
        private final String source;
        private final List<MatrixException.Problem> problems = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        private final Map<String, Profile> profiles = new LinkedHashMap<>();
        private final Map<String, Integer> profileLines = new HashMap<>();
        /** typeCode → profile → cell ('X' or '.') and the line that set it. */
        private final Map<String, Map<String, int[]>> cells = new LinkedHashMap<>();
        private final Map<String, Set<String>> writers = new HashMap<>();
        private final Set<String> knownTypes = new LinkedHashSet<>();
        private List<String> columns;
        private int lineNo;

        Parser(String source) { this.source = source; }

        HabilitationMatrix parse(BufferedReader in) throws IOException {
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                String t = line.strip();
                if (lineNo == 1 && t.startsWith("\uFEFF")) t = t.substring(1).strip();
                if (t.isEmpty() || t.startsWith("#")) continue;
                int sp = t.indexOf(' ');
                String keyword = sp < 0 ? t : t.substring(0, sp);
                String rest = sp < 0 ? "" : t.substring(sp + 1);
                String[] f = Arrays.stream(rest.split("\\|", -1)).map(String::strip).toArray(String[]::new);
                switch (keyword) {
                    case "profile" -> profile(f);
                    case "table" -> table(f);
                    case "row" -> row(f);
                    case "write" -> write(f);
                    default -> problem("unknown statement '" + keyword + "' (expected profile, table, row or write)");
                }
            }
            if (problems.isEmpty() && profiles.isEmpty()) problems.add(new MatrixException.Problem(0, "no profile defined"));
            if (problems.isEmpty() && cells.isEmpty()) problems.add(new MatrixException.Problem(0, "no row defined"));
            if (!problems.isEmpty()) throw new MatrixException(source, problems);
            Map<String, Set<String>> readers = new HashMap<>();
            cells.forEach((type, byProfile) -> {
                Set<String> r = new HashSet<>();
                byProfile.forEach((p, c) -> { if (c[0] == 'X') r.add(p); });
                readers.put(type, Set.copyOf(r));
            });
            Map<String, Set<String>> w = new HashMap<>();
            writers.forEach((k, v) -> w.put(k, Set.copyOf(v)));
            return new HabilitationMatrix(source, profiles, Map.copyOf(readers), Map.copyOf(w), knownTypes, notes);
        }

        private void profile(String[] f) {
            if (f.length != 5) { problem("profile needs 5 fields 'id | professions | specialties | activities | label', found " + f.length); return; }
            String id = f[0];
            if (!id.matches("[A-Za-z0-9_.-]+")) { problem("profile id '" + id + "' must be letters, digits, _ . -"); return; }
            if (profiles.containsKey(id)) { problem("profile " + id + " already defined at line " + profileLines.get(id)); return; }
            Set<String> professions = codes(f[1], "professions");
            if (professions == null) return;
            if (f[1].isEmpty()) { problem("profile " + id + " lists no profession (use * for any)"); return; }
            Set<String> specialties = codes(f[2], "specialties");
            Set<String> activities = codes(f[3], "activities");
            if (specialties == null || activities == null) return;
            profiles.put(id, new Profile(id, professions, specialties, activities, f[4]));
            profileLines.put(id, lineNo);
        }

        private Set<String> codes(String field, String what) {
            if (field.equals("*") || field.isEmpty()) return Set.of();
            Set<String> out = new LinkedHashSet<>();
            for (String c : field.split("[,\\s]+")) {
                if (c.equals("*")) { problem(what + ": '*' must stand alone"); return null; }
                out.add(c);
            }
            return Set.copyOf(out);
        }

        private void table(String[] f) {
            columns = null;
            if (f.length != 2 || f[0].isEmpty()) { problem("table needs 'name | profile ids'"); return; }
            List<String> cols = new ArrayList<>();
            for (String p : f[1].split("\\s+")) {
                if (p.isEmpty()) continue;
                if (!profiles.containsKey(p)) { problem("table " + f[0] + ": unknown profile '" + p + "' (define it with a profile line first)"); return; }
                if (cols.contains(p)) { problem("table " + f[0] + ": profile " + p + " appears twice"); return; }
                cols.add(p);
            }
            if (cols.isEmpty()) { problem("table " + f[0] + " has no column"); return; }
            columns = cols;
        }

        private void row(String[] f) {
            if (columns == null) { problem("row outside a valid table (put a table line before it)"); return; }
            if (f.length != 4) { problem("row needs 4 fields 'typeCode | printed code | label | cells', found " + f.length); return; }
            String type = f[0];
            if (type.isEmpty()) { problem("row without typeCode (use - for an unresolved printed code)"); return; }
            if (type.contains(" ")) { problem("typeCode '" + type + "' contains a space"); return; }
            if (f[2].isEmpty()) { problem("row " + type + " has no label"); return; }
            String[] cs = f[3].isEmpty() ? new String[0] : f[3].split("\\s+");
            if (cs.length != columns.size()) {
                problem("row " + type + " (" + f[2] + ") has " + cs.length + " cells, the table has " + columns.size() + " columns " + columns);
                return;
            }
            for (String c : cs) {
                if (!c.equals("X") && !c.equals(".") && !c.equals("?")) { problem("row " + type + ": cell '" + c + "' is not X, . or ?"); return; }
            }
            if (type.equals("-")) {
                notes.add("line " + lineNo + ": row '" + f[2] + "' (printed " + f[1] + ") has no resolved typeCode and is not applied");
                return;
            }
            knownTypes.add(type);
            Map<String, int[]> byProfile = cells.computeIfAbsent(type, k -> new LinkedHashMap<>());
            for (int i = 0; i < cs.length; i++) {
                char c = cs[i].charAt(0);
                if (c == '?') continue;
                String p = columns.get(i);
                int[] prev = byProfile.get(p);
                if (prev != null && prev[0] != c) {
                    problem("typeCode " + type + " for profile " + p + " is '" + c + "' here but '" + (char) prev[0]
                            + "' at line " + prev[1] + ": two rows resolve to the same typeCode with different cells");
                } else if (prev == null) {
                    byProfile.put(p, new int[]{c, lineNo});
                }
            }
        }

        private void write(String[] f) {
            if (f.length != 2 || f[0].isEmpty() || f[1].isEmpty()) { problem("write needs 'typeCode | profile ids'"); return; }
            Set<String> allowed = writers.computeIfAbsent(f[0], k -> new HashSet<>());
            for (String p : f[1].split("\\s+")) {
                if (!profiles.containsKey(p)) { problem("write " + f[0] + ": unknown profile '" + p + "'"); continue; }
                allowed.add(p);
            }
        }

        private void problem(String message) { problems.add(new MatrixException.Problem(lineNo, message)); }
    }
}
