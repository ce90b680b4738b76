package org.passerelle.audit;

import org.openehealth.ipf.commons.audit.codes.EventActionCode;
import org.openehealth.ipf.commons.audit.codes.EventIdCode;
import org.openehealth.ipf.commons.audit.codes.EventOutcomeIndicator;
import org.openehealth.ipf.commons.audit.codes.ParticipantObjectIdTypeCode;
import org.openehealth.ipf.commons.audit.codes.ParticipantObjectTypeCode;
import org.openehealth.ipf.commons.audit.codes.ParticipantObjectTypeCodeRole;
import org.openehealth.ipf.commons.audit.event.CustomAuditMessageBuilder;
import org.openehealth.ipf.commons.audit.marshal.dicom.Current;
import org.openehealth.ipf.commons.audit.model.AuditMessage;
import org.openehealth.ipf.commons.audit.model.TypeValuePairType;
import org.openehealth.ipf.commons.audit.types.ActiveParticipantRoleId;
import org.openehealth.ipf.commons.audit.types.EventId;
import org.openehealth.ipf.commons.audit.types.EventType;
import org.openehealth.ipf.commons.audit.types.PurposeOfUse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the IHE ATNA (DICOM PS3.15 / RFC 3881) audit message of an {@link AuditEvent} with IPF's model, and
 * serialises it as the DICOM XML IPF produces.
 */
public final class AtnaMessages {

    /** TRE_R248-ModeAcces, the purposeofuse code system. */
    static final String MODE_ACCES_OID = "1.2.250.1.213.1.1.4.248";
    static final String PROFESSION_OID = "1.2.250.1.71.1.2.7";

    private final String auditSourceId;
    private final String enterpriseSiteId;

    /**
     * @param auditSourceId    this gateway node (AuditSourceIdentification/@AuditSourceID)
     * @param enterpriseSiteId the operator's site, or null
     */
    public AtnaMessages(String auditSourceId, String enterpriseSiteId) {
        this.auditSourceId = auditSourceId;
        this.enterpriseSiteId = enterpriseSiteId;
    }

    public AuditMessage toAtna(AuditEvent e) {
        Kind k = kindOf(e.transaction());
        EventOutcomeIndicator outcome = switch (e.outcome()) {
            case SUCCESS -> EventOutcomeIndicator.Success;
            case PARTIAL_SUCCESS -> EventOutcomeIndicator.MinorFailure;
            case FAILURE -> EventOutcomeIndicator.SeriousFailure;
            case REFUSED -> EventOutcomeIndicator.MajorFailure;
        };
        String description = e.ruleId() == null ? e.detail() : e.ruleId() + (e.detail() == null ? "" : ": " + e.detail());
        CustomAuditMessageBuilder b = new CustomAuditMessageBuilder(outcome, description, k.action, k.eventId,
                EventType.of(e.transaction(), "IHE Transactions", k.title),
                PurposeOfUse.of(e.accessMode(), MODE_ACCES_OID, e.emergency() ? "Accès en urgence (" + e.accessMode() + ")" : "Accès normal"));
        b.getMessage().getEventIdentification().setEventDateTime(e.time());
        b.setAuditSourceIdentification(auditSourceId, enterpriseSiteId);
        List<ActiveParticipantRoleId> roles = new ArrayList<>();
        if (e.profession() != null) roles.add(ActiveParticipantRoleId.of(e.profession(), PROFESSION_OID, "profession"));
        if (e.specialty() != null) roles.add(ActiveParticipantRoleId.of(e.specialty(), "1.2.250.1.71.4.2.5", "specialite"));
        String user = e.userId() == null ? "anonymous" : e.userId();
        String alt = e.structureId() == null ? null : "Identifiant_Structure=" + e.structureId()
                + (e.authMode() == null ? "" : ";Authentification_Mode=" + e.authMode());
        b.addActiveParticipant(user, alt, e.userName(), true, roles, null);
        b.addActiveParticipant(auditSourceId, null, null, false, List.of(), null);
        if (e.patientId() != null) {
            List<TypeValuePairType> details = new ArrayList<>();
            if (e.emergencyReason() != null) details.add(new TypeValuePairType("Mode_Acces_Raison", e.emergencyReason()));
            b.addPatientParticipantObject(e.patientId(), null, details, null);
        }
        for (String doc : e.documentIds()) {
            b.addParticipantObjectIdentification(ParticipantObjectIdTypeCode.ReportNumber, null, null, List.of(), doc,
                    ParticipantObjectTypeCode.System, ParticipantObjectTypeCodeRole.Report, null, null);
        }
        return b.getMessage();
    }

    /** The DICOM XML of the message, as IPF serialises it. */
    public String toXml(AuditEvent e) {
        return Current.toString(toAtna(e), false);
    }

    static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    private record Kind(EventId eventId, EventActionCode action, String title) { }

    private static Kind kindOf(String transaction) {
        return switch (transaction) {
            case "ITI-18" -> new Kind(EventIdCode.Query, EventActionCode.Execute, "Registry Stored Query");
            case "ITI-41" -> new Kind(EventIdCode.Import, EventActionCode.Create, "Provide and Register Document Set-b");
            case "ITI-42" -> new Kind(EventIdCode.Import, EventActionCode.Create, "Register Document Set-b");
            case "ITI-43" -> new Kind(EventIdCode.Export, EventActionCode.Read, "Retrieve Document Set");
            case "ITI-57" -> new Kind(EventIdCode.PatientRecord, EventActionCode.Update, "Update Document Set");
            case "ITI-8" -> new Kind(EventIdCode.PatientRecord, EventActionCode.Update, "Patient Identity Feed");
            default -> new Kind(EventIdCode.ApplicationActivity, EventActionCode.Execute, transaction);
        };
    }
}
