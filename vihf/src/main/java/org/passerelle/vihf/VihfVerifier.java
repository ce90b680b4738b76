package org.passerelle.vihf;

import org.apache.xml.security.exceptions.XMLSecurityException;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.signature.XMLSignatureInput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

import javax.security.auth.x500.X500Principal;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Verifies a VIHF (FR_DMP) or IHE XUA assertion carried in a wsse:Security header, in the order of
 * docs/vihf-air.md §6: document hygiene (no DTD, no entity references), exactly one assertion directly in the one
 * wsse:Security, unique IDs across the whole message, strict assertion structure, signature profile (one reference
 * to the assertion ID, enveloped + exc-c14n only, SHA-256 or stronger) checked before any cryptography, signing
 * certificate trusted from the configuration (KeyInfo only selects a candidate), Santuario validation with secure
 * validation on, reference resolved to that very assertion element, establishment binding with the TLS client
 * certificate, Issuer, time window, single use, attributes, and transaction coherence.
 * <p>
 * Thread-safe; build one per policy and share it.
 */
public final class VihfVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(VihfVerifier.class);

    static {
        org.apache.xml.security.Init.init();
    }

    private static final Set<String> SIGNATURE_ALGORITHMS = Set.of(Saml.RSA_SHA256, Saml.RSA_SHA384,
            Saml.RSA_SHA512, Saml.ECDSA_SHA256, Saml.ECDSA_SHA384, Saml.ECDSA_SHA512);
    private static final Set<String> DIGEST_ALGORITHMS = Set.of(Saml.SHA256, Saml.SHA384, Saml.SHA512);
    private static final Set<String> AUTH_MODES = Set.of("INDIRECTE", Saml.MODE_AIR, "DIRECTE");
    private static final Set<String> PURPOSES = Set.of("normal", "bris_de_glace", "centre_15");
    private static final Set<String> PHYSICIAN_OR_PHARMACIST = Set.of("10", "21");
    private static final Pattern SECTEUR = Pattern.compile("^[A-Z0-9]{2,10}\\^" + Pattern.quote(Saml.SECTEUR_ACTIVITE_OID) + "$");
    private static final Pattern STRUCTURE = Pattern.compile("^[0-9A-Za-z]{2,30}$");
    private static final Pattern NCNAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9._-]*$");
    private static final Map<String, String> DN_KEYWORDS = Map.of("S", "2.5.4.8", "G", "2.5.4.42",
            "GIVENNAME", "2.5.4.42", "SN", "2.5.4.4", "SERIALNUMBER", "2.5.4.5", "E", "1.2.840.113549.1.9.1",
            "EMAILADDRESS", "1.2.840.113549.1.9.1");
    private static final int MAX_VALUE_LENGTH = 1024;

    /** Entries per memo, and the longest text remembered (the inputs are not authenticated yet): memory stays small. */
    private static final int MEMO_MAX = 256;
    private static final int MEMO_KEY_MAX = 8_192;

    private final VihfPolicy policy;
    private final CertificateTrust trust;
    /*
     * Pure functions of their key, remembered because every token of an establishment repeats them: the certificate
     * a KeyInfo's base64 text decodes to, the X.500 name an Issuer string parses to, the OU of a certificate. Trust,
     * revocation, binding and Issuer checks still run on every token. Cleared when full.
     */
    private final BoundedMemo<String, X509Certificate> decodedKeyInfo =
            new BoundedMemo<>(MEMO_MAX, text -> text.length() <= MEMO_KEY_MAX);
    private final BoundedMemo<String, X500Principal> issuerNames =
            new BoundedMemo<>(MEMO_MAX, dn -> dn.length() <= MEMO_KEY_MAX);
    private final BoundedMemo<X509Certificate, String> establishments = new BoundedMemo<>(MEMO_MAX, cert -> true);

    public VihfVerifier(VihfPolicy policy) {
        this.policy = policy;
        this.trust = new CertificateTrust(policy.trustAnchors(), policy.intermediates(), policy.trustedSigners(),
                policy.crls(), policy.clock());
    }

    public VihfPolicy policy() {
        return policy;
    }

    /** Parses {@code soapMessage} with {@link SecureXml} and verifies the assertion of its header. */
    public VerifiedAssertion verify(byte[] soapMessage, X509Certificate tlsClientCert, String transactionId,
                                    String patientIdOfRequestOrNull) throws VihfException {
        Document doc = SecureXml.parse(soapMessage);
        return verify(doc.getDocumentElement(), tlsClientCert, transactionId, patientIdOfRequestOrNull);
    }

    /**
     * @param securityOrHeader         the wsse:Security element, the SOAP Header or the SOAP Envelope
     * @param tlsClientCert            the verified TLS client certificate, or null (plain HTTP)
     * @param transactionId            "ITI-18", "ITI-41"… (feeding transactions are refused for AIR)
     * @param patientIdOfRequestOrNull the request's patient (CX) when already known, else null (check it later
     *                                 with {@link VerifiedAssertion#checkPatient(String)})
     */
    public VerifiedAssertion verify(Element securityOrHeader, X509Certificate tlsClientCert, String transactionId,
                                    String patientIdOfRequestOrNull) throws VihfException {
        Node root = rootOf(securityOrHeader);
        Document doc = securityOrHeader.getOwnerDocument();
        if (doc != null && doc.getDoctype() != null) {
            throw new VihfException(VihfFailure.DTD_FORBIDDEN);
        }
        Element security = findSecurity(securityOrHeader);

        // 1. TLS client certificate (the TLS layer checked it already; this also binds the establishment)
        String tlsEstablishment = null;
        if (tlsClientCert == null) {
            if (policy.requireTlsClientCertificate()) {
                throw new VihfException(VihfFailure.TLS_CLIENT_CERTIFICATE_MISSING);
            }
        } else {
            try {
                trust.check(tlsClientCert, List.of(), CertificateTrust.Usage.TLS_CLIENT);
            } catch (CertificateTrust.Rejected r) {
                throw new VihfException(VihfFailure.TLS_CLIENT_CERTIFICATE_UNTRUSTED,
                        tlsClientCert.getSubjectX500Principal().getName(), r.getMessage());
            }
            tlsEstablishment = establishmentOf(tlsClientCert);
        }

        // 2-4. one pass over the whole message: entities, assertions, IDs
        Scan scan = new Scan();
        scan.walk(root);
        if (scan.entityName != null) {
            throw new VihfException(VihfFailure.ENTITY_REFERENCE, scan.entityName);
        }
        if (scan.encrypted > 0) {
            throw new VihfException(VihfFailure.ENCRYPTED_ASSERTION);
        }
        if (scan.assertions.isEmpty()) {
            throw new VihfException(VihfFailure.ASSERTION_MISSING);
        }
        if (scan.assertions.size() > 1) {
            throw new VihfException(VihfFailure.MULTIPLE_ASSERTIONS, scan.assertions.size());
        }
        Element assertion = scan.assertions.get(0);
        if (assertion.getParentNode() != security) {
            throw new VihfException(VihfFailure.ASSERTION_MISPLACED, nameOf(assertion.getParentNode()));
        }
        for (Map.Entry<String, Integer> id : scan.idCounts.entrySet()) {
            if (id.getValue() > 1) {
                throw new VihfException(VihfFailure.DUPLICATE_ID, id.getKey(), id.getValue());
            }
        }

        // 5. structure
        Structure s = Structure.of(assertion);

        // 6. signature profile, before any cryptography
        String id = assertion.getAttributeNS(null, "ID");
        checkSignatureProfile(s.signature, id);

        // 7. trusted signing certificate (KeyInfo only selects a candidate)
        String issuer = text(s.issuer, "saml2:Issuer");
        X509Certificate signer = trustedSigner(s.signature, issuer);

        // 6 (cont.). cryptographic check with the trusted key, and the reference must resolve to this assertion
        verifySignature(assertion, s.signature, id, signer);

        // 7 (cont.). establishment binding and issuer
        String signerEstablishment = establishmentOf(signer);
        if (policy.requireSameEstablishment()) {
            if (tlsClientCert == null) {
                throw new VihfException(VihfFailure.TLS_CLIENT_CERTIFICATE_MISSING);
            }
            if (signerEstablishment == null || !signerEstablishment.equals(tlsEstablishment)) {
                throw new VihfException(VihfFailure.ESTABLISHMENT_MISMATCH, signerEstablishment, tlsEstablishment);
            }
        }
        checkIssuer(s.issuer, issuer, signer);

        // 8. time
        Instant now = policy.clock().instant();
        Instant issueInstant = instant(assertion.getAttributeNS(null, "IssueInstant"), "Assertion/@IssueInstant");
        Instant expiresAt = checkTime(s.conditions, issueInstant, now);

        // 9. single use
        if (!policy.replayCache().firstUse(issuer, id, expiresAt.plus(policy.clockSkew()))) {
            throw new VihfException(VihfFailure.REPLAYED, id, issuer);
        }

        // 10. subject, authentication statement, attributes: read from the verified element only
        VerifiedAssertion verified = readAttributes(s, id, issuer, issueInstant, expiresAt, signer, tlsClientCert,
                signerEstablishment);

        // 11. transaction coherence
        verified.checkTransaction(transactionId);
        verified.checkPatient(patientIdOfRequestOrNull);
        return verified;
    }

    // ---------------------------------------------------------------------------------------------- message level

    private static Node rootOf(Node n) {
        Node cur = n;
        while (cur.getParentNode() != null && cur.getParentNode().getNodeType() != Node.DOCUMENT_NODE) {
            cur = cur.getParentNode();
        }
        return cur.getParentNode() != null ? cur.getParentNode() : cur;
    }

    private static Element findSecurity(Element el) throws VihfException {
        if (is(el, Saml.WSSE_NS, "Security")) return el;
        Element header = el;
        if ("Envelope".equals(el.getLocalName())) {
            header = null;
            for (Element c : children(el)) {
                if ("Header".equals(c.getLocalName())) header = c;
            }
            if (header == null) throw new VihfException(VihfFailure.NO_SECURITY_HEADER);
        }
        List<Element> found = new ArrayList<>();
        for (Element c : children(header)) {
            if (is(c, Saml.WSSE_NS, "Security")) found.add(c);
        }
        if (found.isEmpty()) throw new VihfException(VihfFailure.NO_SECURITY_HEADER);
        if (found.size() > 1) throw new VihfException(VihfFailure.MULTIPLE_SECURITY_HEADERS, found.size());
        return found.get(0);
    }

    /** One walk over the whole message. */
    private static final class Scan {
        final List<Element> assertions = new ArrayList<>();
        final Map<String, Integer> idCounts = new HashMap<>();
        int encrypted;
        String entityName;

        void walk(Node n) {
            for (Node c = n.getFirstChild(); c != null; c = c.getNextSibling()) {
                switch (c.getNodeType()) {
                    case Node.ELEMENT_NODE -> {
                        Element e = (Element) c;
                        if (Saml.SAML2_NS.equals(e.getNamespaceURI())) {
                            if ("Assertion".equals(e.getLocalName())) assertions.add(e);
                            else if ("EncryptedAssertion".equals(e.getLocalName())) encrypted++;
                        }
                        NamedNodeMap attrs = e.getAttributes();
                        for (int i = 0; i < attrs.getLength(); i++) {
                            Attr a = (Attr) attrs.item(i);
                            String local = a.getLocalName() != null ? a.getLocalName() : a.getName();
                            if ("ID".equals(local) || "Id".equals(local) || "id".equals(local)) {
                                idCounts.merge(a.getValue().trim(), 1, Integer::sum);
                            }
                        }
                        walk(e);
                    }
                    case Node.ENTITY_REFERENCE_NODE -> {
                        if (entityName == null) entityName = c.getNodeName();
                    }
                    case Node.DOCUMENT_TYPE_NODE -> {
                        if (entityName == null) entityName = "DOCTYPE";
                    }
                    default -> { }
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- structure

    /** The assertion's children, in the order the SAML 2.0 schema imposes, with no foreign element. */
    private record Structure(Element assertion, Element issuer, Element signature, Element subject,
                             Element conditions, List<Element> authnStatements, List<Element> attributeStatements) {

        static Structure of(Element a) throws VihfException {
            if (!"2.0".equals(a.getAttributeNS(null, "Version"))) {
                throw malformed("Assertion/@Version must be 2.0");
            }
            String id = a.getAttributeNS(null, "ID");
            if (!NCNAME.matcher(id).matches()) {
                throw malformed("Assertion/@ID '" + id + "' is missing or not an NCName");
            }
            checkNoStrayText(a, "saml2:Assertion");
            List<Element> kids = children(a);
            int i = 0;
            if (kids.isEmpty() || !is(kids.get(0), Saml.SAML2_NS, "Issuer")) {
                throw malformed("the first child of the assertion must be saml2:Issuer");
            }
            Element issuer = kids.get(i++);
            Element signature = null;
            if (i < kids.size() && is(kids.get(i), Saml.DS_NS, "Signature")) {
                signature = kids.get(i++);
            }
            if (signature == null) {
                for (Element k : kids) {
                    if (is(k, Saml.DS_NS, "Signature")) {
                        throw new VihfException(VihfFailure.SIGNATURE_MISPLACED,
                                "ds:Signature must come right after saml2:Issuer");
                    }
                }
                throw new VihfException(VihfFailure.UNSIGNED);
            }
            if (a.getElementsByTagNameNS(Saml.DS_NS, "Signature").getLength() != 1) {
                throw new VihfException(VihfFailure.SIGNATURE_MISPLACED,
                        "the assertion must contain exactly one ds:Signature (found "
                                + a.getElementsByTagNameNS(Saml.DS_NS, "Signature").getLength() + ")");
            }
            Element subject = null;
            if (i < kids.size() && is(kids.get(i), Saml.SAML2_NS, "Subject")) subject = kids.get(i++);
            Element conditions = null;
            if (i < kids.size() && is(kids.get(i), Saml.SAML2_NS, "Conditions")) conditions = kids.get(i++);
            if (i < kids.size() && is(kids.get(i), Saml.SAML2_NS, "Advice")) {
                throw malformed("saml2:Advice is not allowed");
            }
            List<Element> authn = new ArrayList<>();
            List<Element> attrs = new ArrayList<>();
            for (; i < kids.size(); i++) {
                Element k = kids.get(i);
                if (is(k, Saml.SAML2_NS, "AuthnStatement")) authn.add(k);
                else if (is(k, Saml.SAML2_NS, "AttributeStatement")) attrs.add(k);
                else if (is(k, Saml.SAML2_NS, "AuthzDecisionStatement")) continue;
                else throw malformed("unexpected element <" + nameOf(k) + "> in the assertion (after "
                            + nameOf(kids.get(i - 1)) + ")");
            }
            if (conditions != null) {
                for (Element c : children(conditions)) {
                    if (!Saml.SAML2_NS.equals(c.getNamespaceURI()) || !Set.of("AudienceRestriction", "OneTimeUse",
                            "ProxyRestriction").contains(c.getLocalName())) {
                        throw malformed("unexpected element <" + nameOf(c) + "> in saml2:Conditions");
                    }
                }
            }
            return new Structure(a, issuer, signature, subject, conditions, authn, attrs);
        }
    }

    private static void checkNoStrayText(Element e, String what) throws VihfException {
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
            if ((c.getNodeType() == Node.TEXT_NODE || c.getNodeType() == Node.CDATA_SECTION_NODE)
                    && !c.getNodeValue().isBlank()) {
                throw malformed("unexpected text in " + what);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- signature

    private static void checkSignatureProfile(Element sig, String id) throws VihfException {
        List<Element> parts = children(sig);
        Element signedInfo = parts.isEmpty() ? null : parts.get(0);
        if (signedInfo == null || !is(signedInfo, Saml.DS_NS, "SignedInfo")) {
            throw new VihfException(VihfFailure.SIGNATURE_MISPLACED, "ds:Signature must start with ds:SignedInfo");
        }
        for (Element p : parts) {
            if (is(p, Saml.DS_NS, "Object")) {
                throw new VihfException(VihfFailure.SIGNATURE_MISPLACED, "ds:Object is not allowed in the signature");
            }
        }
        if (sig.getElementsByTagNameNS(Saml.DS_NS, "Manifest").getLength() > 0) {
            throw new VihfException(VihfFailure.SIGNATURE_MISPLACED, "ds:Manifest is not allowed in the signature");
        }
        List<Element> si = children(signedInfo);
        Element c14n = si.size() > 0 && is(si.get(0), Saml.DS_NS, "CanonicalizationMethod") ? si.get(0) : null;
        Element sm = si.size() > 1 && is(si.get(1), Saml.DS_NS, "SignatureMethod") ? si.get(1) : null;
        if (c14n == null || sm == null) {
            throw new VihfException(VihfFailure.SIGNATURE_MISPLACED,
                    "ds:SignedInfo must contain CanonicalizationMethod then SignatureMethod");
        }
        String c14nAlg = c14n.getAttributeNS(null, "Algorithm");
        if (!Saml.EXC_C14N.equals(c14nAlg)) {
            throw new VihfException(VihfFailure.SIGNATURE_TRANSFORM, "CanonicalizationMethod " + c14nAlg);
        }
        String sigAlg = sm.getAttributeNS(null, "Algorithm");
        if (!SIGNATURE_ALGORITHMS.contains(sigAlg)) {
            throw new VihfException(VihfFailure.SIGNATURE_ALGORITHM, "SignatureMethod", sigAlg, Saml.RSA_SHA256);
        }
        List<Element> refs = si.subList(2, si.size());
        if (refs.size() != 1 || !is(refs.get(0), Saml.DS_NS, "Reference")) {
            throw new VihfException(VihfFailure.SIGNATURE_REFERENCE, id, refs.size() + " references");
        }
        Element ref = refs.get(0);
        String uri = ref.hasAttributeNS(null, "URI") ? ref.getAttributeNS(null, "URI") : null;
        if (!("#" + id).equals(uri)) {
            throw new VihfException(VihfFailure.SIGNATURE_REFERENCE, id,
                    uri == null ? "the reference has no URI" : "it points to \"" + uri + "\"");
        }
        List<Element> refKids = children(ref);
        int k = 0;
        List<String> transforms = new ArrayList<>();
        if (k < refKids.size() && is(refKids.get(k), Saml.DS_NS, "Transforms")) {
            for (Element t : children(refKids.get(k))) {
                transforms.add(t.getAttributeNS(null, "Algorithm"));
            }
            k++;
        }
        for (int t = 0; t < transforms.size(); t++) {
            String alg = transforms.get(t);
            boolean ok = (t == 0 && Saml.ENVELOPED.equals(alg)) || (t == 1 && Saml.EXC_C14N.equals(alg));
            if (!ok) {
                throw new VihfException(VihfFailure.SIGNATURE_TRANSFORM, alg);
            }
        }
        if (transforms.isEmpty()) {
            throw new VihfException(VihfFailure.SIGNATURE_TRANSFORM, "(none): the enveloped-signature transform is required;"
                    + " its absence");
        }
        Element digest = k < refKids.size() && is(refKids.get(k), Saml.DS_NS, "DigestMethod") ? refKids.get(k) : null;
        if (digest == null) {
            throw new VihfException(VihfFailure.SIGNATURE_MISPLACED, "ds:Reference has no DigestMethod");
        }
        String digestAlg = digest.getAttributeNS(null, "Algorithm");
        if (!DIGEST_ALGORITHMS.contains(digestAlg)) {
            throw new VihfException(VihfFailure.SIGNATURE_ALGORITHM, "DigestMethod", digestAlg, Saml.SHA256);
        }
    }

    private X509Certificate trustedSigner(Element sig, String issuer) throws VihfException {
        List<X509Certificate> presented = keyInfoCertificates(sig);
        X509Certificate candidate = null;
        if (!presented.isEmpty()) {
            candidate = presented.get(0);
            // a configured signer with the same encoding is used as is (its object, not the presented one)
            for (X509Certificate t : trust.explicitlyTrusted()) {
                if (t.equals(candidate)) candidate = t;
            }
        } else {
            X500Principal issuerName = principal(issuer);
            for (X509Certificate t : trust.explicitlyTrusted()) {
                if (issuerName != null && t.getSubjectX500Principal().equals(issuerName)) candidate = t;
            }
        }
        if (candidate == null) {
            throw new VihfException(VihfFailure.SIGNER_CERTIFICATE_MISSING, issuer);
        }
        try {
            trust.check(candidate, presented.size() > 1 ? presented.subList(1, presented.size()) : List.of(),
                    CertificateTrust.Usage.SIGNING);
        } catch (CertificateTrust.Rejected r) {
            String subject = candidate.getSubjectX500Principal().getName();
            if (r.revoked) {
                throw new VihfException(VihfFailure.SIGNER_REVOKED, subject, candidate.getSerialNumber().toString(16));
            }
            throw new VihfException(VihfFailure.SIGNER_UNTRUSTED, subject, r.getMessage());
        }
        return candidate;
    }

    private List<X509Certificate> keyInfoCertificates(Element sig) throws VihfException {
        List<X509Certificate> out = new ArrayList<>();
        for (Element part : children(sig)) {
            if (!is(part, Saml.DS_NS, "KeyInfo")) continue;
            for (Element data : children(part)) {
                if (!is(data, Saml.DS_NS, "X509Data")) continue;
                for (Element c : children(data)) {
                    if (!is(c, Saml.DS_NS, "X509Certificate")) continue;
                    out.add(decodedKeyInfo.get(c.getTextContent(), VihfVerifier::decodeCertificate));
                }
            }
        }
        return out;
    }

    private static void verifySignature(Element assertion, Element sigEl, String id, X509Certificate signer)
            throws VihfException {
        // the only ID attribute registered for reference resolution, after uniqueness was checked
        assertion.setIdAttributeNS(null, "ID", true);
        try {
            XMLSignature sig = new XMLSignature(sigEl, null, true);
            if (!sig.checkSignatureValue(signer.getPublicKey())) {
                String detail = "the signature value does not match";
                try {
                    if (sig.getSignedInfo().getLength() == 1 && !sig.getSignedInfo().getVerificationResult(0)) {
                        detail = "the digest of the assertion does not match: it was modified after signing";
                    }
                } catch (XMLSecurityException ignored) {
                    // keep the generic detail
                }
                throw new VihfException(VihfFailure.SIGNATURE_INVALID, detail);
            }
            XMLSignatureInput resolved = sig.getSignedInfo().getReferencedContentBeforeTransformsItem(0);
            Node node = resolved == null ? null : resolved.getSubNode();
            if (node != assertion) {
                throw new VihfException(VihfFailure.SIGNATURE_WRONG_ELEMENT, node == null ? "nothing" : nameOf(node));
            }
        } catch (XMLSecurityException e) {
            throw new VihfException(VihfFailure.SIGNATURE_INVALID, e, e.getMessage());
        }
    }

    private void checkIssuer(Element issuerEl, String issuer, X509Certificate signer) throws VihfException {
        if (policy.profile() == VihfProfile.IHE_XUA) {
            if (!policy.trustedIssuers().isEmpty() && !policy.trustedIssuers().contains(issuer)) {
                throw new VihfException(VihfFailure.ISSUER_MISMATCH, issuer, "one of " + policy.trustedIssuers());
            }
            return;
        }
        String format = issuerEl.getAttributeNS(null, "Format");
        if (!format.isEmpty() && !Saml.NAMEID_X509.equals(format)) {
            throw new VihfException(VihfFailure.ISSUER_MISMATCH, issuer + "' (Format " + format + ")",
                    signer.getSubjectX500Principal().getName());
        }
        X500Principal p = principal(issuer);
        if (p == null || !p.equals(signer.getSubjectX500Principal())) {
            throw new VihfException(VihfFailure.ISSUER_MISMATCH, issuer, signer.getSubjectX500Principal().getName());
        }
    }

    private static X509Certificate decodeCertificate(String base64) throws VihfException {
        try {
            byte[] der = Base64.getMimeDecoder().decode(base64);
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | IllegalArgumentException e) {
            throw new VihfException(VihfFailure.SIGNER_UNTRUSTED, "(KeyInfo)",
                    "the KeyInfo X509Certificate cannot be decoded: " + e.getMessage());
        }
    }

    /** The X.500 name an Issuer string parses to (S=, G=… keywords accepted), or null. */
    private X500Principal principal(String dn) {
        return issuerNames.get(dn, text -> {
            try {
                return new X500Principal(text, DN_KEYWORDS);
            } catch (IllegalArgumentException e) {
                return null;
            }
        });
    }

    private String establishmentOf(X509Certificate cert) {
        return establishments.get(cert, CertificateTrust::establishmentOf);
    }

    // ---------------------------------------------------------------------------------------------- time

    private Instant checkTime(Element conditions, Instant issueInstant, Instant now) throws VihfException {
        Duration skew = policy.clockSkew();
        if (issueInstant.isAfter(now.plus(skew))) {
            throw new VihfException(VihfFailure.NOT_YET_VALID, "IssueInstant " + issueInstant + " is in the future",
                    now, skew);
        }
        Instant notBefore = null;
        Instant notOnOrAfter = null;
        if (conditions != null) {
            if (conditions.hasAttributeNS(null, "NotBefore")) {
                notBefore = instant(conditions.getAttributeNS(null, "NotBefore"), "Conditions/@NotBefore");
            }
            if (conditions.hasAttributeNS(null, "NotOnOrAfter")) {
                notOnOrAfter = instant(conditions.getAttributeNS(null, "NotOnOrAfter"), "Conditions/@NotOnOrAfter");
            }
        }
        if (notBefore != null && notBefore.minus(skew).isAfter(now)) {
            throw new VihfException(VihfFailure.NOT_YET_VALID, "NotBefore is " + notBefore, now, skew);
        }
        Instant expiresAt = notOnOrAfter != null ? notOnOrAfter : issueInstant.plus(policy.maxLifetime());
        if (!now.isBefore(expiresAt.plus(skew))) {
            throw new VihfException(VihfFailure.EXPIRED, (notOnOrAfter != null ? "NotOnOrAfter was "
                    : "IssueInstant + maximum lifetime was ") + expiresAt, now, skew);
        }
        if (notOnOrAfter != null) {
            Duration lifetime = Duration.between(notBefore != null && notBefore.isBefore(issueInstant) ? notBefore
                    : issueInstant, notOnOrAfter);
            if (lifetime.compareTo(policy.maxLifetime()) > 0) {
                throw new VihfException(VihfFailure.LIFETIME_TOO_LONG, lifetime, policy.maxLifetime());
            }
        }
        return expiresAt;
    }

    private static Instant instant(String value, String where) throws VihfException {
        if (value == null || value.isEmpty()) {
            throw malformed(where + " is missing");
        }
        try {
            return XsDateTime.parse(value);
        } catch (DateTimeParseException e) {
            throw malformed(where + " '" + value + "' is not an xs:dateTime with a time zone (e.g. 2026-11-23T09:00:00Z)");
        }
    }

    // ---------------------------------------------------------------------------------------------- attributes

    private VerifiedAssertion readAttributes(Structure s, String id, String issuer, Instant issueInstant,
                                             Instant expiresAt, X509Certificate signer, X509Certificate tls,
                                             String establishment) throws VihfException {
        boolean dmp = policy.profile() == VihfProfile.FR_DMP;
        // Subject/NameID
        if (s.subject == null) {
            throw malformed("saml2:Subject is missing");
        }
        Element nameIdEl = null;
        for (Element c : children(s.subject)) {
            if (is(c, Saml.SAML2_NS, "NameID")) {
                if (nameIdEl != null) throw malformed("saml2:Subject has more than one NameID");
                nameIdEl = c;
            } else if (!is(c, Saml.SAML2_NS, "SubjectConfirmation")) {
                throw malformed("unexpected element <" + nameOf(c) + "> in saml2:Subject");
            }
        }
        if (nameIdEl == null) throw malformed("saml2:Subject has no NameID");
        String nameId = text(nameIdEl, "Subject/NameID");
        if (nameId.isEmpty()) throw malformed("Subject/NameID is empty");

        // audience (IHE XUA)
        if (!dmp && policy.expectedAudience() != null) {
            List<String> audiences = new ArrayList<>();
            if (s.conditions != null) {
                for (Element ar : children(s.conditions)) {
                    if (!is(ar, Saml.SAML2_NS, "AudienceRestriction")) continue;
                    for (Element au : children(ar)) {
                        if (is(au, Saml.SAML2_NS, "Audience")) audiences.add(text(au, "Audience"));
                    }
                }
            }
            if (!audiences.contains(policy.expectedAudience())) {
                throw new VihfException(VihfFailure.AUDIENCE_MISMATCH, audiences, policy.expectedAudience());
            }
        }

        // authentication statement
        if (s.authnStatements.size() != 1) {
            throw new VihfException(VihfFailure.AUTHN_STATEMENT_INVALID,
                    "exactly one saml2:AuthnStatement is required, found " + s.authnStatements.size());
        }
        Element authn = s.authnStatements.get(0);
        instantOrAuthnFailure(authn.getAttributeNS(null, "AuthnInstant"));
        List<Element> contexts = childrenNamed(authn, Saml.SAML2_NS, "AuthnContext");
        if (contexts.size() != 1) {
            throw new VihfException(VihfFailure.AUTHN_STATEMENT_INVALID,
                    "exactly one saml2:AuthnContext is required, found " + contexts.size());
        }
        List<Element> classRefs = childrenNamed(contexts.get(0), Saml.SAML2_NS, "AuthnContextClassRef");
        List<Element> decls = childrenNamed(contexts.get(0), Saml.SAML2_NS, "AuthnContextDecl");
        if (classRefs.size() != 1) {
            throw new VihfException(VihfFailure.AUTHN_STATEMENT_INVALID,
                    "exactly one AuthnContextClassRef is required, found " + classRefs.size());
        }
        String classRef = text(classRefs.get(0), "AuthnContextClassRef");
        if (!classRef.startsWith("urn:")) {
            throw new VihfException(VihfFailure.AUTHN_STATEMENT_INVALID,
                    "AuthnContextClassRef '" + classRef + "' is not a SAML authentication context class URI");
        }
        if (decls.size() > 1) {
            throw new VihfException(VihfFailure.AUTHN_STATEMENT_INVALID, "more than one AuthnContextDecl");
        }
        String decl = decls.isEmpty() ? null : text(decls.get(0), "AuthnContextDecl");

        // attributes, in document order
        Map<String, List<String>> values = new LinkedHashMap<>();
        Map<String, List<CodedValue>> coded = new LinkedHashMap<>();
        for (Element st : s.attributeStatements) {
            for (Element attr : children(st)) {
                if (!is(attr, Saml.SAML2_NS, "Attribute")) {
                    throw malformed("unexpected element <" + nameOf(attr) + "> in saml2:AttributeStatement");
                }
                String name = attr.getAttributeNS(null, "Name");
                if (name.isEmpty()) throw malformed("a saml2:Attribute has no Name");
                for (Element v : children(attr)) {
                    if (!is(v, Saml.SAML2_NS, "AttributeValue")) {
                        throw malformed("unexpected element <" + nameOf(v) + "> in attribute " + name);
                    }
                    List<Element> ce = children(v);
                    if (ce.isEmpty()) {
                        values.computeIfAbsent(name, n -> new ArrayList<>()).add(text(v, "attribute " + name));
                    } else if (ce.size() == 1) {
                        CodedValue cv = codedValue(ce.get(0), name);
                        text(v, "attribute " + name); // no comment, PI or text beside the coded element
                        coded.computeIfAbsent(name, n -> new ArrayList<>()).add(cv);
                        values.computeIfAbsent(name, n -> new ArrayList<>()).add(cv.key());
                    } else {
                        throw new VihfException(VihfFailure.ATTRIBUTE_MALFORMED, name,
                                "an AttributeValue holds " + ce.size() + " elements, at most one is allowed");
                    }
                }
            }
        }
        for (Map.Entry<String, List<String>> e : values.entrySet()) {
            for (String v : e.getValue()) {
                if (v.length() > MAX_VALUE_LENGTH) {
                    throw new VihfException(VihfFailure.ATTRIBUTE_MALFORMED, e.getKey(),
                            "value longer than " + MAX_VALUE_LENGTH + " characters");
                }
            }
        }
        List<CodedValue> roles = coded.getOrDefault(Saml.ROLE, List.of());
        if (values.containsKey(Saml.ROLE) && roles.size() != values.get(Saml.ROLE).size()) {
            throw new VihfException(VihfFailure.ATTRIBUTE_MALFORMED, Saml.ROLE,
                    "each value must be an HL7v3 CE element <Role code=\"…\" codeSystem=\"…\"/>");
        }
        CodedValue purpose = null;
        if (values.containsKey(Saml.PURPOSE_OF_USE)) {
            single(values, Saml.PURPOSE_OF_USE);
            List<CodedValue> p = coded.get(Saml.PURPOSE_OF_USE);
            if (p == null) {
                throw new VihfException(VihfFailure.ATTRIBUTE_MALFORMED, Saml.PURPOSE_OF_USE,
                        "the value must be an HL7v3 CE element <PurposeOfUse code=\"…\" codeSystem=\"…\"/>");
            }
            purpose = p.get(0);
        }
        String resourceId = values.containsKey(Saml.RESOURCE_ID) ? single(values, Saml.RESOURCE_ID) : null;
        String subjectName = values.containsKey(Saml.SUBJECT_ID) ? single(values, Saml.SUBJECT_ID) : null;

        if (!dmp) {
            if (roles.size() > 1) {
                throw new VihfException(VihfFailure.ATTRIBUTE_MULTIVALUED, Saml.ROLE, roles.size());
            }
            if (resourceId != null && InsIdentifier.split(resourceId) == null) {
                throw new VihfException(VihfFailure.ATTRIBUTE_MALFORMED, Saml.RESOURCE_ID,
                        "'" + resourceId + "' is not a CX patient identifier");
            }
            return new VerifiedAssertion(policy.profile(), s.assertion, id, issuer, nameId, issueInstant, expiresAt,
                    signer, tls, establishment, null, null, null, null, subjectName, roles, resourceId, purpose,
                    classRef, decl, values);
        }

        // FR_DMP (docs/vihf-air.md §6 check 10)
        String version = required(values, Saml.VIHF_VERSION);
        if (!policy.acceptedVersions().contains(version)) {
            throw new VihfException(VihfFailure.ATTRIBUTE_MALFORMED, Saml.VIHF_VERSION,
                    "'" + version + "' is not an accepted version " + policy.acceptedVersions());
        }
        String mode = required(values, Saml.AUTHENTIFICATION_MODE);
        if (!AUTH_MODES.contains(mode)) {
            throw new VihfException(VihfFailure.ATTRIBUTE_MALFORMED, Saml.AUTHENTIFICATION_MODE,
                    "'" + mode + "' is not one of " + AUTH_MODES);
        }
        // R-85: in AIR the establishment vouches for its user's primary authentication and must say which
        if (Saml.MODE_AIR.equals(mode) && decl == null) {
            throw new VihfException(VihfFailure.AUTHN_STATEMENT_INVALID, "AIR (INDIRECTE_RENFORCEE) requires an "
                    + "AuthnContextDecl stating the user's primary authentication, one of " + policy.acceptedAuthDeclarations());
        }
        if (Saml.MODE_AIR.equals(mode) && !policy.acceptedAuthDeclarations().contains(decl)) {
            throw new VihfException(VihfFailure.AUTHN_STATEMENT_INVALID, "AIR AuthnContextDecl '" + decl
                    + "' is not one of " + policy.acceptedAuthDeclarations());
        }
        String structure = required(values, Saml.IDENTIFIANT_STRUCTURE);
        if (!STRUCTURE.matcher(structure).matches()) {
            throw new VihfException(VihfFailure.ATTRIBUTE_MALFORMED, Saml.IDENTIFIANT_STRUCTURE,
                    "'" + structure + "' is not a structure national id (1+FINESS, 3+SIRET…)");
        }
        if (establishment != null && !structure.equals(establishment)) {
            throw new VihfException(VihfFailure.STRUCTURE_MISMATCH, structure, establishment);
        }
        String sector = required(values, Saml.SECTEUR_ACTIVITE);
        if (!SECTEUR.matcher(sector).matches()) {
            throw new VihfException(VihfFailure.ATTRIBUTE_MALFORMED, Saml.SECTEUR_ACTIVITE,
                    "'" + sector + "' must be code^" + Saml.SECTEUR_ACTIVITE_OID + " (e.g. SA07^" + Saml.SECTEUR_ACTIVITE_OID + ")");
        }
        if (subjectName == null) throw new VihfException(VihfFailure.ATTRIBUTE_MISSING, Saml.SUBJECT_ID);
        if (subjectName.isBlank()) throw new VihfException(VihfFailure.ATTRIBUTE_MALFORMED, Saml.SUBJECT_ID, "empty");
        if (roles.isEmpty()) throw new VihfException(VihfFailure.ATTRIBUTE_MISSING, Saml.ROLE);
        CodedValue profession = roles.get(0);
        if (!policy.professionCodeSystems().contains(profession.codeSystem())) {
            throw new VihfException(VihfFailure.ATTRIBUTE_MALFORMED, Saml.ROLE, "the first role's code system "
                    + profession.codeSystem() + " is not a profession code system " + policy.professionCodeSystems());
        }
        if (Saml.PROFESSION_G15_OID.equals(profession.codeSystem())
                && PHYSICIAN_OR_PHARMACIST.contains(profession.code())) {
            if (roles.size() < 2) {
                throw new VihfException(VihfFailure.ATTRIBUTE_MISSING, Saml.ROLE
                        + " (second occurrence: the specialty, mandatory for physicians and pharmacists)");
            }
            if (!policy.specialtyCodeSystems().contains(roles.get(1).codeSystem())) {
                throw new VihfException(VihfFailure.ATTRIBUTE_MALFORMED, Saml.ROLE, "the specialty code system "
                        + roles.get(1).codeSystem() + " is not one of " + policy.specialtyCodeSystems());
            }
        }
        if (resourceId == null) throw new VihfException(VihfFailure.ATTRIBUTE_MISSING, Saml.RESOURCE_ID);
        try {
            InsIdentifier.parse(resourceId, policy.testInsAllowed());
        } catch (IllegalArgumentException e) {
            throw new VihfException(VihfFailure.ATTRIBUTE_MALFORMED, Saml.RESOURCE_ID, e.getMessage());
        }
        String urn = required(values, Saml.RESSOURCE_URN);
        if (!Saml.URN_DMP.equals(urn)) {
            throw new VihfException(VihfFailure.ATTRIBUTE_MALFORMED, Saml.RESSOURCE_URN, "must be urn:dmp, got '" + urn + "'");
        }
        if (purpose == null) throw new VihfException(VihfFailure.ATTRIBUTE_MISSING, Saml.PURPOSE_OF_USE);
        if (!PURPOSES.contains(purpose.code()) || !Saml.MODE_ACCES_R248_OID.equals(purpose.codeSystem())) {
            throw new VihfException(VihfFailure.ATTRIBUTE_MALFORMED, Saml.PURPOSE_OF_USE, "'" + purpose.code()
                    + "' in " + purpose.codeSystem() + ": expected normal, bris_de_glace or centre_15 in "
                    + Saml.MODE_ACCES_R248_OID);
        }
        if (values.containsKey(Saml.MODE_ACCES) && !single(values, Saml.MODE_ACCES).equalsIgnoreCase(purpose.code())) {
            throw new VihfException(VihfFailure.ATTRIBUTE_MALFORMED, Saml.MODE_ACCES,
                    "differs from purposeofuse '" + purpose.code() + "'");
        }
        if (values.containsKey(Saml.CONFIDENTIALITY_CODE)) {
            String cc = single(values, Saml.CONFIDENTIALITY_CODE);
            if (!("INVISIBLE_REPRESENTANTS_LEGAUX^" + Saml.CONFIDENTIALITY_OID).equals(cc)) {
                throw new VihfException(VihfFailure.ATTRIBUTE_MALFORMED, Saml.CONFIDENTIALITY_CODE,
                        "only INVISIBLE_REPRESENTANTS_LEGAUX^" + Saml.CONFIDENTIALITY_OID + " is handled");
            }
        }
        required(values, Saml.LPS_NOM);
        required(values, Saml.LPS_VERSION);
        String homologation = required(values, Saml.LPS_ID_HOMOLOGATION_DMP);
        if (!policy.homologationAllowList().isEmpty() && !policy.homologationAllowList().contains(homologation)) {
            throw new VihfException(VihfFailure.HOMOLOGATION_NOT_ALLOWED, homologation);
        }
        if (policy.homologationAllowList().isEmpty()) {
            LOG.debug("No LPS_ID_HOMOLOGATION_DMP allow-list configured: accepting '{}' (R-81)", homologation);
        }
        return new VerifiedAssertion(policy.profile(), s.assertion, id, issuer, nameId, issueInstant, expiresAt,
                signer, tls, establishment, version, mode, structure, sector, subjectName, roles, resourceId,
                purpose, classRef, decl, values);
    }

    private static void instantOrAuthnFailure(String value) throws VihfException {
        try {
            XsDateTime.parse(value);
        } catch (DateTimeParseException e) {
            throw new VihfException(VihfFailure.AUTHN_STATEMENT_INVALID,
                    "AuthnInstant '" + value + "' is missing or not an xs:dateTime with a time zone");
        }
    }

    private static CodedValue codedValue(Element ce, String name) throws VihfException {
        if (!Saml.HL7_NS.equals(ce.getNamespaceURI())) {
            throw new VihfException(VihfFailure.ATTRIBUTE_MALFORMED, name,
                    "the coded value <" + nameOf(ce) + "> must be in namespace " + Saml.HL7_NS);
        }
        String code = ce.getAttributeNS(null, "code");
        String system = ce.getAttributeNS(null, "codeSystem");
        if (code.isBlank() || system.isBlank()) {
            throw new VihfException(VihfFailure.ATTRIBUTE_MALFORMED, name, "the coded value needs code and codeSystem");
        }
        if (ce.hasChildNodes()) {
            for (Node c = ce.getFirstChild(); c != null; c = c.getNextSibling()) {
                if (c.getNodeType() != Node.TEXT_NODE || !c.getNodeValue().isBlank()) {
                    throw new VihfException(VihfFailure.FORBIDDEN_CONTENT, "attribute " + name, "child node");
                }
            }
        }
        return new CodedValue(code, system, emptyToNull(ce.getAttributeNS(null, "codeSystemName")),
                emptyToNull(ce.getAttributeNS(null, "displayName")));
    }

    private static String required(Map<String, List<String>> values, String name) throws VihfException {
        if (!values.containsKey(name)) throw new VihfException(VihfFailure.ATTRIBUTE_MISSING, name);
        String v = single(values, name);
        if (v.isBlank()) throw new VihfException(VihfFailure.ATTRIBUTE_MALFORMED, name, "empty value");
        return v;
    }

    private static String single(Map<String, List<String>> values, String name) throws VihfException {
        List<String> v = values.get(name);
        if (v.size() != 1) throw new VihfException(VihfFailure.ATTRIBUTE_MULTIVALUED, name, v.size());
        return v.get(0);
    }

    /**
     * The text of a value element: only text nodes are allowed (a comment or processing instruction inside a value
     * is the "comment truncation" attack: refuse rather than pick one text node).
     */
    static String text(Element e, String what) throws VihfException {
        StringBuilder sb = new StringBuilder();
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
            switch (c.getNodeType()) {
                case Node.TEXT_NODE, Node.CDATA_SECTION_NODE -> sb.append(c.getNodeValue());
                case Node.COMMENT_NODE -> throw new VihfException(VihfFailure.FORBIDDEN_CONTENT, what, "comment");
                case Node.PROCESSING_INSTRUCTION_NODE ->
                        throw new VihfException(VihfFailure.FORBIDDEN_CONTENT, what, "processing instruction");
                case Node.ENTITY_REFERENCE_NODE ->
                        throw new VihfException(VihfFailure.FORBIDDEN_CONTENT, what, "entity reference");
                case Node.ELEMENT_NODE -> { }
                default -> throw new VihfException(VihfFailure.FORBIDDEN_CONTENT, what, "non-text node");
            }
        }
        return sb.toString().trim();
    }

    // ---------------------------------------------------------------------------------------------- DOM helpers

    static List<Element> children(Node parent) {
        List<Element> out = new ArrayList<>();
        for (Node c = parent.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c.getNodeType() == Node.ELEMENT_NODE) out.add((Element) c);
        }
        return out;
    }

    private static List<Element> childrenNamed(Element parent, String ns, String local) {
        List<Element> out = new ArrayList<>();
        for (Element c : children(parent)) {
            if (is(c, ns, local)) out.add(c);
        }
        return out;
    }

    static boolean is(Node n, String ns, String local) {
        return n != null && n.getNodeType() == Node.ELEMENT_NODE && ns.equals(n.getNamespaceURI())
                && local.equals(n.getLocalName());
    }

    private static String nameOf(Node n) {
        if (n == null) return "nothing";
        if (n.getNodeType() == Node.DOCUMENT_NODE) return "the document";
        String ns = n.getNamespaceURI();
        return (ns == null ? "" : "{" + ns + "}") + (n.getLocalName() != null ? n.getLocalName() : n.getNodeName());
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static VihfException malformed(String what) {
        return new VihfException(VihfFailure.MALFORMED_ASSERTION, what);
    }
}
