package org.passerelle.access;

import java.util.Locale;

/** The VIHF purposeofuse (TRE_R248-ModeAcces, OID 1.2.250.1.213.1.1.4.248). */
public enum AccessMode {
    NORMAL("normal"), BRIS_DE_GLACE("bris_de_glace"), CENTRE_15("centre_15");

    public static final String CODE_SYSTEM = "1.2.250.1.213.1.1.4.248";

    private final String code;

    AccessMode(String code) { this.code = code; }

    public String code() { return code; }

    public boolean emergency() { return this != NORMAL; }

    /** Parses a purposeofuse code, case-insensitively; null or blank is {@link #NORMAL}. */
    public static AccessMode fromPurposeOfUse(String purposeOfUse) {
        if (purposeOfUse == null || purposeOfUse.isBlank()) return NORMAL;
        String p = purposeOfUse.trim().toLowerCase(Locale.ROOT);
        for (AccessMode m : values()) if (m.code.equals(p)) return m;
        throw new IllegalArgumentException("unknown purposeofuse '" + purposeOfUse
                + "': expected normal, bris_de_glace or centre_15 (TRE_R248, " + CODE_SYSTEM + ")");
    }
}
