package org.passerelle.vihf;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Mints the IHE XUA (ITI-40) assertions of the NIST XDS toolkit's XUA variants, so that an offline conformance run
 * needs no Gazelle STS (nist-testkit README, "XUA variants"): each {@link Variant} says whether the receiving actor
 * must fault. Assertions are signed with the given key (the gateway must trust its certificate), except UNSIGNED.
 */
public final class XuaAssertions {

    /** The NIST test-name suffixes, plus VALID. */
    public enum Variant {
        VALID(false),
        EXPIRED(true),
        NOTYETVALID(true),
        UNSIGNED(true),
        UNKNOWNAUDIENCE(true),
        INVALIDAUTHNSTATEMENT(true),
        SECONDAUTHNCONTEXT(true),
        SECONDPURPOSEOFUSE(true),
        SECONDROLE(true),
        WITHAUTHZCONSENT(false);

        private final boolean fault;

        Variant(boolean fault) {
            this.fault = fault;
        }

        /** True when the receiver must answer with a SOAP Fault. */
        public boolean expectsFault() { return fault; }

        /** The variant of a NIST test name suffix ("expired", "secondrole"…), case-insensitive. */
        public static Variant fromSuffix(String suffix) {
            return valueOf(suffix.trim().toUpperCase(java.util.Locale.ROOT));
        }
    }

    public static final String DEFAULT_AUDIENCE = "http://ihe.connectathon.XUA/X-ServiceProvider-IHE-Connectathon";
    private static final String PURPOSE_SYSTEM = "2.16.840.1.113883.3.18.7.1";
    private static final String ROLE_SYSTEM = "2.16.840.1.113883.6.96";

    private final PrivateKey key;
    private final X509Certificate certificate;
    private final String issuer;
    private final String audience;

    /**
     * @param key         signing key
     * @param certificate its certificate (in KeyInfo; the gateway must trust it)
     * @param issuer      Issuer value (e.g. the STS URI)
     * @param audience    the service provider's audience URI (e.g. {@link #DEFAULT_AUDIENCE})
     */
    public XuaAssertions(PrivateKey key, X509Certificate certificate, String issuer, String audience) {
        this.key = key;
        this.certificate = certificate;
        this.issuer = issuer;
        this.audience = audience;
    }

    /** Builds (and, except UNSIGNED, signs) the assertion of a variant for {@code subject}, now. */
    public Element build(Variant variant, String subject, String patientIdOrNull) {
        return build(variant, subject, patientIdOrNull, Instant.now());
    }

