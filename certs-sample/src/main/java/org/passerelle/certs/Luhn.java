package org.passerelle.certs;

/** The Luhn key used by FINESS and SIRET numbers (so the sample identifiers are well formed). */
final class Luhn {
    private Luhn() { }

    /** {@code digits} followed by its Luhn check digit. */
    static String complete(String digits) {
        int sum = 0;
        boolean dbl = true; // the check digit will be rightmost, so the current rightmost digit is doubled
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (dbl) {
                d *= 2;
                if (d > 9) d -= 9;
            }
            sum += d;
            dbl = !dbl;
        }
        return digits + ((10 - sum % 10) % 10);
    }

    static boolean isValid(String number) {
        return number.length() > 1 && complete(number.substring(0, number.length() - 1)).equals(number);
    }
}
