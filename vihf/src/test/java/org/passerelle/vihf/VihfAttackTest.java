package org.passerelle.vihf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.passerelle.certs.SamplePki;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;
import static org.passerelle.vihf.TestPki.*;

/**
 * DOM-level attack suite of the verifier: legitimate tokens pass; each attack class of docs/vihf-air.md §7 is refused
 * with its exact {@link VihfFailure}.
 */
class VihfAttackTest {

    private final VihfVerifier verifier = new VihfVerifier(dmpPolicy().build());

    // ------------------------------------------------------------------------------------------------ helpers

    private static Document envelope(Element assertion) {
        return WsSecurity.envelope(assertion);
    }

    private static Element security(Document env) {
        return (Element) env.getElementsByTagNameNS(Saml.WSSE_NS, "Security").item(0);
    }

    private static Element body(Document env) {
        return (Element) env.getElementsByTagNameNS(Saml.SOAP12_NS, "Body").item(0);
    }

    private static Element header(Document env) {
        return (Element) env.getElementsByTagNameNS(Saml.SOAP12_NS, "Header").item(0);
    }

    private static Element assertionIn(Node n) {
        for (Element c : VihfVerifier.children(n)) {
            if (VihfVerifier.is(c, Saml.SAML2_NS, "Assertion")) return c;
        }
        throw new AssertionError("no assertion");
    }

    private static Element first(Node scope, String ns, String local) {
        Node n = scope.getNodeType() == Node.DOCUMENT_NODE
                ? ((Document) scope).getElementsByTagNameNS(ns, local).item(0)
                : ((Element) scope).getElementsByTagNameNS(ns, local).item(0);
        return (Element) n;
    }

    private VihfFailure failure(Document env) {
        return failure(verifier, env, tls1(), "ITI-18", PATIENT);
    }

    private static VihfFailure failure(VihfVerifier v, Document env, X509Certificate tls, String tx, String patient) {
        VihfException e = assertThrows(VihfException.class,
                () -> v.verify(header(env) != null ? header(env) : env.getDocumentElement(), tls, tx, patient));
        assertNotNull(e.getMessage());
        assertEquals(e.failure().faultCode(), e.faultCode());
        return e.failure();
    }

    /** A forged copy of a signed assertion: another user, optionally another ID, signature removed. */
    private static Element forged(Element signed, String newId, boolean keepSignature) {
        Element f = (Element) signed.cloneNode(true);
        first(f, Saml.SAML2_NS, "NameID").setTextContent("3999999999/ADMIN");
        if (newId != null) f.setAttributeNS(null, "ID", newId);
        if (!keepSignature) {
            Element sig = first(f, Saml.DS_NS, "Signature");
            sig.getParentNode().removeChild(sig);
        }
        return f;
    }

    // ------------------------------------------------------------------------------------------------ legitimate

    @Test
    void legitimateAirTokenPassesAndEverythingComesFromTheVerifiedElement() throws Exception {
        Document env = envelope(signed(vihf()));
        VerifiedAssertion v = verifier.verify(header(env), tls1(), "ITI-18", PATIENT);
        SamplePki.Establishment e = pki().establishment(1);
        assertSame(assertionIn(security(env)), v.element());
        assertEquals("3" + e.identifier() + "/IDE-000042", v.nameId());
        assertEquals(e.structureId(), v.structureId());
        assertEquals(e.structureId(), v.establishmentId());
        assertTrue(v.isAir());
        assertEquals("10", v.profession().code());
        assertEquals("SM26", v.specialty().code());
        assertEquals(PATIENT, v.resourceId());
        assertEquals("normal", v.purposeCode());
        assertEquals("CONF_EXI_PGSSIS", v.authnContextDecl());
        assertEquals(List.of("EXEMPLE-DPI"), v.attributes().get(Saml.LPS_NOM));
        assertEquals(cert(e.sign()), v.signingCertificate());
    }

    @Test
    void legitimateTokenPassesAfterSerialisationAndSecureReparse() throws Exception {
        byte[] wire = WsSecurity.toBytes(envelope(signed(vihf())));
        VerifiedAssertion v = verifier.verify(wire, tls1(), "ITI-43", "180057512345627^^^&1.2.250.1.213.1.4.8&ISO");
        assertEquals("normal", v.purposeCode(), "ITI-43 is consultation");
    }

