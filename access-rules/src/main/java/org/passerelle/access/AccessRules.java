package org.passerelle.access;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The DMP access rules of docs/dmp-access-rules.md, one method per decision. Pure and fast: every input (actor,
 * record state, patient decisions, document facts) is handed in, nothing is read from a database here. Thread-safe.
 * <p>
 * Consultation is decided in two steps so that a query with many results costs one record-level decision plus one
 * map lookup per document: {@link #canConsult} once per request, then {@link #canSee} per document.
 */
public final class AccessRules {

    private static final Set<String> VISIBILITY_CODES = Set.of(DocumentFacts.MASQUE_PS, DocumentFacts.INVISIBLE_PATIENT,
            DocumentFacts.INVISIBLE_REPRESENTANTS_LEGAUX);

    private final HabilitationMatrix matrix;
    private final AccessRulesConfig config;

    public AccessRules(HabilitationMatrix matrix, AccessRulesConfig config) {
        this.matrix = Objects.requireNonNull(matrix, "matrix");
        this.config = Objects.requireNonNull(config, "config");
    }

    public HabilitationMatrix matrix() { return matrix; }

    public AccessRulesConfig config() { return config; }

    // ---------------------------------------------------------------- consultation (ITI-18, ITI-43)

    /**
     * May this actor consult this patient's record at all (R-02, R-03, R-05, R-06, R-20, R-21, R-30…R-32, R-72)?
     * The allowing decision names the rule that opened the access (R-20 consent, R-30 bris de glace, R-31 centre 15,
     * R-03 the patient himself).
     */
    public AccessDecision canConsult(Actor actor, PatientRecord record, PatientDecisionSet decisions, Instant now) {
        String pid = record.patientId();
        if (record.state() != RecordState.ACTIVE) return AccessFailure.RECORD_CLOSED.deny(pid, record.state());
        if (actor.resourceId() != null && !samePatient(actor.resourceId(), pid)) {
            return AccessFailure.RESOURCE_ID_MISMATCH.deny(actor.resourceId(), pid);
        }
        switch (actor.kind()) {
            case PATIENT, LEGAL_REPRESENTATIVE -> {
                if (actor.mode().emergency()) return AccessFailure.EMERGENCY_ON_WRITE.deny(actor.mode().code(), "a patient-side access");
                if (!record.activated()) return AccessFailure.PATIENT_NOT_ACTIVATED.deny(pid);
                return AccessDecision.allow("R-03", "patient-side access to an activated record");
            }
            default -> { }
        }
        // R-32: emergency modes never bypass a block or an opposition to consultation
        if (actor.subjectId() != null && decisions.blockedProfessionals().contains(actor.subjectId())) {
            return AccessFailure.PROFESSIONAL_BLOCKED.deny(pid, actor.subjectId());
        }
        if (decisions.consultationOpposed()) return AccessFailure.CONSULTATION_OPPOSED.deny(pid);
        switch (actor.mode()) {
            case BRIS_DE_GLACE -> {
                if (!decisions.emergencyAllowed()) return AccessFailure.EMERGENCY_FORBIDDEN.deny(pid, "bris de glace");
                return AccessDecision.allow("R-30", "bris de glace access" + reasonSuffix(actor));
            }
            case CENTRE_15 -> {
                if (actor.structureId() == null || !config.regulationCentres().contains(actor.structureId())) {
                    return AccessFailure.NOT_A_REGULATION_CENTRE.deny(actor.structureId());
                }
                if (!decisions.emergencyAllowed()) return AccessFailure.EMERGENCY_FORBIDDEN.deny(pid, "centre 15 / SAMU");
                return AccessDecision.allow("R-31", "centre 15 / SAMU access from " + actor.structureId() + reasonSuffix(actor));
            }
            default -> {
                for (Consent c : decisions.consents()) {
                    if (c.validAt(now) && c.covers(actor)) {
                        return AccessDecision.allow("R-20", c.scope() == Consent.Scope.CARE_TEAM
                                ? "consent given to the care team of " + c.grantee()
                                : "consent given to professional " + c.grantee());
                    }
                }
                return AccessFailure.NO_CONSENT.deny(pid, actor.structureId(), actor.subjectId());
            }
        }
    }

    /**
     * R-07 (DMP TD0.2 "test d'existence"): what a consulting system must know before any document query: the record
     * state with its date and reason, whether the patient activated Mon espace santé, whether he opposed consultation,
     * whether emergency access is allowed, and whether this actor may consult now (and by which rule).
     */
    public RecordStatus recordStatus(Actor actor, PatientRecord record, PatientDecisionSet decisions, Instant now) {
        return RecordStatus.of(record, decisions, canConsult(actor, record, decisions, now));
    }

    /** R-07 without a caller (administrators): the record facts only, {@link RecordStatus#consultation()} null. */
    public RecordStatus recordStatus(PatientRecord record, PatientDecisionSet decisions) {
        return RecordStatus.of(record, decisions, null);
    }

    /**
     * The answer of {@link #recordStatus}.
     *
     * @param stateSince   when the record entered its state (the closure date of a CLOSED record), or null
     * @param reason       the closure or opposition reason, or null
     * @param known        false for a valid INS never seen before (ACTIVE on first use, R-01)
     * @param consultation the caller's consultation decision, or null when asked without a caller
     */
    public record RecordStatus(String patientId, RecordState state, Instant stateSince, String reason, boolean known,
                               boolean activated, boolean consultationOpposed, boolean emergencyAllowed,
                               AccessDecision consultation) {
        static RecordStatus of(PatientRecord r, PatientDecisionSet d, AccessDecision consultation) {
            return new RecordStatus(r.patientId(), r.state(), r.stateSince(), r.reason(), r.known(), r.activated(),
                    d.consultationOpposed(), d.emergencyAllowed(), consultation);
        }
    }

    /**
     * R-83: an AIR access needs the establishment's valid engagement contract; non-AIR actors pass.
     *
     * @param contract the establishment's contract, or null when it has none
     */
    public AccessDecision checkAirContract(Actor actor, AirContract contract, Instant now) {
        if (!actor.air()) return AccessDecision.allow("R-83", "not an AIR access");
        if (contract == null || !contract.validAt(now)) return AccessFailure.NO_AIR_CONTRACT.deny(actor.structureId(), now);
        return AccessDecision.allow("R-83", "AIR contract " + (contract.reference() == null ? "" : contract.reference() + " ") + "valid");
    }

    /** The per-request habilitation of a professional actor (compute once, use for every document). */
    public HabilitationMatrix.Habilitation habilitation(Actor actor) {
        return matrix.habilitationOf(actor.professionCode(), actor.specialtyCode(), actor.roleCodes());
    }

    /**
     * May this actor see this document, once {@link #canConsult} allowed the record (R-11, R-40…R-42, R-50)?
     * Forbidden documents are absent from ITI-18 and refused in ITI-43.
     */
    public AccessDecision canSee(Actor actor, HabilitationMatrix.Habilitation habilitation, DocumentFacts doc) {
        if (doc.deleted()) return AccessFailure.DOCUMENT_DELETED.deny(doc.uniqueId());
        switch (actor.kind()) {
            case PATIENT -> {
                if (doc.has(DocumentFacts.INVISIBLE_PATIENT)) return AccessFailure.INVISIBLE_TO_PATIENT.deny(doc.uniqueId());
                return AccessDecision.allow("R-41", "visible to the patient");
            }
            case LEGAL_REPRESENTATIVE -> {
                if (doc.has(DocumentFacts.INVISIBLE_REPRESENTANTS_LEGAUX)) return AccessFailure.INVISIBLE_TO_LEGAL_REPRESENTATIVES.deny(doc.uniqueId());
                if (doc.has(DocumentFacts.INVISIBLE_PATIENT)) return AccessFailure.INVISIBLE_TO_PATIENT.deny(doc.uniqueId());
                return AccessDecision.allow("R-42", "visible to the legal representatives");
            }
            default -> {
                if (!habilitation.canRead(doc.typeCode())) {
                    return AccessFailure.READ_NOT_HABILITATED.deny(actor.professionCode(), actor.specialtyCode(), doc.typeCode());
                }
                if (doc.has(DocumentFacts.MASQUE_PS) && !isAuthor(actor, doc)) {
                    return AccessFailure.MASKED_TO_PROFESSIONALS.deny(doc.uniqueId());
                }
                return AccessDecision.allow("R-11", "typeCode " + doc.typeCode() + " readable by profiles " + habilitation.profiles());
            }
        }
    }

    /** Both steps for one document (ITI-43). */
    public AccessDecision canRead(Actor actor, PatientRecord record, PatientDecisionSet decisions, DocumentFacts doc, Instant now) {
        AccessDecision record1 = canConsult(actor, record, decisions, now);
        if (record1.denied()) return record1;
        AccessDecision seen = canSee(actor, habilitation(actor), doc);
        return seen.denied() ? seen : record1;
    }

    // ---------------------------------------------------------------- feeding (ITI-41, ITI-42)

    /**
     * May this actor feed these documents into this patient's record (R-02, R-03, R-04, R-10, R-34, R-70, R-84)?
     * Each document's patient id must be the submission's.
     */
    public AccessDecision canFeed(Actor actor, PatientRecord record, PatientDecisionSet decisions, List<DocumentFacts> documents) {
        String pid = record.patientId();
        AccessDecision common = writeCommon(actor, record, "feeding (ITI-41/42)");
        if (common != null) return common;
        HabilitationMatrix.Habilitation hab = habilitation(actor);
        for (DocumentFacts d : documents) {
            if (d.patientId() != null && !samePatient(d.patientId(), pid)) {
                return AccessFailure.INS_MISMATCH.deny("document " + d.uniqueId() + " has patient id " + d.patientId()
                        + " but the submission set has " + pid);
            }
            if (decisions.feedingOpposed(d.typeCode())) {
                return AccessFailure.FEEDING_OPPOSED.deny(pid, decisions.feedingOpposedTypes().contains(PatientDecisionSet.ALL_TYPES)
                        ? "" : " with documents of typeCode " + d.typeCode());
            }
            if (actor.isProfessionalSide() && !hab.canWrite(d.typeCode())) {
                return AccessFailure.WRITE_NOT_HABILITATED.deny(d.typeCode(), actor.professionCode(), actor.specialtyCode());
            }
        }
        return AccessDecision.allow("R-10", "feeding open to every profession" + (documents.isEmpty() ? "" : " for " + documents.size() + " document(s)"));
    }

    /** R-70: the submission's patient id is a qualified INS in CX form with an INS authority. */
    public AccessDecision checkIns(String patientId) {
        Optional<String> problem = Ins.problem(patientId, config.testMode(), config.checkInsKey());
        return problem.map(p -> AccessFailure.NOT_AN_INS.deny(patientId, p))
                .orElseGet(() -> AccessDecision.allow("R-70", "qualified INS"));
    }

    /**
     * R-71: the CDA recordTarget/patientRole/id (root = INS OID, extension = matricule) equals the metadata patientId.
     */
    public AccessDecision checkCdaPatient(String metadataPatientId, String cdaIdRoot, String cdaIdExtension) {
        Optional<Ins> ins = Ins.parse(metadataPatientId, config.testMode(), config.checkInsKey());
        if (ins.isEmpty()) return checkIns(metadataPatientId);
        if (cdaIdRoot == null || cdaIdExtension == null) {
            return AccessFailure.INS_MISMATCH.deny("the CDA recordTarget carries no INS id (root " + ins.get().oid() + ")");
        }
        if (!ins.get().oid().equals(cdaIdRoot) || !ins.get().matricule().equals(cdaIdExtension)) {
            return AccessFailure.INS_MISMATCH.deny("the CDA recordTarget INS " + cdaIdExtension + "@" + cdaIdRoot
                    + " differs from the metadata patientId " + metadataPatientId);
        }
        return AccessDecision.allow("R-71", "CDA and metadata carry the same INS");
    }

    /** R-52: replacing a document (RPLC) is reserved to its author or his establishment. */
    public AccessDecision canReplace(Actor actor, DocumentFacts replaced) {
        if (!isAuthor(actor, replaced) && !(actor.structureId() != null && replaced.authorInstitutionIds().contains(actor.structureId()))) {
            return AccessFailure.REPLACE_NOT_AUTHOR.deny(replaced.uniqueId(), actor.subjectId());
        }
        return AccessDecision.allow("R-52", "replacement by the author");
    }

    // ---------------------------------------------------------------- lifecycle (ITI-57)

    /**
     * A metadata update of one DocumentEntry (new version, R-40…R-44). {@code otherChanges} says whether anything but
     * the confidentiality codes changed.
     */
    public AccessDecision canUpdate(Actor actor, PatientRecord record, DocumentFacts current, DocumentFacts updated,
                                    boolean otherChanges) {
        AccessDecision common = writeCommon(actor, record, "a metadata update (ITI-57)");
        if (common != null) return common;
        boolean author = isAuthor(actor, current);
        boolean patient = actor.kind() == Actor.Kind.PATIENT;
        Set<String> changed = new HashSet<>(current.confidentialityCodes());
        changed.addAll(updated.confidentialityCodes());
        Set<String> both = new HashSet<>(current.confidentialityCodes());
        both.retainAll(updated.confidentialityCodes());
        changed.removeAll(both);
        for (String code : changed) {
            if (!VISIBILITY_CODES.contains(code)) continue;
            if (code.equals(DocumentFacts.MASQUE_PS)) {
                if (!author && !patient) return AccessFailure.MASK_NOT_AUTHOR.deny(current.uniqueId(), actor.subjectId());
            } else if (!author) {
                return AccessFailure.VISIBILITY_NOT_AUTHOR.deny(current.uniqueId(), code, actor.subjectId());
            }
        }
        if (otherChanges && !author) {
            return AccessFailure.UPDATE_NOT_AUTHOR.deny(current.uniqueId(), current.authorPersonIds(),
                    current.authorInstitutionIds(), actor.subjectId(), actor.structureId());
        }
        if (changed.contains(DocumentFacts.MASQUE_PS) && patient && !author) {
            return AccessDecision.allow("R-43", "patient-side masking");
        }
        return AccessDecision.allow("R-44", "metadata update by the author");
    }

    /** An availability status change (R-50 deletion by the author, R-51 archiving by the author or the patient). */
    public AccessDecision canChangeStatus(Actor actor, PatientRecord record, DocumentFacts current, String newStatus) {
        AccessDecision common = writeCommon(actor, record, "an availability status change (ITI-57)");
        if (common != null) return common;
        boolean author = isAuthor(actor, current);
        if (DocumentFacts.DELETED.equals(newStatus)) {
            if (!author) return AccessFailure.DELETE_NOT_AUTHOR.deny(current.uniqueId(), actor.subjectId());
            return AccessDecision.allow("R-50", "logical deletion by the author");
        }
        if (DocumentFacts.ARCHIVED.equals(newStatus) || DocumentFacts.APPROVED.equals(newStatus)) {
            if (!author && actor.kind() != Actor.Kind.PATIENT) return AccessFailure.ARCHIVE_NOT_ALLOWED.deny(current.uniqueId(), actor.subjectId());
            return AccessDecision.allow("R-51", (author ? "author" : "patient") + " changes status to " + newStatus);
        }
        return AccessFailure.UNKNOWN_STATUS.deny(newStatus);
    }

    /**
     * R-44: the caller is the document's author when his NameID is an authorPerson XCN.1; for establishment-level
     * authors (no author person, or a caller acting as the establishment's system) his Identifiant_Structure must
     * be an authorInstitution XON.10.
     */
    public boolean isAuthor(Actor actor, DocumentFacts doc) {
        if (actor.subjectId() != null && doc.authorPersonIds().contains(actor.subjectId())) return true;
        boolean establishmentLevel = doc.authorPersonIds().isEmpty() || actor.kind() == Actor.Kind.SYSTEM;
        return establishmentLevel && actor.structureId() != null && doc.authorInstitutionIds().contains(actor.structureId());
    }

    /** R-02, R-03, R-34, R-72, R-84: may this actor write to this record at all (any feeding or update)? */
    public AccessDecision canWrite(Actor actor, PatientRecord record, String what) {
        AccessDecision common = writeCommon(actor, record, what);
        return common != null ? common : AccessDecision.allow("R-10", "writing allowed");
    }

    /** R-02, R-03, R-34, R-72, R-84: checks shared by every writing transaction; null when they pass. */
    private AccessDecision writeCommon(Actor actor, PatientRecord record, String what) {
        if (actor.mode().emergency()) return AccessFailure.EMERGENCY_ON_WRITE.deny(actor.mode().code(), what);
        if (actor.air()) return AccessFailure.AIR_CONSULTATION_ONLY.deny(actor.authMode(), what);
        if (record.state() != RecordState.ACTIVE) return AccessFailure.RECORD_CLOSED.deny(record.patientId(), record.state());
        if (actor.resourceId() != null && !samePatient(actor.resourceId(), record.patientId())) {
            return AccessFailure.RESOURCE_ID_MISMATCH.deny(actor.resourceId(), record.patientId());
        }
        // R-03: until he activates Mon espace santé the patient (or his representative) writes nothing, masks nothing
        if (!actor.isProfessionalSide() && !record.activated()) return AccessFailure.PATIENT_NOT_ACTIVATED.deny(record.patientId());
        return null;
    }

    private static String reasonSuffix(Actor actor) {
        return actor.emergencyReason() == null ? "" : " (reason: " + actor.emergencyReason() + ")";
    }

    /** Compares two CX patient ids on matricule and assigning authority (ignores CX.5 and namespace spelling). */
    public static boolean samePatient(String a, String b) {
        if (a == null || b == null) return false;
        if (a.equals(b)) return true;
        String[] x = a.split("\\^", -1), y = b.split("\\^", -1);
        if (x.length < 4 || y.length < 4) return false;
        String[] hx = x[3].split("&", -1), hy = y[3].split("&", -1);
        String ox = hx.length > 1 ? hx[1] : hx[0], oy = hy.length > 1 ? hy[1] : hy[0];
        return x[0].equals(y[0]) && ox.equals(oy);
    }
}
