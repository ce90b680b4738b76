package org.passerelle.vihf;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** XsDateTime accepts and refuses exactly what OffsetDateTime.parse does, with the same instants. */
class XsDateTimeTest {

    @Test
    void theUsualFormsTakeTheDirectPathWithTheSameInstant() {
        for (String s : List.of("2026-11-23T09:00:00Z", "2026-11-23T09:00:00.789Z", "2024-02-29T23:59:59.123456789Z",
                "2026-11-23T09:00:00+01:00", "2026-11-23T09:00:00.5-05:30", "0000-01-01T00:00:00Z",
                "2026-11-23T09:00:00+18:00", "2026-11-23T09:00:00-00:00")) {
            assertNotNull(XsDateTime.direct(s), s);
            assertEquals(OffsetDateTime.parse(s).toInstant(), XsDateTime.parse(s), s);
        }
    }

    @Test
    void invalidOrUnusualFormsAreLeftToOffsetDateTime() {
        for (String s : List.of("2026-02-30T09:00:00Z", "2026-11-23T24:00:00Z", "2026-11-23T09:60:00Z",
                "2026-11-23T09:00:60Z", "2026-13-01T09:00:00Z", "2026-11-23T09:00:00+01:75", "2026-11-23T09:00:00+19:00",
                "2026-11-23T09:00:00.Z", "2026-11-23T09:00:00.1234567890Z", "2026-11-23t09:00:00z",
                "2026-11-23T09:00Z", "2026-11-23T09:00:00+01:00:30", "+12026-11-23T09:00:00Z", "2026-11-23T09:00:00",
                "2026-11-23T09:00:00 Z", "2026-11-23T09:00:00Z ", "2026-1１-23T09:00:00Z", "")) {
            assertNull(XsDateTime.direct(s), s);
            assertSameOutcome(s);
        }
    }

    @Test
    void randomMutationsOfValidStampsHaveTheSameOutcomeAsOffsetDateTime() {
        Random random = new Random(20261123);
        String alphabet = "0123456789-+:.TZtz ";
        List<String> seeds = List.of("2026-11-23T09:00:00Z", "2026-11-23T09:00:00.789Z", "2026-11-23T09:00:00+01:00",
                "1999-12-31T23:59:59.999999999-12:00");
        List<String> cases = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder(seeds.get(random.nextInt(seeds.size())));
            for (int m = 1 + random.nextInt(2); m > 0; m--) {
                int at = random.nextInt(b.length());
                switch (random.nextInt(3)) {
                    case 0 -> b.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    case 1 -> b.deleteCharAt(at);
                    default -> b.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            cases.add(b.toString());
        }
        int direct = 0;
        for (String s : cases) {
            if (XsDateTime.direct(s) != null) direct++;
            assertSameOutcome(s);
        }
        // the mutations keep many stamps valid: the direct path is exercised, not only the fallback
        org.junit.jupiter.api.Assertions.assertTrue(direct > 1_000, "direct parses: " + direct);
    }

    private static void assertSameOutcome(String s) {
        Instant expected;
        try {
            expected = OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            expected = null;
        }
        Instant actual;
        try {
            actual = XsDateTime.parse(s);
        } catch (DateTimeParseException e) {
            actual = null;
        }
        assertEquals(expected, actual, "'" + s + "'");
        Instant direct = XsDateTime.direct(s);
        if (direct != null) assertEquals(expected, direct, "direct '" + s + "'");
    }
}
