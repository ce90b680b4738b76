package org.passerelle.conformance.metadata;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fresh identifiers for one run, in the NIST toolkit's shapes: uniqueIds {@code 1.2.42.<yyyyMMddHHmmss>.<n>},
 * UUIDs {@code urn:uuid:...}, patient ids {@code P<MMddHHmmss>.<n>^^^&<aa>&ISO}.
 */
public final class IdSource {
    private final String uidRoot;
    private final String pidStem;
    private final String assigningAuthority;
    private final AtomicLong counter = new AtomicLong();
    /** Ten digits that change every 10 ms (wrapping after ~3 years): INS-style ids of two runs do not collide. */
    private final String insStem = String.format("%010d", (System.currentTimeMillis() / 10) % 10_000_000_000L);

    public IdSource(String assigningAuthority) {
        this(assigningAuthority, LocalDateTime.now());
    }

    public IdSource(String assigningAuthority, LocalDateTime start) {
        this.assigningAuthority = assigningAuthority;
        this.uidRoot = "1.2.42." + start.format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
        // seconds plus milliseconds so two runs in the same second still get distinct patients
        this.pidStem = "P" + start.format(DateTimeFormatter.ofPattern("MMddHHmmssSSS"));
    }

    public String assigningAuthority() { return assigningAuthority; }

    public String uniqueId() {
        return uidRoot + "." + counter.incrementAndGet();
    }

    public String uuid() {
        return "urn:uuid:" + UUID.randomUUID();
    }

    /**
     * A patient id (CX) that nobody has fed yet. Under an INS assigning authority (1.2.250.1.213.1.4.x, the French
     * scenarios) the id is a 15-digit matricule, as the fr-dmp rules require.
     */
    public String patientId() {
        long n = counter.incrementAndGet();
        if (assigningAuthority.startsWith("1.2.250.1.213.1.4.")) {
            String digits = insStem + String.format("%04d", n % 10_000);
            return "1" + digits + "^^^&" + assigningAuthority + "&ISO";
        }
        return pidStem + "." + n + "^^^&" + assigningAuthority + "&ISO";
    }
}