    @Test
    void indirectTokenMayFeedAndIssuerSpellingWithSIsTolerated() throws Exception {
        String dn = cert(pki().establishment(1).sign()).getSubjectX500Principal().getName().replace("ST=", "S=");
        Element a = signed(vihf().issuer(dn).authenticationMode("INDIRECTE").authnContext(Saml.AC_PASSWORD, null));
        VerifiedAssertion v = verifier.verify(header(envelope(a)), tls1(), "ITI-41", PATIENT);
        assertFalse(v.isAir());
    }

    @Test
    void explicitlyTrustedSignerWithoutAnchorPasses() throws Exception {
        VihfVerifier v = new VihfVerifier(VihfPolicy.builder(VihfProfile.FR_DMP)
                .trustedSigners(List.of(cert(pki().establishment(1).sign())))
                .requireTlsClientCertificate(false).requireSameEstablishment(false).build());
        assertNotNull(v.verify(header(envelope(signed(vihf()))), null, "ITI-18", null));
    }

    // ------------------------------------------------------------------------------------------------ XSW

    @Test
    void xswForgedAssertionBeforeTheSignedOneInTheHeader() {
        Document env = envelope(signed(vihf()));
        Element signed = assertionIn(security(env));
        security(env).insertBefore(forged(signed, "_forged", false), signed);
        assertEquals(VihfFailure.MULTIPLE_ASSERTIONS, failure(env));
    }

    @Test
    void xswForgedAssertionAfterTheSignedOneInTheHeader() {
        Document env = envelope(signed(vihf()));
        Element signed = assertionIn(security(env));
        security(env).appendChild(forged(signed, "_forged", false));
        assertEquals(VihfFailure.MULTIPLE_ASSERTIONS, failure(env));
    }

    @Test
    void xswSignedAssertionMovedToTheBodyForgedOneInTheHeader() {
        Document env = envelope(signed(vihf()));
        Element signed = assertionIn(security(env));
        Element forged = forged(signed, null, true);
        security(env).replaceChild(forged, signed);
        body(env).appendChild(signed);
        assertEquals(VihfFailure.MULTIPLE_ASSERTIONS, failure(env));
    }

    @Test
    void xswForgedAssertionInTheBody() {
        Document env = envelope(signed(vihf()));
        body(env).appendChild(forged(assertionIn(security(env)), "_forged", false));
        assertEquals(VihfFailure.MULTIPLE_ASSERTIONS, failure(env));
    }

    @Test
    void xswSignedAssertionWrappedInAdviceOfTheForgedOne() {
        Document env = envelope(signed(vihf()));
        Element signed = assertionIn(security(env));
        Element forged = forged(signed, "_forged", false);
        Element advice = env.createElementNS(Saml.SAML2_NS, "saml2:Advice");
        forged.insertBefore(advice, first(forged, Saml.SAML2_NS, "AuthnStatement"));
        security(env).replaceChild(forged, signed);
        advice.appendChild(signed);
        assertEquals(VihfFailure.MULTIPLE_ASSERTIONS, failure(env));
    }

    @Test
    void xswSignedAssertionWrappedInAnExtensionsHeader() {
        Document env = envelope(signed(vihf()));
        Element signed = assertionIn(security(env));
        Element ext = env.createElementNS("urn:example:ext", "x:Extensions");
        header(env).appendChild(ext);
        security(env).replaceChild(forged(signed, null, true), signed);
        ext.appendChild(signed);
        assertEquals(VihfFailure.MULTIPLE_ASSERTIONS, failure(env));
    }

    @Test
    void xswSignedAssertionWrappedInADsObjectOfTheForgedSignature() {
        Document env = envelope(signed(vihf()));
        Element signed = assertionIn(security(env));
        Element forged = forged(signed, null, true);
        Element object = env.createElementNS(Saml.DS_NS, "ds:Object");
        first(forged, Saml.DS_NS, "Signature").appendChild(object);
        security(env).replaceChild(forged, signed);
        object.appendChild(signed);
        assertEquals(VihfFailure.MULTIPLE_ASSERTIONS, failure(env));
    }

