package org.passerelle.registry;

import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Hl7v2Based;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Timestamp;

import java.time.Instant;
import java.time.ZoneOffset;

/** Status URNs, patient-id and time conversions shared by the store. */
final class Statuses {
    private Statuses() {}

    static final String APPROVED = urn(AvailabilityStatus.APPROVED);
    static final String DEPRECATED = urn(AvailabilityStatus.DEPRECATED);
    /** CI-SIS statuses that IPF's AvailabilityStatus enum cannot express. */
    static final String ARCHIVED = "urn:asip:ci-sis:2010:StatusType:Archived";
    static final String DELETED = "urn:asip:ci-sis:2010:StatusType:Deleted";

    /** The ebRIM 3.0 status URN (IPF's getOpcode() is the short 2.1 form "Approved"). */
    static String urn(AvailabilityStatus s) {
        return s == null ? null : s.getQueryOpcode();
    }

    /** A status given as text (URN, short IPF form, or CI-SIS URN) in the stored URN form. */
    static String normalize(String status) {
        if (status == null) return null;
        AvailabilityStatus ipf = AvailabilityStatus.valueOfOpcode(status.trim());
        return ipf != null ? urn(ipf) : status.trim();
    }

    static String shortName(String statusUrn) {
        if (statusUrn == null) return "null";
        int i = statusUrn.lastIndexOf(':');
        return i < 0 ? statusUrn : statusUrn.substring(i + 1);
    }

    /** IPF's enum for the status, or null for Archived/Deleted (not representable in IPF 5.1). */
    static AvailabilityStatus toIpf(String statusUrn) {
        return AvailabilityStatus.valueOfOpcode(statusUrn);
    }

    static boolean isKnown(String statusUrn) {
        return APPROVED.equals(statusUrn) || DEPRECATED.equals(statusUrn)
                || ARCHIVED.equals(statusUrn) || DELETED.equals(statusUrn);
    }

    /** {@code id^^^&oid&ISO}: the canonical CX form under which patients are stored and compared. */
    static String patientKey(Identifiable id) {
        if (id == null) return null;
        String s = Hl7v2Based.render(id);
        return s == null || s.isBlank() ? null : s;
    }

    /** Canonical form of a CX string given by a feed or an administrator (CX.5 such as NH is dropped). */
    static String patientKey(String cx) {
        if (cx == null || cx.isBlank()) return null;
        Identifiable id = Identifiable.parse(cx.trim());
        String key = patientKey(id);
        return key == null ? cx.trim() : key;
    }

    static Long epochSeconds(Timestamp t) {
        return t == null || t.getDateTime() == null ? null : t.getDateTime().toEpochSecond();
    }

    static Timestamp timestamp(long epochSeconds) {
        return new Timestamp(Instant.ofEpochSecond(epochSeconds).atZone(ZoneOffset.UTC), Timestamp.Precision.SECOND);
    }
}
