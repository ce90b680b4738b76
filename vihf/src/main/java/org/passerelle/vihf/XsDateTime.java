package org.passerelle.vihf;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Parses the time stamps of an assertion exactly as {@link OffsetDateTime#parse(CharSequence)} does, faster: the
 * form every SAML issuer writes ({@code 2026-11-23T09:00:00Z}, {@code …:00.123Z}, {@code …:00+01:00}) is read
 * directly; anything else (lower-case letters, no seconds, offsets with seconds, long years, invalid values) goes to
 * {@code OffsetDateTime.parse}, which accepts or refuses it as before. The direct path only accepts strings that
 * {@code OffsetDateTime.parse} accepts, with the same result.
 */
final class XsDateTime {
    private static final int[] NANO_SCALE = {0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1};

    private XsDateTime() { }

    /** The instant of an xs:dateTime with a time zone; {@link DateTimeParseException} as OffsetDateTime.parse. */
    static Instant parse(String value) {
        Instant direct = direct(value);
        return direct != null ? direct : OffsetDateTime.parse(value).toInstant();
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|±HH:mm)}, valid values; else null. */
    static Instant direct(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return null;
        int i = 19;
        int nano = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') i++;
            int len = i - start;
            if (len < 1 || len > 9) return null;
            nano = digits(s, start, len) * NANO_SCALE[len];
        }
        if (i >= n) return null;
        ZoneOffset offset;
        char c = s.charAt(i);
        try {
            if (c == 'Z' && i == n - 1) {
                offset = ZoneOffset.UTC;
            } else if ((c == '+' || c == '-') && i + 6 == n && s.charAt(i + 3) == ':') {
                int h = digits(s, i + 1, 2);
                int m = digits(s, i + 4, 2);
                if (h < 0 || m < 0) return null;
                int sign = c == '-' ? -1 : 1;
                offset = ZoneOffset.ofHoursMinutes(sign * h, sign * m);
            } else {
                return null;
            }
            return LocalDateTime.of(year, month, day, hour, minute, second, nano).toInstant(offset);
        } catch (DateTimeException invalid) {
            return null;
        }
    }

    /** The value of {@code len} ASCII digits at {@code from}, or -1. */
    private static int digits(String s, int from, int len) {
        int v = 0;
        for (int i = from; i < from + len; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