    /** The same wrappings when the verifier sees only the header (a SOAP stack that streams the body). */
    @Test
    void xswHeaderOnlyViewForgedAssertionCarryingTheOriginalSignature() {
        Document env = envelope(signed(vihf()));
        Element signed = assertionIn(security(env));
        // same ID as the signed one: the reference now resolves to the forged element, whose digest differs
        security(env).replaceChild(forged(signed, null, true), signed);
        assertEquals(VihfFailure.SIGNATURE_INVALID, failure(env));
        // another ID: the reference no longer names the assertion
        Document env2 = envelope(signed(vihf()));
        Element signed2 = assertionIn(security(env2));
        security(env2).replaceChild(forged(signed2, "_forged", true), signed2);
        assertEquals(VihfFailure.SIGNATURE_REFERENCE, failure(env2));
    }

    @Test
    void adviceAndDsObjectAreRefusedEvenWithoutAWrappedAssertion() {
        Document env = envelope(signed(vihf()));
        Element a = assertionIn(security(env));
        a.insertBefore(env.createElementNS(Saml.SAML2_NS, "saml2:Advice"), first(a, Saml.SAML2_NS, "AuthnStatement"));
        assertEquals(VihfFailure.MALFORMED_ASSERTION, failure(env));

        Document env2 = envelope(signed(vihf()));
        first(env2, Saml.DS_NS, "Signature").appendChild(env2.createElementNS(Saml.DS_NS, "ds:Object"));
        assertEquals(VihfFailure.SIGNATURE_MISPLACED, failure(env2));
    }

    // ------------------------------------------------------------------------------------------------ signature

    @Test
    void signatureStripped() {
        Document env = envelope(signed(vihf()));
        Element sig = first(env, Saml.DS_NS, "Signature");
        sig.getParentNode().removeChild(sig);
        assertEquals(VihfFailure.UNSIGNED, failure(env));
    }

    @Test
    void unsignedAssertion() {
        assertEquals(VihfFailure.UNSIGNED, failure(envelope(vihf().build())));
    }

    @Test
    void signatureMovedAwayFromItsPlace() {
        Document env = envelope(signed(vihf()));
        Element a = assertionIn(security(env));
        Element sig = first(a, Saml.DS_NS, "Signature");
        a.removeChild(sig);
        a.appendChild(sig);
        assertEquals(VihfFailure.SIGNATURE_MISPLACED, failure(env));
    }

    @Test
    void signatureOverAnotherElement() {
        Document env = envelope(signed(vihf()));
        Element ts = env.createElementNS(Saml.WSU_NS, "wsu:Timestamp");
        ts.setAttributeNS(Saml.WSU_NS, "wsu:Id", "TS-1");
        security(env).insertBefore(ts, security(env).getFirstChild());
        first(env, Saml.DS_NS, "Reference").setAttributeNS(null, "URI", "#TS-1");
        assertEquals(VihfFailure.SIGNATURE_REFERENCE, failure(env));

        Document env2 = envelope(signed(vihf()));
        first(env2, Saml.DS_NS, "Reference").setAttributeNS(null, "URI", "");
        assertEquals(VihfFailure.SIGNATURE_REFERENCE, failure(env2));
    }

    @Test
    void contentModifiedAfterSigning() {
        Document env = envelope(signed(vihf()));
        first(env, Saml.SAML2_NS, "NameID").setTextContent("3999999999/ADMIN");
        assertEquals(VihfFailure.SIGNATURE_INVALID, failure(env));
    }

    @Test
    void duplicatedIds() {
        Document env = envelope(signed(vihf()));
        String id = assertionIn(security(env)).getAttributeNS(null, "ID");
        Element ts = env.createElementNS(Saml.WSU_NS, "wsu:Timestamp");
        ts.setAttributeNS(Saml.WSU_NS, "wsu:Id", id);
        security(env).insertBefore(ts, security(env).getFirstChild());
        assertEquals(VihfFailure.DUPLICATE_ID, failure(env));

        Document env2 = envelope(signed(vihf()));
        Element other = env2.createElementNS("urn:example", "x:Other");
        other.setAttributeNS(null, "ID", assertionIn(security(env2)).getAttributeNS(null, "ID"));
        body(env2).appendChild(other);
        assertEquals(VihfFailure.DUPLICATE_ID, failure(env2));
    }

