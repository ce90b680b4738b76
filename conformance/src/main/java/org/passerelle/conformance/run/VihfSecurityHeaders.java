package org.passerelle.conformance.run;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.passerelle.conformance.Xml;
import org.passerelle.vihf.VihfBuilder;
import org.passerelle.vihf.VihfSigner;
import org.w3c.dom.Element;

/**
 * French VIHF tokens (module vihf {@link VihfBuilder}/{@link VihfSigner}) for the French scenarios, signed with an
 * establishment's ORG_SIGN key: a health professional of that establishment, for the request's patient. The step's
 * {@code <Vihf variant=>} picks the token: {@code valid} (default), {@code expired}, {@code air} (reinforced indirect
 * authentication, consultation only), {@code none} (no header at all).
 */
public final class VihfSecurityHeaders implements RunConfig.SecurityHeaders {
    private final PrivateKey key;
    private final X509Certificate certificate;
    private final String structureId;
    private final String identifier;

    /**
     * @param structureId the establishment's structure id (e.g. {@code 1} + FINESS), as in its certificate
     * @param identifier  the establishment's FINESS or SIRET (user ids are {@code 3<identifier>/<local id>})
     */
    public VihfSecurityHeaders(PrivateKey key, X509Certificate certificate, String structureId, String identifier) {
        this.key = key;
        this.certificate = certificate;
        this.structureId = structureId;
        this.identifier = identifier;
    }

    @Override
    public String header(String testId, String action, String expectedStatus) {
        return header(testId, action, expectedStatus, null, null);
    }

    @Override
    public String header(String testId, String action, String expectedStatus, String patientId, String variant) {
        String v = variant == null ? "valid" : variant.toLowerCase(Locale.ROOT);
        if (v.equals("none")) return null;
        VihfBuilder b = VihfBuilder.create().issuer(certificate).user("3" + identifier + "/CONFORMANCE-1",
                        "CONFORMANCE Passerelle, Medecine")
                .structure(structureId).activitySector("SA07")
                .profession("10", "Médecin").specialty("SM26", "Qualifié en médecine générale")
                .purposeOfUse("normal").lps("PASSERELLE-CONFORMANCE", "0.1.0", "TST-0000000-tmp1");
        if (patientId != null) b.patient(patientId.endsWith("^NH") ? patientId : patientId + "^NH");
        switch (v) {
            case "valid" -> { }
            case "air" -> b.air();
            case "expired" -> b.validity(Instant.now().minus(Duration.ofMinutes(30)), Duration.ofMinutes(5));
            default -> throw new IllegalArgumentException("unknown Vihf variant '" + variant
                    + "' (valid, expired, air, none)");
        }
        Element a = VihfSigner.sign(b.build(), key, certificate);
        return "<wsse:Security xmlns:wsse=\"" + XuaSecurityHeaders.WSSE + "\">" + Xml.fragment(a) + "</wsse:Security>";
    }
}
