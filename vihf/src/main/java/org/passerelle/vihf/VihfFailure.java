package org.passerelle.vihf;

import javax.xml.namespace.QName;

/**
 * Every way a VIHF / XUA assertion is refused. Each constant carries the WS-Security fault code the gateway puts in
 * its SOAP Fault (WS-Security 1.1 §12) and a message template an integrator can act on.
 */
public enum VihfFailure {
    // the message and the wsse:Security header
    XML_MALFORMED(Code.INVALID_SECURITY, "the SOAP message is not well-formed XML: %s"),
    DTD_FORBIDDEN(Code.INVALID_SECURITY, "the message contains a DOCTYPE; DTDs and entity declarations are refused"),
    ENTITY_REFERENCE(Code.INVALID_SECURITY, "the message contains an entity reference (&%s;); entities are refused"),
    NO_SECURITY_HEADER(Code.INVALID_SECURITY,
            "the SOAP Header carries no wsse:Security element; put the signed VIHF assertion in a wsse:Security header"),
    MULTIPLE_SECURITY_HEADERS(Code.INVALID_SECURITY, "%d wsse:Security headers in the message; send exactly one"),
    TLS_CLIENT_CERTIFICATE_MISSING(Code.FAILED_AUTHENTICATION,
            "no TLS client certificate: the VIHF must come over mutual TLS with the establishment's ORG_AUTH_CLI certificate"),
    TLS_CLIENT_CERTIFICATE_UNTRUSTED(Code.FAILED_AUTHENTICATION, "TLS client certificate %s is not accepted: %s"),

    // the token
    ASSERTION_MISSING(Code.SECURITY_TOKEN_UNAVAILABLE, "no saml2:Assertion in the wsse:Security header"),
    ENCRYPTED_ASSERTION(Code.UNSUPPORTED_SECURITY_TOKEN, "saml2:EncryptedAssertion is not supported; send the assertion in clear over TLS"),
    MULTIPLE_ASSERTIONS(Code.INVALID_SECURITY_TOKEN,
            "%d saml2:Assertion elements in the message; exactly one, directly in wsse:Security, is allowed"),
    ASSERTION_MISPLACED(Code.INVALID_SECURITY_TOKEN,
            "the saml2:Assertion is inside <%s>; it must be a direct child of wsse:Security"),
    DUPLICATE_ID(Code.INVALID_SECURITY_TOKEN, "the identifier '%s' is carried by %d elements of the message; IDs must be unique"),
    MALFORMED_ASSERTION(Code.INVALID_SECURITY_TOKEN, "malformed assertion: %s"),
    FORBIDDEN_CONTENT(Code.INVALID_SECURITY_TOKEN,
            "%s contains a %s; comments, processing instructions and entities are refused inside values"),
    UNSIGNED(Code.INVALID_SECURITY_TOKEN, "the assertion is not signed: a ds:Signature must follow saml2:Issuer"),
    SIGNATURE_MISPLACED(Code.INVALID_SECURITY_TOKEN, "signature placement: %s"),

    // the signature
    SIGNATURE_REFERENCE(Code.FAILED_CHECK, "the signature must have exactly one ds:Reference with URI \"#%s\" (the assertion ID): %s"),
    SIGNATURE_TRANSFORM(Code.UNSUPPORTED_ALGORITHM,
            "transform %s is refused; only enveloped-signature followed by exclusive c14n (xml-exc-c14n#) are allowed"),
    SIGNATURE_ALGORITHM(Code.UNSUPPORTED_ALGORITHM, "%s %s is refused; use %s or stronger (SHA-1 and MD5 are refused)"),
    SIGNATURE_INVALID(Code.FAILED_CHECK, "the signature does not verify with the trusted signing certificate: %s"),
    SIGNATURE_WRONG_ELEMENT(Code.FAILED_CHECK, "the signature reference resolves to <%s>, not to the assertion"),
    SIGNER_CERTIFICATE_MISSING(Code.SECURITY_TOKEN_UNAVAILABLE,
            "no signing certificate: KeyInfo has no X509Certificate and no trusted signer is configured for issuer '%s'"),
    SIGNER_UNTRUSTED(Code.FAILED_AUTHENTICATION, "signing certificate '%s' is not trusted: %s"),
    SIGNER_REVOKED(Code.FAILED_AUTHENTICATION, "signing certificate '%s' (serial %s) is revoked"),
    ESTABLISHMENT_MISMATCH(Code.FAILED_AUTHENTICATION,
            "the VIHF is signed for establishment %s but the TLS client certificate belongs to establishment %s"),
    ISSUER_MISMATCH(Code.FAILED_AUTHENTICATION, "saml2:Issuer '%s' does not match the signing certificate subject '%s'"),

