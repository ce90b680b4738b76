package org.passerelle.gateway;

import java.util.Locale;

/** The affinity-domain rules the gateway applies to submissions and queries. */
public enum Profile {
    /** French DMP rules: INS patient ids, CI-SIS value sets, French HL7 forms accepted (the default). */
    FR_DMP("fr-dmp"),
    /** Plain IHE XDS.b rules as a projectathon registry runs them: any assigning authority, IPF's strict checks. */
    IHE("ihe");

    private final String id;

    Profile(String id) { this.id = id; }

    public String id() { return id; }

    public static Profile of(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (Profile p : values()) {
            if (p.id.equals(t) || p.name().equalsIgnoreCase(t)) return p;
        }
        throw new IllegalArgumentException("unknown profile '" + text + "': expected fr-dmp or ihe");
    }

    @Override public String toString() { return id; }
}
