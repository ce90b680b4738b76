package org.passerelle.vihf;

import org.w3c.dom.Element;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An assertion that passed every check of {@link VihfVerifier}. Every value here was read from {@link #element()},
 * the very element whose ID the signature reference resolved to; nothing downstream needs to read the XML again.
 *
 * @param profile            the profile it was verified against
 * @param element            the verified saml2:Assertion element (do not modify)
 * @param id                 Assertion/@ID
 * @param issuer             saml2:Issuer
 * @param nameId             Subject/NameID (the user's identifier)
 * @param issueInstant       Assertion/@IssueInstant
 * @param expiresAt          NotOnOrAfter, or IssueInstant + max lifetime when absent
 * @param signingCertificate the trusted certificate whose key verified the signature
 * @param tlsClientCertificate the TLS client certificate, or null
 * @param establishmentId    the OU of the signing certificate (IGC-Santé structure id), or null
 * @param vihfVersion        VIHF_Version (FR_DMP) or null
 * @param authenticationMode Authentification_Mode (FR_DMP) or null
 * @param structureId        Identifiant_Structure (FR_DMP) or null
 * @param activitySector     Secteur_Activite "code^OID" (FR_DMP) or null
 * @param subjectName        subject:subject-id, or null
 * @param roles              subject:role values, in document order
 * @param resourceId         resource-id (the INS patient id, CX), or null (IHE_XUA without it)
 * @param purposeOfUse       purposeofuse, or null (IHE_XUA without it)
 * @param authnContextClass  AuthnContextClassRef, or null
 * @param authnContextDecl   AuthnContextDecl (AIR), or null
 * @param attributes         every attribute by name, values in document order (coded values as "code@codeSystem")
 */
public record VerifiedAssertion(VihfProfile profile, Element element, String id, String issuer, String nameId,
                                Instant issueInstant, Instant expiresAt, X509Certificate signingCertificate,
                                X509Certificate tlsClientCertificate, String establishmentId, String vihfVersion,
                                String authenticationMode, String structureId, String activitySector,
                                String subjectName, List<CodedValue> roles, String resourceId,
                                CodedValue purposeOfUse, String authnContextClass, String authnContextDecl,
                                Map<String, List<String>> attributes) {

    private static final Set<String> FEEDING = Set.of("ITI-41", "ITI-42", "ITI-57");

    public VerifiedAssertion {
        roles = List.copyOf(roles);
        attributes = Map.copyOf(attributes);
    }

    /** True for an AIR token (Authentification_Mode INDIRECTE_RENFORCEE). */
    public boolean isAir() {
        return Saml.MODE_AIR.equals(authenticationMode);
    }

    /** The purpose of use code, "normal" when absent. */
    public String purposeCode() {
        return purposeOfUse == null ? "normal" : purposeOfUse.code();
    }

    /** The first role (profession), or null. */
    public CodedValue profession() {
        return roles.isEmpty() ? null : roles.get(0);
    }

    /** The specialty (second role), or null. */
    public CodedValue specialty() {
        return roles.size() < 2 ? null : roles.get(1);
    }

    public static boolean isFeeding(String transactionId) {
        return transactionId != null && FEEDING.contains(transactionId.toUpperCase(java.util.Locale.ROOT));
    }

    /** AIR and emergency purposes allow consultation only (docs/vihf-air.md §5, R-34, R-84). */
    public void checkTransaction(String transactionId) throws VihfException {
        if (!isFeeding(transactionId)) return;
        if (isAir()) {
            throw new VihfException(VihfFailure.AIR_CONSULTATION_ONLY, transactionId);
        }
        if (profile == VihfProfile.FR_DMP && !"normal".equals(purposeCode())) {
            throw new VihfException(VihfFailure.EMERGENCY_CONSULTATION_ONLY, purposeCode(), transactionId);
        }
    }

    /**
     * The resource-id patient must be the request's patient (docs/vihf-air.md §6 check 11). Compares the id and the
     * assigning authority OID of the two CX values. A null request patient is not checked.
     */
    public void checkPatient(String requestPatientId) throws VihfException {
        if (requestPatientId == null) return;
        if (resourceId == null) {
            if (profile == VihfProfile.IHE_XUA) return;
            throw new VihfException(VihfFailure.ATTRIBUTE_MISSING, Saml.RESOURCE_ID);
        }
        if (!InsIdentifier.samePatient(resourceId, requestPatientId)) {
            throw new VihfException(VihfFailure.PATIENT_MISMATCH, resourceId, requestPatientId);
        }
    }
}
