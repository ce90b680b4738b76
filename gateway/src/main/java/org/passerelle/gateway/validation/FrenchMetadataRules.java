package org.passerelle.gateway.validation;

import org.openehealth.ipf.commons.ihe.xds.core.metadata.Code;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Folder;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.SubmissionSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;
import org.passerelle.gateway.GatewayFailure;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The French (fr-dmp) metadata rules over IPF's model, one method per rule (docs/xds-fr-metadata.md §3–§7). Each
 * rule appends RegistryErrors to the list it is given; {@link #check} runs them all on a submission.
 */
public final class FrenchMetadataRules {

    /** INS-NIR and INS-NIA (docs §3). */
    public static final Set<String> INS_OIDS = Set.of("1.2.250.1.213.1.4.8", "1.2.250.1.213.1.4.9");
    /** INS-NIR test and demo authorities, accepted only in test mode. */
    public static final Set<String> INS_TEST_OIDS = Set.of("1.2.250.1.213.1.4.10", "1.2.250.1.213.1.4.11");
    private static final Pattern MATRICULE = Pattern.compile("[0-9][0-9AB][0-9]{13}");

    private final ValueSets valueSets;
    private final boolean acceptTestOids;

    public FrenchMetadataRules(ValueSets valueSets, boolean acceptTestOids) {
        this.valueSets = valueSets;
        this.acceptTestOids = acceptTestOids;
    }

    /** Every rule on one submission; an empty list means it passes. */
    public List<ErrorInfo> check(SubmissionSet submissionSet, List<DocumentEntry> entries, List<Folder> folders) {
        List<ErrorInfo> errors = new ArrayList<>();
        if (submissionSet != null) {
            patientIdIsIns("SubmissionSet " + submissionSet.getEntryUuid(), submissionSet.getPatientId(), errors);
        }
        for (DocumentEntry entry : entries) {
            String where = "DocumentEntry " + entry.getEntryUuid();
            patientIdIsIns(where, entry.getPatientId(), errors);
            onePatientPerSubmission(submissionSet, entry, errors);
            typeCode(entry, errors);
            confidentialityCodes(entry, errors);
            formatCode(entry, errors);
            healthcareFacilityTypeCode(entry, errors);
            practiceSettingCode(entry, errors);
            classCode(entry, errors);
        }
        for (Folder folder : folders) {
            patientIdIsIns("Folder " + folder.getEntryUuid(), folder.getPatientId(), errors);
        }
        return errors;
    }

    /** patientId is an INS: 15-character matricule, assigning authority an allowed INS OID, type ISO. */
    public void patientIdIsIns(String where, Identifiable pid, List<ErrorInfo> errors) {
        if (pid == null) return; // IPF's validation reports the missing patientId
        String text = render(pid);
        if (pid.getId() == null || !MATRICULE.matcher(pid.getId()).matches() || pid.getAssigningAuthority() == null
                || !"ISO".equals(pid.getAssigningAuthority().getUniversalIdType())) {
            errors.add(GatewayFailure.PATIENT_ID_NOT_INS.error(where, where, text));
            return;
        }
        String oid = pid.getAssigningAuthority().getUniversalId();
        boolean allowed = INS_OIDS.contains(oid) || (acceptTestOids && INS_TEST_OIDS.contains(oid));
        if (!allowed) {
            Set<String> list = new java.util.TreeSet<>(INS_OIDS);
            if (acceptTestOids) list.addAll(INS_TEST_OIDS);
            errors.add(GatewayFailure.PATIENT_ID_AUTHORITY_NOT_ALLOWED.error(where, where, text, oid, list));
        }
    }

    /** Every DocumentEntry patientId equals the SubmissionSet patientId. */
    public void onePatientPerSubmission(SubmissionSet submissionSet, DocumentEntry entry, List<ErrorInfo> errors) {
        if (submissionSet == null || submissionSet.getPatientId() == null || entry.getPatientId() == null) return;
        if (!sameId(submissionSet.getPatientId(), entry.getPatientId())) {
            errors.add(GatewayFailure.PATIENT_ID_DOES_NOT_MATCH.error(entry.getEntryUuid(), entry.getEntryUuid(),
                    render(entry.getPatientId()), render(submissionSet.getPatientId())));
        }
    }

    /** typeCode in JDV_J07 (or JDV_J66 for the DMP). */
    public void typeCode(DocumentEntry entry, List<ErrorInfo> errors) {
        inValueSet(entry, "typeCode", entry.getTypeCode(), valueSets.typeCodes(), errors);
    }

    /** 1 to 4 confidentialityCodes from JDV_J08/J58, N among them. */
    public void confidentialityCodes(DocumentEntry entry, List<ErrorInfo> errors) {
        List<Code> codes = entry.getConfidentialityCodes();
        if (codes.isEmpty()) return; // IPF reports the missing classification
        if (codes.size() > 4) {
            errors.add(GatewayFailure.CONFIDENTIALITY_TOO_MANY.error(entry.getEntryUuid(), entry.getEntryUuid(),
                    codes.size()));
        }
        boolean normal = false;
        for (Code c : codes) {
            inValueSet(entry, "confidentialityCode", c, valueSets.confidentialityCodes(), errors);
            normal |= "N".equals(c.getCode()) && ValueSets.HL7_CONFIDENTIALITY.equals(c.getSchemeName());
        }
        if (!normal) {
            errors.add(GatewayFailure.CONFIDENTIALITY_NORMAL_MISSING.error(entry.getEntryUuid(), entry.getEntryUuid(),
                    codes.stream().map(c -> c.getCode() + "@" + c.getSchemeName()).toList()));
        }
    }

    /** formatCode in JDV_J10/J60. */
    public void formatCode(DocumentEntry entry, List<ErrorInfo> errors) {
        inValueSet(entry, "formatCode", entry.getFormatCode(), valueSets.formatCodes(), errors);
    }

    /** healthcareFacilityTypeCode in JDV_J02/J61. */
    public void healthcareFacilityTypeCode(DocumentEntry entry, List<ErrorInfo> errors) {
        inValueSet(entry, "healthcareFacilityTypeCode", entry.getHealthcareFacilityTypeCode(),
                valueSets.facilityTypeCodes(), errors);
    }

    /** practiceSettingCode in JDV_J04. */
    public void practiceSettingCode(DocumentEntry entry, List<ErrorInfo> errors) {
        inValueSet(entry, "practiceSettingCode", entry.getPracticeSettingCode(), valueSets.practiceSettingCodes(),
                errors);
    }

    /** classCode from TRE_A03 (or the signature class). */
    public void classCode(DocumentEntry entry, List<ErrorInfo> errors) {
        inValueSet(entry, "classCode", entry.getClassCode(), valueSets.classCodes(), errors);
    }

    private static void inValueSet(DocumentEntry entry, String metadata, Code code, ValueSet set,
                                   List<ErrorInfo> errors) {
        String where = "DocumentEntry " + entry.getEntryUuid();
        if (code == null) {
            errors.add(GatewayFailure.CODE_MISSING.error(entry.getEntryUuid(), where, metadata));
        } else if (!set.contains(code.getCode(), code.getSchemeName())) {
            errors.add(GatewayFailure.CODE_NOT_IN_VALUE_SET.error(entry.getEntryUuid(), where, metadata,
                    code.getCode(), code.getSchemeName(), set.name()));
        }
    }

    static boolean sameId(Identifiable a, Identifiable b) {
        return a.getId() != null && a.getId().equals(b.getId()) && a.getAssigningAuthority() != null
                && b.getAssigningAuthority() != null
                && a.getAssigningAuthority().getUniversalId().equals(b.getAssigningAuthority().getUniversalId());
    }

    static String render(Identifiable pid) {
        String aa = pid.getAssigningAuthority() == null ? ""
                : "&" + pid.getAssigningAuthority().getUniversalId() + "&" + pid.getAssigningAuthority().getUniversalIdType();
        return pid.getId() + "^^^" + aa;
    }
}
