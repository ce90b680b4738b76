package org.passerelle.gateway.spi;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who is calling, as established by the security layer (the verified VIHF / XUA assertion and the TLS client
 * certificate). Every attribute the access rules need comes from here, and only from the verified assertion.
 *
 * @param subjectId        Subject/NameID (the professional's national id, e.g. RPPS-based IdNat)
 * @param subjectName      subject:subject-id display name, or null
 * @param structureId      Identifiant_Structure (establishment national id), or null
 * @param professionCode   profession code from subject:role (e.g. TRE_G15 "10" médecin), or null
 * @param specialtyCode    specialty code (e.g. "SM26"), or null
 * @param roles            all subject:role codes as "code@codeSystem"
 * @param authMode         Authentification_Mode (e.g. "AIR_DIRECT", "INDIRECTE_RENFORCEE"…), or null
 * @param purposeOfUse     purposeofuse code (normal, BRIS_DE_GLACE, CENTRE_15…), or null
 * @param resourceId       resource-id: the INS patient id the token was issued for (CX form), or null
 * @param assertionId      the assertion ID, or null when anonymous
 * @param tlsClientCertificate the TLS client certificate, or null (plain HTTP, development only)
 * @param attributes       every verified attribute by name (values in document order)
 */
public record Caller(String subjectId, String subjectName, String structureId, String professionCode,
                     String specialtyCode, List<String> roles, String authMode, String purposeOfUse,
                     String resourceId, String assertionId, X509Certificate tlsClientCertificate,
                     Map<String, List<String>> attributes) {

    public Caller {
        roles = roles == null ? List.of() : List.copyOf(roles);
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** The caller of an unsecured endpoint (security disabled in configuration: local development, NIST runs). */
    public static Caller anonymous() {
        return new Caller(null, null, null, null, null, List.of(), null, null, null, null, null, Map.of());
    }

    public boolean isAnonymous() { return assertionId == null; }

    public Optional<String> attribute(String name) {
        List<String> v = attributes.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }
}
