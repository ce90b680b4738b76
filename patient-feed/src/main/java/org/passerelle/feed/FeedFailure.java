package org.passerelle.feed;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.ErrorCode;

/**
 * Every reason the feed refuses an ADT message, with its HL7 acknowledgment code (MSA-1), HL7 error code (ERR-3),
 * location (ERR-2) and message template (ERR-8).
 */
public enum FeedFailure {
    UNSUPPORTED_EVENT(AcknowledgmentCode.AR, ErrorCode.UNSUPPORTED_EVENT_CODE, "MSH", 9,
            "unsupported message %s: this ITI-8 listener accepts ADT^A01, ADT^A04, ADT^A05 and ADT^A08"),
    MISSING_PID(AcknowledgmentCode.AE, ErrorCode.SEGMENT_SEQUENCE_ERROR, "PID", 0,
            "no PID segment: the patient identity feed needs PID-3"),
    MISSING_PID3(AcknowledgmentCode.AE, ErrorCode.REQUIRED_FIELD_MISSING, "PID", 3,
            "PID-3 (patient identifier list) is empty"),
    NO_ASSIGNING_AUTHORITY(AcknowledgmentCode.AE, ErrorCode.DATA_TYPE_ERROR, "PID", 3,
            "PID-3 repetition %s has no assigning authority OID: expected id^^^&<oid>&ISO"),
    OBSOLETE_INS(AcknowledgmentCode.AE, ErrorCode.TABLE_VALUE_NOT_FOUND, "PID", 3,
            "PID-3 %s uses an obsolete INS-A/INS-C assigning authority; send the INS (NIR 1.2.250.1.213.1.4.8 or NIA 1.2.250.1.213.1.4.9)"),
    NOT_INS(AcknowledgmentCode.AE, ErrorCode.TABLE_VALUE_NOT_FOUND, "PID", 3,
            "no INS in PID-3 (%s): in fr-dmp mode the assigning authority must be %s"),
    SINK_FAILED(AcknowledgmentCode.AE, ErrorCode.APPLICATION_INTERNAL_ERROR, "PID", 3,
            "patient %s could not be registered: %s");

    private final AcknowledgmentCode ack;
    private final ErrorCode errorCode;
    private final String segment;
    private final int field;
    private final String template;

    FeedFailure(AcknowledgmentCode ack, ErrorCode errorCode, String segment, int field, String template) {
        this.ack = ack;
        this.errorCode = errorCode;
        this.segment = segment;
        this.field = field;
        this.template = template;
    }

    public AcknowledgmentCode ack() { return ack; }

    public ErrorCode errorCode() { return errorCode; }

    public String segment() { return segment; }

    public int field() { return field; }

    public String format(Object... args) {
        return String.format(template, args);
    }
}