    @Test
    void sha1SignatureAndDigestAreRefused() {
        SamplePki.Establishment e = pki().establishment(1);
        Element a = VihfSigner.sign(vihf().build(), key(e.sign()), cert(e.sign()), Saml.RSA_SHA1, Saml.SHA256);
        assertEquals(VihfFailure.SIGNATURE_ALGORITHM, failure(envelope(a)));
        Element b = VihfSigner.sign(vihf().build(), key(e.sign()), cert(e.sign()), Saml.RSA_SHA256, Saml.SHA1);
        assertEquals(VihfFailure.SIGNATURE_ALGORITHM, failure(envelope(b)));
        assertEquals(VihfFailure.Code.UNSUPPORTED_ALGORITHM, VihfFailure.SIGNATURE_ALGORITHM.faultCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://www.w3.org/TR/1999/REC-xslt-19991116", "http://www.w3.org/TR/1999/REC-xpath-19991116",
            "http://www.w3.org/2002/06/xmldsig-filter2", "http://www.w3.org/2000/09/xmldsig#base64"})
    void xsltXpathAndOtherTransformsAreRefusedBeforeAnyCryptography(String algorithm) {
        Document env = envelope(signed(vihf()));
        Element transforms = first(env, Saml.DS_NS, "Transforms");
        Element t = env.createElementNS(Saml.DS_NS, "ds:Transform");
        t.setAttributeNS(null, "Algorithm", algorithm);
        transforms.insertBefore(t, transforms.getFirstChild());
        assertEquals(VihfFailure.SIGNATURE_TRANSFORM, failure(env));
    }

    @Test
    void canonicalisationWithCommentsIsRefused() {
        Document env = envelope(signed(vihf()));
        first(env, Saml.DS_NS, "CanonicalizationMethod").setAttributeNS(null, "Algorithm",
                "http://www.w3.org/2001/10/xml-exc-c14n#WithComments");
        assertEquals(VihfFailure.SIGNATURE_TRANSFORM, failure(env));
    }

    // ------------------------------------------------------------------------------------------------ text tricks

    @Test
    void commentInsideTheNameIdKeepsTheDigestButIsRefused() {
        Document env = envelope(signed(vihf()));
        Element nameId = first(env, Saml.SAML2_NS, "NameID");
        String value = nameId.getTextContent();
        nameId.setTextContent(value.substring(0, 4));
        nameId.appendChild(env.createComment(""));
        nameId.appendChild(env.createTextNode(value.substring(4)));
        assertEquals(VihfFailure.FORBIDDEN_CONTENT, failure(env));
    }

    @Test
    void commentInsideAnAttributeValueIsRefused() {
        Document env = envelope(signed(vihf()));
        Element value = (Element) first(env, Saml.SAML2_NS, "AttributeStatement")
                .getElementsByTagNameNS(Saml.SAML2_NS, "AttributeValue").item(2);
        value.appendChild(env.createComment(" x "));
        assertEquals(VihfFailure.FORBIDDEN_CONTENT, failure(env));
    }

    @Test
    void processingInstructionInsideTheNameIdIsRefused() {
        Element a = vihf().build();
        Element nameId = first(a, Saml.SAML2_NS, "NameID");
        nameId.insertBefore(a.getOwnerDocument().createProcessingInstruction("p", "not-an-"), nameId.getFirstChild());
        SamplePki.Establishment e = pki().establishment(1);
        assertEquals(VihfFailure.FORBIDDEN_CONTENT, failure(envelope(VihfSigner.sign(a, key(e.sign()), cert(e.sign())))));
    }

    @Test
    void entityReferenceInsideTheNameIdIsRefused() {
        Document env = envelope(signed(vihf()));
        first(env, Saml.SAML2_NS, "NameID").appendChild(env.createEntityReference("admin"));
        assertEquals(VihfFailure.ENTITY_REFERENCE, failure(env));
    }

