package org.passerelle.access;

import java.util.Set;

/**
 * Who acts, as the verified VIHF says (never from the SOAP body).
 *
 * @param kind           professional, establishment system, patient or legal representative
 * @param subjectId      Subject/NameID: the professional's national id (or the patient's INS for a patient)
 * @param structureId    Identifiant_Structure, or null
 * @param professionCode role 1 code (TRE_G15 profession), or null
 * @param specialtyCode  role 2 code (specialty), or null
 * @param roleCodes      every subject:role code (roles 3/4 carry the activity genre, e.g. GEN01)
 * @param mode           purposeofuse
 * @param air            true when authenticated in AIR mode (Authentification_Mode INDIRECTE_RENFORCEE)
 * @param authMode       the Authentification_Mode as received (for messages and audit), or null
 * @param resourceId     VIHF resource-id (the INS the token was issued for), or null
 * @param emergencyReason free-text justification of an emergency access, or null
 */
public record Actor(Kind kind, String subjectId, String structureId, String professionCode, String specialtyCode,
                    Set<String> roleCodes, AccessMode mode, boolean air, String authMode, String resourceId,
                    String emergencyReason) {

    public enum Kind { PROFESSIONAL, SYSTEM, PATIENT, LEGAL_REPRESENTATIVE }

    public Actor {
        if (kind == null) throw new IllegalArgumentException("actor kind is required");
        roleCodes = roleCodes == null ? Set.of() : Set.copyOf(roleCodes);
        mode = mode == null ? AccessMode.NORMAL : mode;
    }

    /** A professional in normal mode (tests, admin tools). */
    public static Actor professional(String subjectId, String structureId, String profession, String specialty,
                                     String... roleCodes) {
        return new Actor(Kind.PROFESSIONAL, subjectId, structureId, profession, specialty, Set.of(roleCodes),
                AccessMode.NORMAL, false, null, null, null);
    }

    public static Actor patient(String ins) {
        return new Actor(Kind.PATIENT, ins, null, null, null, Set.of(), AccessMode.NORMAL, false, null, ins, null);
    }

    public static Actor legalRepresentative(String subjectId, String ins) {
        return new Actor(Kind.LEGAL_REPRESENTATIVE, subjectId, null, null, null, Set.of(), AccessMode.NORMAL, false,
                null, ins, null);
    }

    public Actor withMode(AccessMode newMode, String reason) {
        return new Actor(kind, subjectId, structureId, professionCode, specialtyCode, roleCodes, newMode, air, authMode,
                resourceId, reason);
    }

    public Actor withAir(boolean isAir, String mode) {
        return new Actor(kind, subjectId, structureId, professionCode, specialtyCode, roleCodes, this.mode, isAir, mode,
                resourceId, emergencyReason);
    }

    public Actor withResourceId(String ins) {
        return new Actor(kind, subjectId, structureId, professionCode, specialtyCode, roleCodes, mode, air, authMode,
                ins, emergencyReason);
    }

    public boolean isProfessionalSide() { return kind == Kind.PROFESSIONAL || kind == Kind.SYSTEM; }
}
