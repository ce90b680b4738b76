package org.passerelle.access;

import java.util.Optional;
import java.util.Set;

/**
 * An INS (matricule NIR or NIA) in CX form {@code matricule^^^&OID&ISO^NH}.
 */
public record Ins(String matricule, String oid) {

    public static final String NIR = "1.2.250.1.213.1.4.8";
    public static final String NIA = "1.2.250.1.213.1.4.9";
    public static final String TEST_NIR = "1.2.250.1.213.1.4.10";
    public static final String DEMO_NIR = "1.2.250.1.213.1.4.11";
    private static final Set<String> PRODUCTION = Set.of(NIR, NIA);
    private static final Set<String> TEST = Set.of(TEST_NIR, DEMO_NIR);

    public String cx() { return matricule + "^^^&" + oid + "&ISO^NH"; }

    /**
     * Checks a CX patient id. Returns the problem in words, or empty when it is a valid INS.
     *
     * @param testMode   accept the test and demo NIR OIDs
     * @param checkKey   verify the NIR/NIA control key (the two last digits)
     */
    public static Optional<String> problem(String cx, boolean testMode, boolean checkKey) {
        if (cx == null || cx.isBlank()) return Optional.of("no patient id");
        String[] comp = cx.split("\\^", -1);
        if (comp.length < 4) return Optional.of("not a CX value (expected matricule^^^&OID&ISO^NH)");
        String matricule = comp[0];
        String[] hd = comp[3].split("&", -1);
        String oid = hd.length >= 2 ? hd[1] : "";
        if (oid.isEmpty()) return Optional.of("no assigning authority OID in CX.4");
        if (!PRODUCTION.contains(oid) && !TEST.contains(oid)) {
            return Optional.of("assigning authority " + oid + " is not an INS authority (NIR " + NIR + ", NIA " + NIA + ")");
        }
        if (TEST.contains(oid) && !testMode) {
            return Optional.of("assigning authority " + oid + " is a test/demo INS, accepted only in test mode");
        }
        if (comp.length >= 5 && !comp[4].isEmpty() && !"NH".equals(comp[4])) {
            return Optional.of("identifier type code CX.5 is '" + comp[4] + "', expected NH");
        }
        if (matricule.length() != 15) return Optional.of("matricule '" + matricule + "' has " + matricule.length() + " characters, expected 15");
        String body = matricule.substring(0, 13).toUpperCase();
        if (!body.matches("[0-9]{5}(?:[0-9]{2}|2A|2B)[0-9]{6}") || !matricule.substring(13).matches("[0-9]{2}")) {
            return Optional.of("matricule '" + matricule + "' is not 13 digits (2A/2B allowed for Corsica) and a 2-digit key");
        }
        if (checkKey) {
            long n = Long.parseLong(body.replace("2A", "19").replace("2B", "18"));
            int expected = (int) (97 - n % 97);
            int key = Integer.parseInt(matricule.substring(13));
            if (key != expected) return Optional.of("matricule '" + matricule + "' has control key " + key + ", expected " + expected);
        }
        return Optional.empty();
    }

    /** Parses a valid INS CX (call {@link #problem} first for the reason of a failure). */
    public static Optional<Ins> parse(String cx, boolean testMode, boolean checkKey) {
        if (problem(cx, testMode, checkKey).isPresent()) return Optional.empty();
        String[] comp = cx.split("\\^", -1);
        return Optional.of(new Ins(comp[0], comp[3].split("&", -1)[1]));
    }
}