    @Test
    void dtdAndXxeInTheMessageAreRefusedByTheParser() {
        String wire = new String(WsSecurity.toBytes(envelope(signed(vihf()))), StandardCharsets.UTF_8);
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                + wire.replaceFirst("<\\?xml[^>]*>", "").replaceFirst("IDE-000042", "&xxe;");
        VihfException e = assertThrows(VihfException.class,
                () -> verifier.verify(xxe.getBytes(StandardCharsets.UTF_8), tls1(), "ITI-18", null));
        assertEquals(VihfFailure.DTD_FORBIDDEN, e.failure());
        String bomb = "<!DOCTYPE l [<!ENTITY a \"aaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;\">]><l>&b;</l>";
        e = assertThrows(VihfException.class,
                () -> verifier.verify(bomb.getBytes(StandardCharsets.UTF_8), tls1(), "ITI-18", null));
        assertEquals(VihfFailure.DTD_FORBIDDEN, e.failure());
        e = assertThrows(VihfException.class,
                () -> verifier.verify("<a><b></a>".getBytes(StandardCharsets.UTF_8), tls1(), "ITI-18", null));
        assertEquals(VihfFailure.XML_MALFORMED, e.failure());
    }

    // ------------------------------------------------------------------------------------------------ certificates

    @Test
    void signerFromAnUntrustedCa() {
        SamplePki.Establishment rogue = pki().rogue();
        Element a = VihfSigner.sign(vihf().build(), key(rogue.sign()), cert(rogue.sign()));
        assertEquals(VihfFailure.SIGNER_UNTRUSTED, failure(envelope(a)));
    }

    @Test
    void keyInfoNamingATrustedCertificateDoesNotLendItsTrustToAnotherKey() {
        SamplePki.Establishment e = pki().establishment(1);
        Element a = VihfSigner.sign(vihf().build(), key(pki().rogue().sign()), cert(e.sign()));
        assertEquals(VihfFailure.SIGNATURE_INVALID, failure(envelope(a)));
    }

    @Test
    void signerOfAnotherEstablishment() {
        SamplePki.Establishment e2 = pki().establishment(2);
        Element a = VihfSigner.sign(vihf().issuer(cert(e2.sign())).structure(e2.structureId()).build(),
                key(e2.sign()), cert(e2.sign()));
        assertEquals(VihfFailure.ESTABLISHMENT_MISMATCH, failure(envelope(a)));
    }

    @Test
    void structureAttributeOfAnotherEstablishment() {
        Element a = signed(vihf().structure(pki().establishment(2).structureId()));
        assertEquals(VihfFailure.STRUCTURE_MISMATCH, failure(envelope(a)));
    }

    @Test
    void revokedSigningCertificate() {
        SamplePki.Establishment r = pki().revoked();
        Element a = VihfSigner.sign(vihf().build(), key(r.sign()), cert(r.sign()));
        assertEquals(VihfFailure.SIGNER_REVOKED, failure(envelope(a)));
    }

    @Test
    void revokedUntrustedOrMissingTlsClientCertificate() {
        Document env = envelope(signed(vihf()));
        assertEquals(VihfFailure.TLS_CLIENT_CERTIFICATE_UNTRUSTED,
                failure(verifier, env, cert(pki().revoked().authCli()), "ITI-18", null));
        assertEquals(VihfFailure.TLS_CLIENT_CERTIFICATE_UNTRUSTED,
                failure(verifier, env, cert(pki().rogue().authCli()), "ITI-18", null));
        assertEquals(VihfFailure.TLS_CLIENT_CERTIFICATE_UNTRUSTED,
                failure(verifier, env, cert(pki().establishment(1).sign()), "ITI-18", null), "not a TLS client certificate");
        assertEquals(VihfFailure.TLS_CLIENT_CERTIFICATE_MISSING, failure(verifier, env, null, "ITI-18", null));
    }

    @Test
    void issuerThatIsNotTheSigningCertificate() {
        Element a = signed(vihf().issuer("CN=Someone Else,OU=1999999990,O=X,C=FR"));
        assertEquals(VihfFailure.ISSUER_MISMATCH, failure(envelope(a)));
    }

    // ------------------------------------------------------------------------------------------------ time, replay

    @Test
    void expiredToken() {
        Element a = signed(vihf().validity(Instant.now().minus(Duration.ofMinutes(20)), Duration.ofMinutes(5)));
        assertEquals(VihfFailure.EXPIRED, failure(envelope(a)));
    }

