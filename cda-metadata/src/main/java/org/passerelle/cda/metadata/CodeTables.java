package org.passerelle.cda.metadata;

import org.openehealth.ipf.commons.ihe.xds.core.metadata.Code;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.LocalizedString;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The two derivation tables of the French profile, loaded from project resources:
 * {@code formatcodes.tsv} (ASS_A11: templateId or N1 mediaType → formatCode) and
 * {@code classcodes.tsv} (ASS_X04: typeCode → classCode).
 */
public final class CodeTables {
    private static final CodeTables DEFAULT = new CodeTables();

    private final Map<String, Code> formatByTemplate = new LinkedHashMap<>();
    private final Map<String, Code> formatByMediaType = new LinkedHashMap<>();
    private final Map<String, Code> classByType = new LinkedHashMap<>();

    private CodeTables() {
        for (String[] row : rows("formatcodes.tsv", 6)) {
            Code code = code(row[2], row[4], row[3]);
            if ("mediaType".equals(row[0])) {
                formatByMediaType.put(row[1].toLowerCase(), code);
            } else {
                formatByTemplate.put(row[1], code);
            }
        }
        for (String[] row : rows("classcodes.tsv", 4)) {
            classByType.put(row[0], code(row[1], row[3], row[2]));
        }
    }

    public static CodeTables defaults() {
        return DEFAULT;
    }

    /** formatCode per docs §7: N1 by its embedded media type, N3 by the most specific known CI-SIS templateId. */
    public Optional<Code> formatCode(CdaHeader header) {
        if (header.level() == CdaLevel.N1) {
            String mediaType = header.nonXmlMediaType() == null ? "" : header.nonXmlMediaType().toLowerCase();
            return Optional.ofNullable(formatByMediaType.get(mediaType)).map(CodeTables::copy);
        }
        Code best = null;
        int bestLength = -1;
        for (Ii templateId : header.templateIds()) {
            Code c = templateId.root() == null ? null : formatByTemplate.get(templateId.root());
            if (c != null && templateId.root().length() > bestLength) {
                best = c;
                bestLength = templateId.root().length();
            }
        }
        return Optional.ofNullable(best).map(CodeTables::copy);
    }

    /** classCode from typeCode (ASS_X04); falls back to the table's default row. */
    public Code classCode(String typeCode) {
        Code c = classByType.get(typeCode);
        return copy(c != null ? c : classByType.get("*"));
    }

    private static Code code(String code, String display, String scheme) {
        return new Code(code, new LocalizedString(display), scheme);
    }

    private static Code copy(Code c) {
        return new Code(c.getCode(), new LocalizedString(c.getDisplayName().getValue()), c.getSchemeName());
    }

    private static Iterable<String[]> rows(String resource, int columns) {
        try (InputStream in = CodeTables.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            var out = new java.util.ArrayList<String[]>();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cells = line.split("\t", -1);
                if (cells.length != columns) {
                    throw new IllegalStateException(resource + ": expected " + columns + " columns: " + line);
                }
                out.add(cells);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