    // time and replay
    NOT_YET_VALID(Code.INVALID_SECURITY_TOKEN, "the assertion is not valid yet: %s (now %s, tolerated clock skew %s)"),
    EXPIRED(Code.INVALID_SECURITY_TOKEN, "the assertion has expired: %s (now %s, tolerated clock skew %s)"),
    LIFETIME_TOO_LONG(Code.INVALID_SECURITY_TOKEN, "the assertion lifetime %s exceeds the maximum %s"),
    REPLAYED(Code.FAILED_AUTHENTICATION, "assertion %s from '%s' was already used; a VIHF is single-use, issue a new one per request"),

    // attributes and context
    ATTRIBUTE_MISSING(Code.INVALID_SECURITY_TOKEN, "required attribute %s is missing"),
    ATTRIBUTE_MALFORMED(Code.INVALID_SECURITY_TOKEN, "attribute %s: %s"),
    ATTRIBUTE_MULTIVALUED(Code.INVALID_SECURITY_TOKEN, "attribute %s must have exactly one value, found %d"),
    STRUCTURE_MISMATCH(Code.FAILED_AUTHENTICATION,
            "Identifiant_Structure %s is not the establishment of the certificates (%s)"),
    HOMOLOGATION_NOT_ALLOWED(Code.FAILED_AUTHENTICATION, "LPS_ID_HOMOLOGATION_DMP '%s' is not in the allowed list"),
    AUDIENCE_MISMATCH(Code.FAILED_AUTHENTICATION, "the assertion audience %s does not include this service (%s)"),
    AUTHN_STATEMENT_INVALID(Code.INVALID_SECURITY_TOKEN, "authentication statement: %s"),
    AIR_CONSULTATION_ONLY(Code.FAILED_AUTHENTICATION,
            "Authentification_Mode INDIRECTE_RENFORCEE (AIR) allows consultation only (ITI-18, ITI-43); %s is refused"),
    EMERGENCY_CONSULTATION_ONLY(Code.FAILED_AUTHENTICATION,
            "purposeofuse '%s' (emergency access) is for consultation only; %s must use 'normal' (R-34)"),
    PATIENT_MISMATCH(Code.FAILED_AUTHENTICATION,
            "the VIHF resource-id is patient %s but the request concerns patient %s");

    /** WS-Security 1.1 fault codes (local parts, namespace {@link Saml#WSSE_NS}). */
    public static final class Code {
        private Code() { }
        public static final QName INVALID_SECURITY = wsse("InvalidSecurity");
        public static final QName INVALID_SECURITY_TOKEN = wsse("InvalidSecurityToken");
        public static final QName FAILED_AUTHENTICATION = wsse("FailedAuthentication");
        public static final QName FAILED_CHECK = wsse("FailedCheck");
        public static final QName SECURITY_TOKEN_UNAVAILABLE = wsse("SecurityTokenUnavailable");
        public static final QName UNSUPPORTED_SECURITY_TOKEN = wsse("UnsupportedSecurityToken");
        public static final QName UNSUPPORTED_ALGORITHM = wsse("UnsupportedAlgorithm");

        private static QName wsse(String local) {
            return new QName(Saml.WSSE_NS, local, "wsse");
        }
    }

    private final QName faultCode;
    private final String template;

    VihfFailure(QName faultCode, String template) {
        this.faultCode = faultCode;
        this.template = template;
    }

    /** The WS-Security fault code (e.g. wsse:FailedCheck) of the SOAP Fault. */
    public QName faultCode() { return faultCode; }

    public String template() { return template; }

    public String format(Object... args) { return String.format(template, args); }
}