    @Test
    void notYetValidToken() {
        Instant now = Instant.now();
        Element a = signed(vihf().validity(now, Duration.ofMinutes(5))
                .conditions(now.plus(Duration.ofMinutes(3)), now.plus(Duration.ofMinutes(5))));
        assertEquals(VihfFailure.NOT_YET_VALID, failure(envelope(a)));
        Element b = signed(vihf().validity(now.plus(Duration.ofMinutes(10)), Duration.ofMinutes(5)));
        assertEquals(VihfFailure.NOT_YET_VALID, failure(envelope(b)));
    }

    @Test
    void tokenLivingLongerThanTheMaximumLifetime() {
        Element a = signed(vihf().validity(Instant.now(), Duration.ofHours(8)));
        assertEquals(VihfFailure.LIFETIME_TOO_LONG, failure(envelope(a)));
    }

    @Test
    void clockSkewIsTolerated() throws Exception {
        Element a = signed(vihf().validity(Instant.now().minus(Duration.ofSeconds(330)), Duration.ofMinutes(5)));
        assertNotNull(verifier.verify(header(envelope(a)), tls1(), "ITI-18", PATIENT), "expired 30 s ago, skew 60 s");
        Element b = signed(vihf().withoutConditions().validity(Instant.now().minus(Duration.ofMinutes(12)), Duration.ZERO));
        assertEquals(VihfFailure.EXPIRED, failure(envelope(b)), "no Conditions: IssueInstant + max lifetime");
    }

    @Test
    void replayedToken() throws Exception {
        Document env = envelope(signed(vihf()));
        assertNotNull(verifier.verify(header(env), tls1(), "ITI-18", PATIENT));
        assertEquals(VihfFailure.REPLAYED, failure(env));
    }

    // ------------------------------------------------------------------------------------------------ context

    @Test
    void assertionForAnotherPatient() {
        assertEquals(VihfFailure.PATIENT_MISMATCH,
                failure(verifier, envelope(signed(vihf())), tls1(), "ITI-18", OTHER_PATIENT));
    }

    @Test
    void airUsedForFeeding() {
        for (String tx : List.of("ITI-41", "ITI-42", "ITI-57")) {
            assertEquals(VihfFailure.AIR_CONSULTATION_ONLY,
                    failure(verifier, envelope(signed(vihf())), tls1(), tx, PATIENT), tx);
        }
    }

    @Test
    void emergencyPurposeUsedForFeeding() {
        Element a = signed(vihf().authenticationMode("INDIRECTE").purposeOfUse("bris_de_glace"));
        assertEquals(VihfFailure.EMERGENCY_CONSULTATION_ONLY, failure(verifier, envelope(a), tls1(), "ITI-41", PATIENT));
    }

    @ParameterizedTest
    @ValueSource(strings = {Saml.VIHF_VERSION, Saml.AUTHENTIFICATION_MODE, Saml.IDENTIFIANT_STRUCTURE,
            Saml.SECTEUR_ACTIVITE, Saml.SUBJECT_ID, Saml.ROLE, Saml.RESOURCE_ID, Saml.RESSOURCE_URN,
            Saml.PURPOSE_OF_USE, Saml.LPS_NOM, Saml.LPS_VERSION, Saml.LPS_ID_HOMOLOGATION_DMP})
    void missingRequiredAttribute(String name) {
        VihfException e = assertThrows(VihfException.class, () ->
                verifier.verify(header(envelope(signed(vihf().without(name)))), tls1(), "ITI-18", null));
        assertEquals(VihfFailure.ATTRIBUTE_MISSING, e.failure());
        assertTrue(e.getMessage().contains(name), e.getMessage());
    }