    public Element build(Variant variant, String subject, String patientIdOrNull, Instant now) {
        Document doc = SecureXml.newDocument();
        Instant issue = now.truncatedTo(ChronoUnit.MILLIS);
        Instant notBefore = issue;
        Instant notOnOrAfter = issue.plus(Duration.ofMinutes(5));
        if (variant == Variant.EXPIRED) {
            issue = issue.minus(Duration.ofMinutes(20));
            notBefore = issue;
            notOnOrAfter = issue.plus(Duration.ofMinutes(5));
        } else if (variant == Variant.NOTYETVALID) {
            notBefore = issue.plus(Duration.ofMinutes(30));
            notOnOrAfter = notBefore.plus(Duration.ofMinutes(5));
            issue = notBefore;
            notBefore = issue;
        }
        String id = "_" + UUID.randomUUID();
        Element a = VihfBuilder.saml(doc, "Assertion");
        doc.appendChild(a);
        a.setAttributeNS(Saml.XMLNS_NS, "xmlns:saml2", Saml.SAML2_NS);
        a.setAttributeNS(Saml.XMLNS_NS, "xmlns:xsi", Saml.XSI_NS);
        a.setAttributeNS(null, "ID", id);
        a.setAttributeNS(null, "IssueInstant", issue.toString());
        a.setAttributeNS(null, "Version", "2.0");
        VihfBuilder.append(a, VihfBuilder.saml(doc, "Issuer")).setTextContent(issuer);
        Element subj = VihfBuilder.append(a, VihfBuilder.saml(doc, "Subject"));
        Element nameId = VihfBuilder.append(subj, VihfBuilder.saml(doc, "NameID"));
        nameId.setAttributeNS(null, "Format", "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified");
        nameId.setTextContent(subject);
        Element sc = VihfBuilder.append(subj, VihfBuilder.saml(doc, "SubjectConfirmation"));
        sc.setAttributeNS(null, "Method", "urn:oasis:names:tc:SAML:2.0:cm:bearer");

        Element cond = VihfBuilder.append(a, VihfBuilder.saml(doc, "Conditions"));
        cond.setAttributeNS(null, "NotBefore", notBefore.toString());
        cond.setAttributeNS(null, "NotOnOrAfter", notOnOrAfter.toString());
        Element ar = VihfBuilder.append(cond, VihfBuilder.saml(doc, "AudienceRestriction"));
        VihfBuilder.append(ar, VihfBuilder.saml(doc, "Audience")).setTextContent(
                variant == Variant.UNKNOWNAUDIENCE ? "http://unknown.example.org/not-this-service" : audience);

        authnStatement(a, issue, variant != Variant.INVALIDAUTHNSTATEMENT);
        if (variant == Variant.SECONDAUTHNCONTEXT) {
            authnStatement(a, issue, true);
        }

        Element st = VihfBuilder.append(a, VihfBuilder.saml(doc, "AttributeStatement"));
        VihfBuilder.textAttribute(st, Saml.SUBJECT_ID, List.of(subject));
        VihfBuilder.textAttribute(st, Saml.ORGANIZATION, List.of("Passerelle conformance"));
        VihfBuilder.textAttribute(st, Saml.ORGANIZATION_ID, List.of("urn:oid:1.3.6.1.4.1.21367.2011.2.3.1"));
        VihfBuilder.textAttribute(st, Saml.HOME_COMMUNITY_ID, List.of("urn:oid:1.3.6.1.4.1.21367.2011.2.3.2"));
        Element role = VihfBuilder.attributeElement(st, Saml.ROLE);
        VihfBuilder.append(VihfBuilder.append(role, VihfBuilder.saml(doc, "AttributeValue")),
                VihfBuilder.coded(doc, "Role", new String[] {"112247003", ROLE_SYSTEM, "SNOMED_CT", "Medical doctor"}));
        if (variant == Variant.SECONDROLE) {
            VihfBuilder.append(VihfBuilder.append(role, VihfBuilder.saml(doc, "AttributeValue")),
                    VihfBuilder.coded(doc, "Role", new String[] {"309343006", ROLE_SYSTEM, "SNOMED_CT", "Physician"}));
        }
        Element pou = VihfBuilder.attributeElement(st, Saml.PURPOSE_OF_USE);
        VihfBuilder.append(VihfBuilder.append(pou, VihfBuilder.saml(doc, "AttributeValue")),
                VihfBuilder.coded(doc, "PurposeOfUse", new String[] {"TREATMENT", PURPOSE_SYSTEM, "nhin-purpose", "Treatment"}));
        if (variant == Variant.SECONDPURPOSEOFUSE) {
            VihfBuilder.append(VihfBuilder.append(pou, VihfBuilder.saml(doc, "AttributeValue")),
                    VihfBuilder.coded(doc, "PurposeOfUse", new String[] {"EMERGENCY", PURPOSE_SYSTEM, "nhin-purpose", "Emergency"}));
        }
        if (patientIdOrNull != null) {
            VihfBuilder.textAttribute(st, Saml.RESOURCE_ID, List.of(patientIdOrNull));
        }
        if (variant == Variant.WITHAUTHZCONSENT) {
            VihfBuilder.textAttribute(st, Saml.BPPC_DOC_ID, List.of("urn:oid:1.3.6.1.4.1.21367.2005.3.7.6789"));
            VihfBuilder.textAttribute(st, Saml.XUA_ACP, List.of("urn:oid:1.3.6.1.4.1.21367.2005.3.7.1"));
        }
        if (variant != Variant.UNSIGNED) {
            VihfSigner.sign(a, key, certificate);
        }
        return a;
    }

    private static void authnStatement(Element a, Instant issue, boolean valid) {
        Document doc = a.getOwnerDocument();
        Element authn = VihfBuilder.append(a, VihfBuilder.saml(doc, "AuthnStatement"));
        authn.setAttributeNS(null, "AuthnInstant", issue.minusSeconds(30).toString());
        Element ctx = VihfBuilder.append(authn, VihfBuilder.saml(doc, "AuthnContext"));
        if (valid) {
            VihfBuilder.append(ctx, VihfBuilder.saml(doc, "AuthnContextClassRef"))
                    .setTextContent("urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport");
        }
    }
}
