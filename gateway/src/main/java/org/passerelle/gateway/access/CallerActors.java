package org.passerelle.gateway.access;

import org.passerelle.access.AccessMode;
import org.passerelle.access.Actor;
import org.passerelle.gateway.spi.Caller;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Turns the verified {@link Caller} into the rules' {@link Actor}. Everything comes from the VIHF; nothing from the
 * SOAP body.
 *
 * @param patientRoles             role-1 values ("code@codeSystem" or bare code) that identify the patient himself
 * @param legalRepresentativeRoles role-1 values that identify a legal representative
 */
public record CallerActors(Set<String> patientRoles, Set<String> legalRepresentativeRoles) {

    /** TRE_A00-ProducteurDocNonPS: software/system authors (e.g. AUTOMATE). */
    public static final String NON_PS_PRODUCER_OID = "1.2.250.1.213.1.1.4.6";
    public static final String AIR_MODE = "INDIRECTE_RENFORCEE";
    public static final String EMERGENCY_REASON_ATTRIBUTE = "Mode_Acces_Raison";

    public CallerActors {
        patientRoles = patientRoles == null ? Set.of() : Set.copyOf(patientRoles);
        legalRepresentativeRoles = legalRepresentativeRoles == null ? Set.of() : Set.copyOf(legalRepresentativeRoles);
    }

    /** No patient-side callers through the VIHF (the DMP patient accesses through Mon espace santé). */
    public static CallerActors professionalsOnly() { return new CallerActors(Set.of(), Set.of()); }

    /** @throws IllegalArgumentException for a purposeofuse outside TRE_R248 */
    public Actor actorOf(Caller caller) {
        String role1 = caller.roles().isEmpty() ? null : caller.roles().get(0);
        String role1Code = role1 == null ? null : codeOf(role1);
        Actor.Kind kind;
        if (role1 != null && (patientRoles.contains(role1) || patientRoles.contains(role1Code))) kind = Actor.Kind.PATIENT;
        else if (role1 != null && (legalRepresentativeRoles.contains(role1) || legalRepresentativeRoles.contains(role1Code))) kind = Actor.Kind.LEGAL_REPRESENTATIVE;
        else if (role1 != null && role1.endsWith("@" + NON_PS_PRODUCER_OID)) kind = Actor.Kind.SYSTEM;
        else kind = Actor.Kind.PROFESSIONAL;
        Set<String> codes = new LinkedHashSet<>();
        for (String r : caller.roles()) codes.add(codeOf(r));
        String profession = caller.professionCode() != null ? caller.professionCode() : role1Code;
        String subject = kind == Actor.Kind.PATIENT && caller.subjectId() == null ? caller.resourceId() : caller.subjectId();
        return new Actor(kind, subject, caller.structureId(), profession, caller.specialtyCode(), codes,
                AccessMode.fromPurposeOfUse(caller.purposeOfUse()), AIR_MODE.equals(caller.authMode()), caller.authMode(),
                caller.resourceId(), caller.attribute(EMERGENCY_REASON_ATTRIBUTE).orElse(null));
    }

    private static String codeOf(String role) {
        int at = role.indexOf('@');
        return at < 0 ? role : role.substring(0, at);
    }
}
