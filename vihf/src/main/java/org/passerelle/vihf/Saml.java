package org.passerelle.vihf;

/** Namespaces, algorithm URIs and attribute names of VIHF / IHE XUA assertions. */
public final class Saml {
    private Saml() { }

    public static final String SAML2_NS = "urn:oasis:names:tc:SAML:2.0:assertion";
    public static final String DS_NS = "http://www.w3.org/2000/09/xmldsig#";
    public static final String WSSE_NS = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    public static final String WSU_NS = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
    public static final String SOAP12_NS = "http://www.w3.org/2003/05/soap-envelope";
    public static final String SOAP11_NS = "http://schemas.xmlsoap.org/soap/envelope/";
    public static final String XSI_NS = "http://www.w3.org/2001/XMLSchema-instance";
    public static final String HL7_NS = "urn:hl7-org:v3";
    public static final String XMLNS_NS = "http://www.w3.org/2000/xmlns/";

    public static final String NAMEID_X509 = "urn:oasis:names:tc:SAML:1.1:nameid-format:X509SubjectName";

    // algorithms
    public static final String ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";
    public static final String EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#";
    public static final String RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
    public static final String RSA_SHA384 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384";
    public static final String RSA_SHA512 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512";
    public static final String ECDSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256";
    public static final String ECDSA_SHA384 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384";
    public static final String ECDSA_SHA512 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512";
    public static final String RSA_SHA1 = "http://www.w3.org/2000/09/xmldsig#rsa-sha1";
    public static final String SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256";
    public static final String SHA384 = "http://www.w3.org/2001/04/xmldsig-more#sha384";
    public static final String SHA512 = "http://www.w3.org/2001/04/xmlenc#sha512";
    public static final String SHA1 = "http://www.w3.org/2000/09/xmldsig#sha1";

    // VIHF attributes (docs/vihf-air.md §4)
    public static final String VIHF_VERSION = "VIHF_Version";
    public static final String AUTHENTIFICATION_MODE = "Authentification_Mode";
    public static final String IDENTIFIANT_STRUCTURE = "Identifiant_Structure";
    public static final String SECTEUR_ACTIVITE = "Secteur_Activite";
    public static final String SUBJECT_ID = "urn:oasis:names:tc:xspa:1.0:subject:subject-id";
    public static final String ROLE = "urn:oasis:names:tc:xacml:2.0:subject:role";
    public static final String RESOURCE_ID = "urn:oasis:names:tc:xacml:2.0:resource:resource-id";
    public static final String RESSOURCE_URN = "Ressource_URN";
    public static final String PURPOSE_OF_USE = "urn:oasis:names:tc:xspa:1.0:subject:purposeofuse";
    public static final String CONFIDENTIALITY_CODE = "urn:oasis:names:tc:xspa:1.0:resource:patient:hl7:confidentiality-code";
    public static final String LPS_NOM = "LPS_Nom";
    public static final String LPS_VERSION = "LPS_Version";
    public static final String LPS_ID = "LPS_ID";
    public static final String LPS_ID_HOMOLOGATION_DMP = "LPS_ID_HOMOLOGATION_DMP";
    public static final String MODE_ACCES = "Mode_Acces";
    public static final String MODE_ACCES_RAISON = "Mode_Acces_Raison";
    // IHE XUA extras
    public static final String ORGANIZATION = "urn:oasis:names:tc:xspa:1.0:subject:organization";
    public static final String ORGANIZATION_ID = "urn:oasis:names:tc:xspa:1.0:subject:organization-id";
    public static final String HOME_COMMUNITY_ID = "urn:nhin:names:saml:homeCommunityId";
    public static final String BPPC_DOC_ID = "urn:ihe:iti:bppc:2007:docid";
    public static final String XUA_ACP = "urn:ihe:iti:xua:2012:acp";

    // code systems and values
    public static final String SECTEUR_ACTIVITE_OID = "1.2.250.1.71.4.2.4";
    public static final String PROFESSION_G15_OID = "1.2.250.1.71.1.2.7";
    public static final String PROFESSION_G16_OID = "1.2.250.1.71.1.2.8";
    public static final String PRODUCTEUR_NON_PS_A00_OID = "1.2.250.1.213.1.1.4.6";
    public static final String SPECIALTY_RPPS_OID = "1.2.250.1.71.4.2.5";
    public static final String MODE_ACCES_R248_OID = "1.2.250.1.213.1.1.4.248";
    public static final String CONFIDENTIALITY_OID = "1.2.250.1.213.1.1.4.13";
    public static final String MODE_AIR = "INDIRECTE_RENFORCEE";
    public static final String URN_DMP = "urn:dmp";

    public static final String AC_PASSWORD = "urn:oasis:names:tc:SAML:2.0:ac:classes:Password";
    public static final String AC_SMARTCARD = "urn:oasis:names:tc:SAML:2.0:ac:classes:SmartcardPKI";
}
