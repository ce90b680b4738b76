package org.passerelle.vihf;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.passerelle.certs.SamplePki;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.security.cert.X509Certificate;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.passerelle.vihf.TestPki.*;

/**
 * The professional authentication rules of dmp-access-rules.md §9 on the verifier: the three modes (R-80: CPS card
 * "DIRECTE", establishment certificates "INDIRECTE", AIR), homologated software, AIR as consultation without a
 * personal card vouched for by the establishment stating the user's primary authentication.
 */
class AuthenticationModesTest {

    private final VihfVerifier verifier = new VihfVerifier(dmpPolicy().build());

    private static Element header(Document env) {
        return (Element) env.getElementsByTagNameNS(Saml.SOAP12_NS, "Header").item(0);
    }

    private VerifiedAssertion verify(VihfVerifier v, VihfBuilder b, X509Certificate tls, String tx) throws VihfException {
        return v.verify(header(WsSecurity.envelope(signed(b))), tls, tx, PATIENT);
    }

    private VihfFailure refusal(VihfVerifier v, VihfBuilder b, X509Certificate tls, String tx) {
        VihfException e = assertThrows(VihfException.class, () -> verify(v, b, tls, tx));
        assertNotNull(e.getMessage());
        return e.failure();
    }

    private static VihfBuilder cps() {
        return vihf().authenticationMode("DIRECTE").authnContext(Saml.AC_SMARTCARD, null);
    }

    private static VihfBuilder establishment() {
        return vihf().authenticationMode("INDIRECTE").authnContext(Saml.AC_PASSWORD, null);
    }

    @Test
    @DisplayName("R-80: CPS card (DIRECTE), establishment certificates (INDIRECTE) and AIR are the accepted modes, "
            + "always over the establishment's TLS certificate")
    void r80AuthenticationModes() throws Exception {
        VerifiedAssertion card = verify(verifier, cps(), tls1(), "ITI-41");
        assertEquals("DIRECTE", card.authenticationMode());
        assertEquals(Saml.AC_SMARTCARD, card.authnContextClass());
        assertFalse(card.isAir());

        VerifiedAssertion indirect = verify(verifier, establishment(), tls1(), "ITI-41");
        assertEquals("INDIRECTE", indirect.authenticationMode());
        assertEquals(pki().establishment(1).structureId(), indirect.establishmentId());

        assertTrue(verify(verifier, vihf(), tls1(), "ITI-18").isAir());

        // a mode outside the three (e.g. a web-portal login) is not an LPS authentication
        assertEquals(VihfFailure.ATTRIBUTE_MALFORMED, refusal(verifier, vihf().authenticationMode("PSC_WEB"), tls1(), "ITI-18"));
        assertEquals(VihfFailure.ATTRIBUTE_MISSING,
                refusal(verifier, vihf().without(Saml.AUTHENTIFICATION_MODE), tls1(), "ITI-18"));
        // establishments authenticate through their certificates: no TLS client certificate, no access
        assertEquals(VihfFailure.TLS_CLIENT_CERTIFICATE_MISSING, refusal(verifier, establishment(), null, "ITI-18"));
        // and the certificate must be the same establishment's
        SamplePki.Establishment other = pki().establishment(2);
        assertEquals(VihfFailure.ESTABLISHMENT_MISMATCH,
                refusal(verifier, establishment(), cert(other.authCli()), "ITI-18"));
    }

    @Test
    @DisplayName("R-81: LPS_ID_HOMOLOGATION_DMP required; a configured allow-list refuses other numbers; "
            + "an empty list accepts any non-empty value")
    void r81HomologatedSoftware() throws Exception {
        assertEquals("TST-0000000-tmp1",
                verify(verifier, vihf(), tls1(), "ITI-18").attributes().get(Saml.LPS_ID_HOMOLOGATION_DMP).get(0));
        assertEquals(VihfFailure.ATTRIBUTE_MISSING,
                refusal(verifier, vihf().without(Saml.LPS_ID_HOMOLOGATION_DMP), tls1(), "ITI-18"));
        assertEquals(VihfFailure.ATTRIBUTE_MALFORMED,
                refusal(verifier, vihf().attribute(Saml.LPS_ID_HOMOLOGATION_DMP, " "), tls1(), "ITI-18"));

        VihfVerifier listed = new VihfVerifier(dmpPolicy().homologationAllowList(Set.of("EVO-20200654-tmp8")).build());
        VihfException e = assertThrows(VihfException.class, () -> verify(listed, vihf(), tls1(), "ITI-18"));
        assertEquals(VihfFailure.HOMOLOGATION_NOT_ALLOWED, e.failure());
        assertTrue(e.getMessage().contains("TST-0000000-tmp1"), e.getMessage());
        assertTrue(e.faultCode().toString().endsWith("FailedAuthentication"), e.faultCode().toString());
        assertNotNull(verify(listed, vihf().lps("EVOSIPS", "4.2", "EVO-20200654-tmp8"), tls1(), "ITI-18"));
    }

    @Test
    @DisplayName("R-82: AIR lets an establishment user without a personal card consult (ITI-18, ITI-43), never feed or update")
    void r82AirIsConsultationWithoutCard() throws Exception {
        VerifiedAssertion air = verify(verifier, vihf(), tls1(), "ITI-18");
        assertTrue(air.isAir());
        assertEquals(Saml.AC_PASSWORD, air.authnContextClass(), "no card: the establishment's own login");
        assertEquals(pki().establishment(1).structureId(), air.structureId());
        assertNotNull(verify(verifier, vihf(), tls1(), "ITI-43"));
        for (String feeding : new String[] {"ITI-41", "ITI-42", "ITI-57"}) {
            VihfException e = assertThrows(VihfException.class, () -> verify(verifier, vihf(), tls1(), feeding));
            assertEquals(VihfFailure.AIR_CONSULTATION_ONLY, e.failure(), feeding);
            assertTrue(e.getMessage().contains(feeding), e.getMessage());
        }
    }

    @Test
    @DisplayName("R-85: an AIR token states the user's primary authentication; AIR simplifié allows only CONF_EXI_PGSSIS")
    void r85AirStatesThePrimaryAuthentication() throws Exception {
        assertEquals("CONF_EXI_PGSSIS", verify(verifier, vihf(), tls1(), "ITI-18").authnContextDecl());
        assertEquals("APP_BROWSER_AUTH", verify(verifier, vihf().authnContext(Saml.AC_PASSWORD, "APP_BROWSER_AUTH"),
                tls1(), "ITI-18").authnContextDecl(), "the kit's declaration is accepted by default");

        VihfException none = assertThrows(VihfException.class,
                () -> verify(verifier, vihf().authnContext(Saml.AC_PASSWORD, null), tls1(), "ITI-18"));
        assertEquals(VihfFailure.AUTHN_STATEMENT_INVALID, none.failure());
        assertTrue(none.getMessage().contains("AuthnContextDecl"), none.getMessage());

        VihfVerifier simplified = new VihfVerifier(dmpPolicy().acceptedAuthDeclarations(Set.of("CONF_EXI_PGSSIS")).build());
        assertNotNull(verify(simplified, vihf(), tls1(), "ITI-18"));
        assertEquals(VihfFailure.AUTHN_STATEMENT_INVALID,
                refusal(simplified, vihf().authnContext(Saml.AC_PASSWORD, "APP_BROWSER_AUTH"), tls1(), "ITI-18"));
        // the declaration is an AIR matter: a CPS token needs none
        assertNotNull(verify(simplified, cps(), tls1(), "ITI-18"));
    }
}
