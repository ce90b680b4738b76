package org.passerelle.vihf;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Builds an unsigned VIHF assertion (docs/vihf-air.md §2, §4) as a DOM element; sign it with {@link VihfSigner} and
 * put it in a header with {@link WsSecurity}. Attribute values can be replaced or removed with
 * {@link #attribute(String, String...)} and {@link #without(String)} (tests of malformed tokens).
 * <pre>{@code
 * Element a = VihfBuilder.create()
 *     .issuer(signCert).user("3199999990/IDE-000042", "EXEMPLE Marie, Urgences")
 *     .structure("1999999990").activitySector("SA07")
 *     .profession("10", "Médecin").specialty("SM26", "Qualifié en médecine générale")
 *     .air().purposeOfUse("normal").patient("2...^^^&1.2.250.1.213.1.4.8&ISO^NH")
 *     .lps("EXEMPLE-DPI", "0.1.0", "TST-0000000-tmp1").build();
 * }</pre>
 */
public final class VihfBuilder {

    private String id = "_" + UUID.randomUUID();
    private String issuer;
    private Instant issueInstant;
    private Duration lifetime = Duration.ofMinutes(5);
    private Instant notBefore;
    private Instant notOnOrAfter;
    private boolean conditions = true;
    private String nameId;
    private String authnContextClass = Saml.AC_PASSWORD;
    private String authnContextDecl;
    private Instant authnInstant;
    private final List<String[]> roles = new ArrayList<>();
    private String[] purpose = {"normal", Saml.MODE_ACCES_R248_OID, "mode acces VIHF 2.0", "Accès normal"};
    private final Map<String, List<String>> text = new LinkedHashMap<>();
    private final List<String> removed = new ArrayList<>();

    private VihfBuilder() {
        text.put(Saml.VIHF_VERSION, List.of("3.0"));
        text.put(Saml.AUTHENTIFICATION_MODE, List.of("INDIRECTE"));
    }

    public static VihfBuilder create() {
        return new VihfBuilder();
    }

    public VihfBuilder id(String v) { id = v; return this; }

    /** Issuer = the RFC 2253 subject DN of the ORG_SIGN certificate. */
    public VihfBuilder issuer(X509Certificate signingCertificate) {
        return issuer(signingCertificate.getSubjectX500Principal().getName());
    }

    public VihfBuilder issuer(String v) { issuer = v; return this; }

    /** Subject/NameID (the user's national or internal identifier) and subject-id (his readable identity). */
    public VihfBuilder user(String nameId, String subjectName) {
        this.nameId = nameId;
        return attribute(Saml.SUBJECT_ID, subjectName);
    }

    /** Identifiant_Structure ("1" + FINESS or "3" + SIRET, the OU of the certificates). */
    public VihfBuilder structure(String v) { return attribute(Saml.IDENTIFIANT_STRUCTURE, v); }

    /** Secteur_Activite code (TRE_R02), e.g. "SA07"; the OID is appended. */
    public VihfBuilder activitySector(String code) {
        return attribute(Saml.SECTEUR_ACTIVITE, code + "^" + Saml.SECTEUR_ACTIVITE_OID);
    }

    /** The first role: profession code of TRE_G15 (e.g. "10" Médecin). */
    public VihfBuilder profession(String code, String displayName) {
        return role(code, Saml.PROFESSION_G15_OID, "professions", displayName);
    }

    /** The second role: specialty (e.g. "SM26"), mandatory for physicians and pharmacists. */
    public VihfBuilder specialty(String code, String displayName) {
        return role(code, Saml.SPECIALTY_RPPS_OID, "specialites RPPS", displayName);
    }

    /** Appends a subject:role value. */
    public VihfBuilder role(String code, String codeSystem, String codeSystemName, String displayName) {
        roles.add(new String[] {code, codeSystem, codeSystemName, displayName});
        return this;
    }

    public VihfBuilder authenticationMode(String v) { return attribute(Saml.AUTHENTIFICATION_MODE, v); }

    /** AIR: Authentification_Mode INDIRECTE_RENFORCEE, class Password, declaration CONF_EXI_PGSSIS. */
    public VihfBuilder air() {
        authnContextClass = Saml.AC_PASSWORD;
        authnContextDecl = "CONF_EXI_PGSSIS";
        return authenticationMode(Saml.MODE_AIR);
    }

    public VihfBuilder authnContext(String classRef, String declOrNull) {
        authnContextClass = classRef;
        authnContextDecl = declOrNull;
        return this;
    }

    public VihfBuilder authnInstant(Instant v) { authnInstant = v; return this; }

    /** purposeofuse code of TRE_R248: normal, bris_de_glace, centre_15. */
    public VihfBuilder purposeOfUse(String code) {
        String display = switch (code) {
            case "bris_de_glace" -> "Accès en bris de glace";
            case "centre_15" -> "Accès par un centre de régulation médicale";
            default -> "Accès normal";
        };
        purpose = new String[] {code, Saml.MODE_ACCES_R248_OID, "mode acces VIHF 2.0", display};
        return this;
    }

    /** resource-id: the patient's INS in CX form. */
    public VihfBuilder patient(String insCx) { return attribute(Saml.RESOURCE_ID, insCx); }

    public VihfBuilder lps(String name, String version, String homologation) {
        attribute(Saml.LPS_NOM, name);
        attribute(Saml.LPS_VERSION, version);
        return attribute(Saml.LPS_ID_HOMOLOGATION_DMP, homologation);
    }

    public VihfBuilder lpsId(String v) { return attribute(Saml.LPS_ID, v); }

    public VihfBuilder vihfVersion(String v) { return attribute(Saml.VIHF_VERSION, v); }

    /** IssueInstant (default now) and lifetime (default 5 min): NotBefore = issue, NotOnOrAfter = issue + lifetime. */
    public VihfBuilder validity(Instant issue, Duration lifetime) {
        this.issueInstant = issue;
        this.lifetime = lifetime;
        return this;
    }

    /** Explicit Conditions bounds (null: derived from {@link #validity}). */
    public VihfBuilder conditions(Instant notBefore, Instant notOnOrAfter) {
        this.notBefore = notBefore;
        this.notOnOrAfter = notOnOrAfter;
        return this;
    }

    /** Omit the Conditions element (the verifier then uses IssueInstant + its maximum lifetime). */
    public VihfBuilder withoutConditions() { conditions = false; return this; }

    /** Sets (replaces) a text attribute; several values make it multi-valued. */
    public VihfBuilder attribute(String name, String... values) {
        text.put(name, List.of(values));
        removed.remove(name);
        return this;
    }

    /** Leaves an attribute (text or coded, e.g. {@link Saml#ROLE}) out of the assertion. */
    public VihfBuilder without(String name) {
        removed.add(name);
        return this;
    }

    /** Builds the assertion in a new document (as its document element). */
    public Element build() {
        Document doc = SecureXml.newDocument();
        Element a = build(doc);
        doc.appendChild(a);
        return a;
    }

    /** Builds the assertion owned by {@code doc} (not yet attached). */
    public Element build(Document doc) {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(nameId, "user");
        Instant issue = (issueInstant != null ? issueInstant : Instant.now()).truncatedTo(ChronoUnit.MILLIS);
        Element a = saml(doc, "Assertion");
        a.setAttributeNS(Saml.XMLNS_NS, "xmlns:saml2", Saml.SAML2_NS);
        a.setAttributeNS(Saml.XMLNS_NS, "xmlns:xsi", Saml.XSI_NS);
        a.setAttributeNS(null, "ID", id);
        a.setAttributeNS(null, "IssueInstant", issue.toString());
        a.setAttributeNS(null, "Version", "2.0");

        Element iss = append(a, saml(doc, "Issuer"));
        iss.setAttributeNS(null, "Format", Saml.NAMEID_X509);
        iss.setTextContent(issuer);

        Element subject = append(a, saml(doc, "Subject"));
        append(subject, saml(doc, "NameID")).setTextContent(nameId);

        if (conditions) {
            Element c = append(a, saml(doc, "Conditions"));
            c.setAttributeNS(null, "NotBefore", (notBefore != null ? notBefore : issue).toString());
            c.setAttributeNS(null, "NotOnOrAfter", (notOnOrAfter != null ? notOnOrAfter : issue.plus(lifetime)).toString());
        }

        Element authn = append(a, saml(doc, "AuthnStatement"));
        authn.setAttributeNS(null, "AuthnInstant",
                (authnInstant != null ? authnInstant : issue.minusSeconds(60)).truncatedTo(ChronoUnit.MILLIS).toString());
        Element ctx = append(authn, saml(doc, "AuthnContext"));
        append(ctx, saml(doc, "AuthnContextClassRef")).setTextContent(authnContextClass);
        if (authnContextDecl != null) {
            append(ctx, saml(doc, "AuthnContextDecl")).setTextContent(authnContextDecl);
        }

        Element st = append(a, saml(doc, "AttributeStatement"));
        for (Map.Entry<String, List<String>> e : text.entrySet()) {
            if (removed.contains(e.getKey())) continue;
            textAttribute(st, e.getKey(), e.getValue());
        }
        if (!roles.isEmpty() && !removed.contains(Saml.ROLE)) {
            Element attr = attributeElement(st, Saml.ROLE);
            for (String[] r : roles) {
                append(append(attr, saml(doc, "AttributeValue")), coded(doc, "Role", r));
            }
        }
        if (!removed.contains(Saml.PURPOSE_OF_USE)) {
            Element attr = attributeElement(st, Saml.PURPOSE_OF_USE);
            append(append(attr, saml(doc, "AttributeValue")), coded(doc, "PurposeOfUse", purpose));
        }
        if (!text.containsKey(Saml.RESSOURCE_URN) && !removed.contains(Saml.RESSOURCE_URN)) {
            textAttribute(st, Saml.RESSOURCE_URN, List.of(Saml.URN_DMP));
        }
        return a;
    }

    static Element coded(Document doc, String name, String[] v) {
        Element e = doc.createElementNS(Saml.HL7_NS, name);
        e.setAttributeNS(Saml.XMLNS_NS, "xmlns", Saml.HL7_NS);
        e.setAttributeNS(Saml.XSI_NS, "xsi:type", "CE");
        e.setAttributeNS(null, "code", v[0]);
        e.setAttributeNS(null, "codeSystem", v[1]);
        if (v[2] != null) e.setAttributeNS(null, "codeSystemName", v[2]);
        if (v[3] != null) e.setAttributeNS(null, "displayName", v[3]);
        return e;
    }

    static void textAttribute(Element statement, String name, List<String> values) {
        Element attr = attributeElement(statement, name);
        for (String v : values) {
            append(attr, saml(statement.getOwnerDocument(), "AttributeValue")).setTextContent(v);
        }
    }

    static Element attributeElement(Element statement, String name) {
        Element attr = append(statement, saml(statement.getOwnerDocument(), "Attribute"));
        attr.setAttributeNS(null, "Name", name);
        return attr;
    }

    static Element saml(Document doc, String local) {
        return doc.createElementNS(Saml.SAML2_NS, "saml2:" + local);
    }

    static Element append(Element parent, Element child) {
        parent.appendChild(child);
        return child;
    }
}
