package org.passerelle.vihf;

import java.math.BigInteger;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The INS patient identifier in CX form, {@code <matricule>^^^&<OID>&ISO[^NH]} (docs/vihf-air.md §4, R-70). */
public record InsIdentifier(String matricule, String oid) {

    public static final String NIR_OID = "1.2.250.1.213.1.4.8";
    public static final String NIA_OID = "1.2.250.1.213.1.4.9";
    public static final String TEST_NIR_OID = "1.2.250.1.213.1.4.10";
    public static final String DEMO_NIR_OID = "1.2.250.1.213.1.4.11";
    private static final Set<String> PRODUCTION = Set.of(NIR_OID, NIA_OID);
    private static final Set<String> TEST = Set.of(TEST_NIR_OID, DEMO_NIR_OID);

    private static final Pattern CX = Pattern.compile("^([^^&]+)\\^\\^\\^&([0-9.]+)&ISO(\\^[A-Z]*)?$");
    private static final Pattern MATRICULE = Pattern.compile("^[12378]\\d{4}(\\d{2}|2A|2B)\\d{6}\\d{2}$");

    /** Parses a CX id/authority pair without judging it (for comparing patients). */
    static String[] split(String cx) {
        Matcher m = CX.matcher(cx.trim());
        if (!m.matches()) return null;
        return new String[] {m.group(1), m.group(2)};
    }

    /**
     * Parses and validates an INS: 15-character matricule with a valid key (the key is checked for the production
     * NIR/NIA OIDs; test and demo OIDs, allowed only with {@code testAllowed}, get the syntax check only).
     *
     * @return the INS, or throws IllegalArgumentException with what is wrong
     */
    public static InsIdentifier parse(String cx, boolean testAllowed) {
        String[] parts = split(cx);
        if (parts == null) {
            throw new IllegalArgumentException("'" + cx + "' is not a CX identifier of the form "
                    + "<matricule>^^^&<OID>&ISO^NH");
        }
        String matricule = parts[0];
        String oid = parts[1];
        boolean test = TEST.contains(oid);
        if (!PRODUCTION.contains(oid) && !(test && testAllowed)) {
            throw new IllegalArgumentException("assigning authority " + oid + " is not an INS OID (NIR "
                    + NIR_OID + ", NIA " + NIA_OID + (testAllowed ? ", test " + TEST_NIR_OID + ", demo " + DEMO_NIR_OID : "")
                    + ")");
        }
        if (!MATRICULE.matcher(matricule).matches()) {
            throw new IllegalArgumentException("matricule '" + matricule + "' is not 15 characters of a NIR/NIA");
        }
        if (!test && !keyValid(matricule)) {
            throw new IllegalArgumentException("matricule '" + matricule + "' has a wrong key (last two digits)");
        }
        return new InsIdentifier(matricule, oid);
    }

    static boolean keyValid(String matricule) {
        String body = matricule.substring(0, 13).replace("2A", "19").replace("2B", "18");
        int key = Integer.parseInt(matricule.substring(13));
        return 97 - new BigInteger(body).mod(BigInteger.valueOf(97)).intValue() == key;
    }

    /** Same id and same assigning authority (the type code, e.g. ^NH, is ignored). */
    public static boolean samePatient(String cx1, String cx2) {
        String[] a = split(cx1);
        String[] b = split(cx2);
        return a != null && b != null && a[0].equals(b[0]) && a[1].equals(b[1]);
    }

    /** The CX form with the NH type code. */
    public String toCx() {
        return matricule + "^^^&" + oid + "&ISO^NH";
    }
}
