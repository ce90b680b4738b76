package org.passerelle.vihf;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.passerelle.certs.SamplePki;
import org.w3c.dom.Element;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The NIST XUA variants (nist-testkit README): the IHE_XUA profile faults exactly where the toolkit expects. */
class XuaVariantsTest {

    private static final Map<XuaAssertions.Variant, VihfFailure> EXPECTED = Map.of(
            XuaAssertions.Variant.EXPIRED, VihfFailure.EXPIRED,
            XuaAssertions.Variant.NOTYETVALID, VihfFailure.NOT_YET_VALID,
            XuaAssertions.Variant.UNSIGNED, VihfFailure.UNSIGNED,
            XuaAssertions.Variant.UNKNOWNAUDIENCE, VihfFailure.AUDIENCE_MISMATCH,
            XuaAssertions.Variant.INVALIDAUTHNSTATEMENT, VihfFailure.AUTHN_STATEMENT_INVALID,
            XuaAssertions.Variant.SECONDAUTHNCONTEXT, VihfFailure.AUTHN_STATEMENT_INVALID,
            XuaAssertions.Variant.SECONDPURPOSEOFUSE, VihfFailure.ATTRIBUTE_MULTIVALUED,
            XuaAssertions.Variant.SECONDROLE, VihfFailure.ATTRIBUTE_MULTIVALUED);

    @ParameterizedTest
    @EnumSource(XuaAssertions.Variant.class)
    void variant(XuaAssertions.Variant variant) throws Exception {
        SamplePki pki = TestPki.pki();
        SamplePki.KeyMaterial signer = pki.establishment(2).sign();
        XuaAssertions xua = new XuaAssertions(TestPki.key(signer), TestPki.cert(signer), "https://sts.example.org/xua",
                XuaAssertions.DEFAULT_AUDIENCE);
        VihfVerifier verifier = new VihfVerifier(VihfPolicy.builder(VihfProfile.IHE_XUA)
                .trustAnchors(pki.trustAnchors()).intermediates(List.of(pki.intermediate())).crls(pki.loadCrls())
                .expectedAudience(XuaAssertions.DEFAULT_AUDIENCE).build());
        String patient = "NIST-1^^^&1.3.6.1.4.1.21367.2005.13.20.1000&ISO";
        Element a = xua.build(variant, "nist-xua-" + variant.name().toLowerCase(), patient);
        Element header = WsSecurity.envelope(a).getDocumentElement();
        assertEquals(variant, XuaAssertions.Variant.fromSuffix(variant.name().toLowerCase()));
        if (variant.expectsFault()) {
            VihfException e = assertThrows(VihfException.class, () -> verifier.verify(header, null, "ITI-41", patient));
            assertEquals(EXPECTED.get(variant), e.failure(), e.getMessage());
        } else {
            VerifiedAssertion v = verifier.verify(header, null, "ITI-41", patient);
            assertEquals("nist-xua-" + variant.name().toLowerCase(), v.nameId());
            assertEquals(1, v.roles().size());
            assertEquals("TREATMENT", v.purposeCode());
            if (variant == XuaAssertions.Variant.WITHAUTHZCONSENT) {
                assertTrue(v.attributes().containsKey(Saml.BPPC_DOC_ID));
            }
            VihfException other = assertThrows(VihfException.class,
                    () -> v.checkPatient("OTHER^^^&1.3.6.1.4.1.21367.2005.13.20.1000&ISO"));
            assertEquals(VihfFailure.PATIENT_MISMATCH, other.failure());
        }
    }
}