    @Test
    void malformedAttributes() {
        assertEquals(VihfFailure.ATTRIBUTE_MALFORMED, failure(envelope(signed(vihf().vihfVersion("9.9")))));
        assertEquals(VihfFailure.ATTRIBUTE_MALFORMED, failure(envelope(signed(vihf().authenticationMode("MAGIC")))));
        assertEquals(VihfFailure.ATTRIBUTE_MALFORMED,
                failure(envelope(signed(vihf().attribute(Saml.SECTEUR_ACTIVITE, "SA07^1.2.3")))));
        assertEquals(VihfFailure.ATTRIBUTE_MALFORMED,
                failure(envelope(signed(vihf().patient("180057512345600^^^&1.2.250.1.213.1.4.8&ISO^NH")))), "bad NIR key");
        assertEquals(VihfFailure.ATTRIBUTE_MALFORMED,
                failure(envelope(signed(vihf().patient("180057512345627^^^&9.9.9&ISO^NH")))), "not an INS OID");
        assertEquals(VihfFailure.ATTRIBUTE_MALFORMED,
                failure(envelope(signed(vihf().attribute(Saml.RESSOURCE_URN, "urn:other")))));
        assertEquals(VihfFailure.ATTRIBUTE_MALFORMED, failure(envelope(signed(vihf().purposeOfUse("curiosity")))));
        assertEquals(VihfFailure.ATTRIBUTE_MULTIVALUED,
                failure(envelope(signed(vihf().attribute(Saml.LPS_NOM, "A", "B")))));
        assertEquals(VihfFailure.ATTRIBUTE_MALFORMED,
                failure(envelope(signed(vihf().attribute(Saml.ROLE, "10")))), "role as text, not CE");
        assertEquals(VihfFailure.AUTHN_STATEMENT_INVALID,
                failure(envelope(signed(vihf().authnContext(Saml.AC_PASSWORD, "WHATEVER")))), "AIR declaration");
    }

    @Test
    void physicianWithoutSpecialty() {
        SamplePki.Establishment e = pki().establishment(1);
        Element a = signed(VihfBuilder.create().issuer(cert(e.sign())).user("3" + e.identifier() + "/1", "Dr X")
                .structure(e.structureId()).activitySector("SA07").profession("10", "Médecin").air()
                .patient(PATIENT).lps("DPI", "1", "H-1"));
        assertEquals(VihfFailure.ATTRIBUTE_MISSING, failure(envelope(a)));
        Element nurse = signed(VihfBuilder.create().issuer(cert(e.sign())).user("3" + e.identifier() + "/2", "IDE Y")
                .structure(e.structureId()).activitySector("SA07").profession("60", "Infirmier").air()
                .patient(PATIENT).lps("DPI", "1", "H-1"));
        assertDoesNotThrow(() -> verifier.verify(header(envelope(nurse)), tls1(), "ITI-18", PATIENT));
    }

    @Test
    void homologationAllowList() throws Exception {
        VihfVerifier strict = new VihfVerifier(dmpPolicy().homologationAllowList(Set.of("BCO-465897-tmp2")).build());
        assertEquals(VihfFailure.HOMOLOGATION_NOT_ALLOWED,
                failure(strict, envelope(signed(vihf())), tls1(), "ITI-18", PATIENT));
        assertNotNull(strict.verify(header(envelope(signed(vihf().lps("X", "1", "BCO-465897-tmp2")))), tls1(),
                "ITI-18", PATIENT));
    }

    // ------------------------------------------------------------------------------------------------ header shape

    @Test
    void headerShape() {
        Document env = envelope(signed(vihf()));
        header(env).appendChild(security(env).cloneNode(false));
        assertEquals(VihfFailure.MULTIPLE_SECURITY_HEADERS, failure(env));

        Document env2 = envelope(signed(vihf()));
        header(env2).removeChild(security(env2));
        assertEquals(VihfFailure.NO_SECURITY_HEADER, failure(env2));

        Document env3 = envelope(signed(vihf()));
        security(env3).removeChild(assertionIn(security(env3)));
        assertEquals(VihfFailure.ASSERTION_MISSING, failure(env3));

        Document env4 = envelope(signed(vihf()));
        security(env4).replaceChild(env4.createElementNS(Saml.SAML2_NS, "saml2:EncryptedAssertion"),
                assertionIn(security(env4)));
        assertEquals(VihfFailure.ENCRYPTED_ASSERTION, failure(env4));

        Document env5 = envelope(signed(vihf()));
        Element a = assertionIn(security(env5));
        Element wrapper = env5.createElementNS(Saml.WSSE_NS, "wsse:Wrapper");
        security(env5).replaceChild(wrapper, a);
        wrapper.appendChild(a);
        assertEquals(VihfFailure.ASSERTION_MISPLACED, failure(env5));
    }
}
