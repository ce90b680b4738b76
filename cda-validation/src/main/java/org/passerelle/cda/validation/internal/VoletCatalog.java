package org.passerelle.cda.validation.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which volet schematron of the ANS kit applies to a document. The kit's .sch files cannot be relied on to reject
 * foreign documents (several never assert their own templateId), and the examples' editor hints name versions that
 * do not exist, so the choice is made here from a table OID → volet and the versions found on disk
 * ({@code CI-SIS_<VOLET>_<version>.sch}).
 */
public final class VoletCatalog {
    private static final Pattern SCH = Pattern.compile("CI-SIS_(.+)_(\\d{4}\\.\\d{2})\\.sch");

    /** CI-SIS volet templateId roots (the kit's specifications) → volet names as in the kit's file names. */
    static final Map<String, String> VOLETS = Map.ofEntries(
            Map.entry("1.2.250.1.213.1.1.1.2.1.1", "CARD-F-PRC-AVK"),
            Map.entry("1.2.250.1.213.1.1.1.2.1.2", "CARD-F-PRC-TAP"),
            Map.entry("1.2.250.1.213.1.1.1.2.1.3", "CARD-F-PRC-DCI"),
            Map.entry("1.2.250.1.213.1.1.1.2.1.4", "CARD-F-PRC-PSC"),
            Map.entry("1.2.250.1.213.1.1.1.2.1.5", "CARD-F-PRC-PPV"),
            Map.entry("1.2.250.1.213.1.1.1.5.1", "CSE-CS8"),
            Map.entry("1.2.250.1.213.1.1.1.5.2", "CSE-CS9"),
            Map.entry("1.2.250.1.213.1.1.1.5.3", "CSE-CS24"),
            Map.entry("1.2.250.1.213.1.1.1.5.4", "CSE-MDE"),
            Map.entry("1.2.250.1.213.1.1.1.8", "CANCER-FRCP"),
            Map.entry("1.2.250.1.213.1.1.1.12.1", "OBP-SAP"),
            Map.entry("1.2.250.1.213.1.1.1.12.2", "OBP-SNM"),
            Map.entry("1.2.250.1.213.1.1.1.12.3", "OBP-SNE"),
            Map.entry("1.2.250.1.213.1.1.1.12.4", "OBP-SCM"),
            Map.entry("1.2.250.1.213.1.1.1.12.5", "OBP-SEM"),
            Map.entry("1.2.250.1.213.1.1.1.13", "VSM"),
            Map.entry("1.2.250.1.213.1.1.1.15", "AVC-AUNV"),
            Map.entry("1.2.250.1.213.1.1.1.16", "AVC-EUNV"),
            Map.entry("1.2.250.1.213.1.1.1.17", "AVC-SUNV"),
            Map.entry("1.2.250.1.213.1.1.1.18", "OPH-CR-RTN"),
            Map.entry("1.2.250.1.213.1.1.1.21", "LDL-EES"),
            Map.entry("1.2.250.1.213.1.1.1.22", "DLU-EHPAD-DLU"),
            Map.entry("1.2.250.1.213.1.1.1.23", "DLU-EHPAD-FLUDT"),
            Map.entry("1.2.250.1.213.1.1.1.24", "DLU-EHPAD-FLUDR"),
            Map.entry("1.2.250.1.213.1.1.1.25", "AVC-PAVC"),
            Map.entry("1.2.250.1.213.1.1.1.26", "CANCER-PPS"),
            Map.entry("1.2.250.1.213.1.1.1.27", "CANCER-D2LM-FIN"),
            Map.entry("1.2.250.1.213.1.1.1.28", "CANCER-D2LM-FIDD"),
            Map.entry("1.2.250.1.213.1.1.1.29", "LDL-SES"),
            Map.entry("1.2.250.1.213.1.1.1.30", "SDM-MR"),
            Map.entry("1.2.250.1.213.1.1.1.32", "CANCER-CR-GM"),
            Map.entry("1.2.250.1.213.1.1.1.36", "CNAM-HR"),
            Map.entry("1.2.250.1.213.1.1.1.37", "VAC"),
            Map.entry("1.2.250.1.213.1.1.1.38", "TLM-DA"),
            Map.entry("1.2.250.1.213.1.1.1.39", "EP-MED-DM"),
            Map.entry("1.2.250.1.213.1.1.1.40", "ANEST-CR-ANEST"),
            Map.entry("1.2.250.1.213.1.1.1.41", "ANEST-CR-CPA"),
            Map.entry("1.2.250.1.213.1.1.1.42", "OPH-BRE"),
            Map.entry("1.2.250.1.213.1.1.1.45", "IMG-CR-IMG"),
            Map.entry("1.2.250.1.213.1.1.1.46", "VAC-NOTE"),
            Map.entry("1.2.250.1.213.1.1.1.47", "IMG-DA-IMG"),
            Map.entry("1.2.250.1.213.1.1.1.51", "IPS-FR"),
            Map.entry("1.2.250.1.213.1.1.1.54", "eDISP-MED"),
            Map.entry("1.2.250.1.213.1.1.1.55", "BIO-CR-BIO"),
            Map.entry("1.2.250.1.213.1.1.1.59", "BIO-TROD"));

