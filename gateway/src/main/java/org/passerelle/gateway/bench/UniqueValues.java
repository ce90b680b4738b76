package org.passerelle.gateway.bench;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** The values a client makes fresh for each request: random (version 4) UUIDs, 2.25 OIDs, the time in HL7 form. */
public final class UniqueValues {
    private static final DateTimeFormatter HL7_SECONDS = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

    private long second = -1;
    private byte[] time;

    /** A random UUID (36 characters; thread-local randomness, not SecureRandom: these are ids, not secrets). */
    public static UUID uuid() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long msb = (r.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
        long lsb = (r.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    public static byte[] uuidBytes() {
        return uuid().toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** An OID under the UUID arc 2.25, as {@code FrenchSubmission.newOid} makes them. */
    public static String oid() {
        UUID u = uuid();
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (u.getMostSignificantBits() >>> (56 - 8 * i));
            b[8 + i] = (byte) (u.getLeastSignificantBits() >>> (56 - 8 * i));
        }
        return "2.25." + new BigInteger(1, b);
    }

    /** The current UTC time to the second in HL7 DTM form (yyyyMMddHHmmss), formatted once per second. */
    public byte[] hl7Now() {
        long now = System.currentTimeMillis() / 1000;
        if (now != second) {
            time = HL7_SECONDS.format(Instant.ofEpochSecond(now)).getBytes(StandardCharsets.US_ASCII);
            second = now;
        }
        return time;
    }
}