    /** Legacy version extensions that name another volet file: VSM 1.4 documents carry @extension 201310. */
    private static final Map<String, String> LEGACY = Map.of("1.2.250.1.213.1.1.1.13@201310", "VSM_1.4");

    /** N1 volets recognised by document code (they carry no volet templateId): TLM-CR. */
    private static final Map<String, String> N1_BY_CODE = Map.of("85208-7", "TLM-CR");

    private final Path dir;
    /** volet name (case-insensitive) → versions on disk → file. */
    private final Map<String, TreeMap<String, Path>> files = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    public VoletCatalog(Path schematronsDir) {
        this.dir = schematronsDir;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(schematronsDir, "CI-SIS_*.sch")) {
            for (Path p : ds) {
                Matcher m = SCH.matcher(p.getFileName().toString());
                if (m.matches()) {
                    files.computeIfAbsent(m.group(1), k -> new TreeMap<>()).put(m.group(2), p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The chosen volet schematron.
     *
     * @param templateId the templateId that selected it ({@code root@ext}), null for an N1 volet picked by code
     * @param file       the .sch file, null when the volet is unknown or has no schematron in the kit
     * @param note       why another version than the document's was taken (null when it is an exact match)
     */
    public record Choice(String templateId, String volet, Path file, String note) {}

    public Optional<Choice> choose(DocumentFacts facts, String documentName) {
        List<DocumentFacts.TemplateId> candidates = facts.voletTemplateIds();
        for (DocumentFacts.TemplateId t : candidates) {
            String volet = LEGACY.getOrDefault(t.toString(), VOLETS.get(t.root()));
            if (volet != null && files.containsKey(volet)) {
                return Optional.of(pick(t.toString(), volet, t.extension(), documentName));
            }
        }
        if (!candidates.isEmpty()) {
            DocumentFacts.TemplateId t = candidates.get(0);
            return Optional.of(new Choice(t.toString(), VOLETS.get(t.root()), null, null));
        }
        if (facts.code() != null && N1_BY_CODE.containsKey(facts.code()) && files.containsKey(N1_BY_CODE.get(facts.code()))) {
            return Optional.of(pick(null, N1_BY_CODE.get(facts.code()), null, documentName));
        }
        return Optional.empty();
    }

    private Choice pick(String templateId, String volet, String extension, String documentName) {
        TreeMap<String, Path> versions = files.get(volet);
        if (extension != null && versions.containsKey(extension)) {
            return new Choice(templateId, volet, versions.get(extension), null);
        }
        // the kit's own convention: the version in the file name (CR-BIO without @extension, SDM-MR 2025.01 with 2024.01)
        String base = documentName == null ? "" : Path.of(documentName).getFileName().toString();
        for (String v : versions.descendingKeySet()) {
            if (base.contains("_" + v)) {
                return new Choice(templateId, volet, versions.get(v), "version taken from the file name");
            }
        }
        if (extension != null && versions.ceilingKey(extension) != null) {
            String v = versions.ceilingKey(extension);
            return new Choice(templateId, volet, versions.get(v), "next version available");
        }
        return new Choice(templateId, volet, versions.lastEntry().getValue(),
                extension == null ? "no @extension: latest version" : "latest version");
    }

    public Path dir() { return dir; }

    public List<Path> allFiles() {
        List<Path> out = new ArrayList<>();
        files.values().forEach(v -> out.addAll(v.values()));
        return out;
    }

    public static String versionOf(Path sch) {
        Matcher m = SCH.matcher(sch.getFileName().toString());
        return m.matches() ? m.group(2) : null;
    }

    static TreeSet<String> names(Map<String, ?> m) { return new TreeSet<>(m.keySet()); }
}
