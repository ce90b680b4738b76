package org.passerelle.cda.metadata;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXParseException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the header of a CDA R2 document into a {@link CdaHeader}. Parsing is secure (no DTD, no external entity).
 * Self-presenting documents (root {@code xsl:stylesheet} with a nested ClinicalDocument) are accepted: the first
 * {@code urn:hl7-org:v3} ClinicalDocument element found is read.
 */
public final class CdaHeaderReader {
    public static final String HL7 = "urn:hl7-org:v3";
    /** IHE XDS-SD / CI-SIS template of an unstructured (N1) document. */
    public static final String N1_TEMPLATE = "1.3.6.1.4.1.19376.1.2.20";
    /** INS assigning authorities: NIR, NIA, NIR test, NIR demo. */
    public static final Set<String> INS_OIDS = Set.of(
            "1.2.250.1.213.1.4.8", "1.2.250.1.213.1.4.9", "1.2.250.1.213.1.4.10", "1.2.250.1.213.1.4.11");

    /** Largest CDA file read (the same default as module cda-validation). */
    public static final long MAX_BYTES = 100L * 1024 * 1024;

    public CdaHeader read(Path file) throws CdaMetadataException {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw CdaMetadataFailure.TOO_LARGE.exception(file, size, MAX_BYTES);
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw CdaMetadataFailure.UNREADABLE.exception(e, file + ": " + e.getMessage());
        }
        return read(bytes);
    }

    public CdaHeader read(byte[] document) throws CdaMetadataException {
        return read(new ByteArrayInputStream(document));
    }

    public CdaHeader read(InputStream in) throws CdaMetadataException {
        Document doc;
        try {
            doc = SecureXml.newDocumentBuilder().parse(new InputSource(in));
        } catch (SAXParseException e) {
            String where = "line " + e.getLineNumber() + ", column " + e.getColumnNumber() + ": " + e.getMessage();
            if (e.getMessage() != null && e.getMessage().contains("DOCTYPE")) {
                throw CdaMetadataFailure.DTD_FORBIDDEN.exception(e, where);
            }
            throw CdaMetadataFailure.MALFORMED_XML.exception(e, where);
        } catch (org.xml.sax.SAXException e) {
            throw CdaMetadataFailure.MALFORMED_XML.exception(e, e.getMessage());
        } catch (IOException e) {
            throw CdaMetadataFailure.UNREADABLE.exception(e, e.getMessage());
        }
        Element root = doc.getDocumentElement();
        Element cda;
        boolean selfPresenting = false;
        if (HL7.equals(root.getNamespaceURI()) && "ClinicalDocument".equals(root.getLocalName())) {
            cda = root;
        } else {
            NodeList nested = doc.getElementsByTagNameNS(HL7, "ClinicalDocument");
            if (nested.getLength() == 0) {
                throw CdaMetadataFailure.NOT_A_CDA.exception("{" + root.getNamespaceURI() + "}" + root.getLocalName());
            }
            cda = (Element) nested.item(0);
            selfPresenting = true;
        }
        return header(cda, selfPresenting);
    }

    /**
     * Reads the header from a ClinicalDocument element already parsed elsewhere (any DOM implementation, e.g. a
     * read-only view over a validator's tree), so that a document validated first is not parsed a second time.
     *
     * @param selfPresenting true when the file's root was xsl:stylesheet with this ClinicalDocument embedded
     * @throws CdaMetadataException NOT_A_CDA when the element is not an HL7 ClinicalDocument, or as {@link #read(byte[])}
     */
    public CdaHeader read(Element clinicalDocument, boolean selfPresenting) throws CdaMetadataException {
        if (!HL7.equals(clinicalDocument.getNamespaceURI()) || !"ClinicalDocument".equals(clinicalDocument.getLocalName())) {
            throw CdaMetadataFailure.NOT_A_CDA.exception("{" + clinicalDocument.getNamespaceURI() + "}"
                    + clinicalDocument.getLocalName());
        }
        return header(clinicalDocument, selfPresenting);
    }

    private CdaHeader header(Element cda, boolean selfPresenting) throws CdaMetadataException {
        Ii id = ii(child(cda, "id"));
        if (id == null || id.root() == null) {
            throw CdaMetadataFailure.MISSING_HEADER_ELEMENT.exception("ClinicalDocument/id/@root");
        }
        List<Ii> templateIds = new ArrayList<>();
        for (Element t : children(cda, "templateId")) {
            templateIds.add(ii(t));
        }
        Element versionNumber = child(cda, "versionNumber");
        Integer version = null;
        if (versionNumber != null && !attr(versionNumber, "value").isEmpty()) {
            try {
                version = Integer.valueOf(attr(versionNumber, "value").trim());
            } catch (NumberFormatException e) {
                version = null;
            }
        }

        Element serviceEvent = path(cda, "documentationOf", "serviceEvent");
        String low = null;
        String high = null;
        if (serviceEvent != null) {
            low = value(path(serviceEvent, "effectiveTime", "low"));
            high = value(path(serviceEvent, "effectiveTime", "high"));
        }
        CodedValue practiceSetting = null;
        for (Element documentationOf : children(cda, "documentationOf")) {
            Element sic = path(documentationOf, "serviceEvent", "performer", "assignedEntity",
                    "representedOrganization", "standardIndustryClassCode");
            if (sic != null) {
                practiceSetting = coded(sic);
                break;
            }
        }

        Element component = child(cda, "component");
        Element nonXmlBody = component == null ? null : child(component, "nonXMLBody");
        CdaLevel level = nonXmlBody != null ? CdaLevel.N1 : CdaLevel.N3;
        String mediaType = null;
        if (nonXmlBody != null) {
            Element text = child(nonXmlBody, "text");
            mediaType = text == null ? null : emptyToNull(attr(text, "mediaType"));
        }

        List<CdaAuthor> authors = new ArrayList<>();
        for (Element author : children(cda, "author")) {
            authors.add(author(author));
        }

        return new CdaHeader(
                id,
                coded(child(cda, "code")),
                text(child(cda, "title")),
                value(child(cda, "effectiveTime")),
                coded(child(cda, "confidentialityCode")),
                emptyToNull(attr(child(cda, "languageCode"), "code")),
                ii(child(cda, "setId")),
                version,
                patient(path(cda, "recordTarget", "patientRole")),
                authors,
                legalAuthenticator(child(cda, "legalAuthenticator")),
                low,
                high,
                practiceSetting,
                coded(path(cda, "componentOf", "encompassingEncounter", "location", "healthCareFacility", "code")),
                templateIds,
                level,
                mediaType,
                selfPresenting);
    }

    private static CdaPatient patient(Element patientRole) {
        if (patientRole == null) {
            return new CdaPatient(List.of(), null, null, null, null);
        }
        List<Ii> ids = new ArrayList<>();
        Ii ins = null;
        for (Element e : children(patientRole, "id")) {
            Ii i = ii(e);
            ids.add(i);
            if (ins == null && i.root() != null && INS_OIDS.contains(i.root()) && i.extension() != null) {
                ins = i;
            }
        }
        Element patient = child(patientRole, "patient");
        PersonName name = null;
        String birth = null;
        String gender = null;
        if (patient != null) {
            name = name(child(patient, "name"), true);
            birth = value(child(patient, "birthTime"));
            gender = emptyToNull(attr(child(patient, "administrativeGenderCode"), "code"));
        }
        return new CdaPatient(ids, ins, name, birth, gender);
    }

    private static CdaAuthor author(Element author) {
        Element assigned = child(author, "assignedAuthor");
        Element person = assigned == null ? null : child(assigned, "assignedPerson");
        Element org = assigned == null ? null : child(assigned, "representedOrganization");
        CdaOrganization organization = org == null ? null
                : new CdaOrganization(ii(child(org, "id")), text(child(org, "name")));
        return new CdaAuthor(
                assigned == null ? null : ii(child(assigned, "id")),
                person == null ? null : name(child(person, "name"), false),
                assigned == null ? null : coded(child(assigned, "code")),
                coded(child(author, "functionCode")),
                organization,
                value(child(author, "time")));
    }

    private static CdaLegalAuthenticator legalAuthenticator(Element la) {
        if (la == null) {
            return null;
        }
        Element entity = child(la, "assignedEntity");
        Element person = entity == null ? null : child(entity, "assignedPerson");
        return new CdaLegalAuthenticator(
                entity == null ? null : ii(child(entity, "id")),
                person == null ? null : name(child(person, "name"), false),
                value(child(la, "time")));
    }

    /**
     * The family name and first given name. For the patient, the birth name ({@code qualifier="BR"}) is preferred,
     * as the French INS traits require; a multi-word given name keeps only its first word.
     */
    private static PersonName name(Element name, boolean preferBirthName) {
        if (name == null) {
            return null;
        }
        String family = pick(children(name, "family"), preferBirthName);
        String given = pick(children(name, "given"), preferBirthName);
        if (given != null && preferBirthName && given.contains(" ")) {
            given = given.substring(0, given.indexOf(' '));
        }
        Element prefix = child(name, "prefix");
        if (family == null && given == null) {
            String whole = text(name);
            return whole == null ? null : new PersonName(whole, null, null);
        }
        return new PersonName(family, given, text(prefix));
    }

    private static String pick(List<Element> parts, boolean preferBirthName) {
        if (parts.isEmpty()) {
            return null;
        }
        if (preferBirthName) {
            for (Element e : parts) {
                if ("BR".equals(attr(e, "qualifier")) && text(e) != null) {
                    return text(e);
                }
            }
        }
        for (Element e : parts) {
            if (text(e) != null) {
                return text(e);
            }
        }
        return null;
    }

    // --- small DOM helpers, HL7 namespace only ---

    static Element child(Element parent, String localName) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && HL7.equals(e.getNamespaceURI()) && localName.equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }

    static List<Element> children(Element parent, String localName) {
        List<Element> out = new ArrayList<>();
        if (parent == null) {
            return out;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && HL7.equals(e.getNamespaceURI()) && localName.equals(e.getLocalName())) {
                out.add(e);
            }
        }
        return out;
    }

    static Element path(Element from, String... names) {
        Element e = from;
        for (String name : names) {
            e = child(e, name);
            if (e == null) {
                return null;
            }
        }
        return e;
    }

    private static String attr(Element e, String name) {
        return e == null ? "" : e.getAttribute(name);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static String value(Element e) {
        return emptyToNull(attr(e, "value"));
    }

    private static String text(Element e) {
        return e == null ? null : emptyToNull(e.getTextContent().replaceAll("\\s+", " "));
    }

    private static Ii ii(Element e) {
        if (e == null) {
            return null;
        }
        return new Ii(emptyToNull(attr(e, "root")), emptyToNull(attr(e, "extension")));
    }

    private static CodedValue coded(Element e) {
        if (e == null || emptyToNull(attr(e, "code")) == null) {
            return null;
        }
        return new CodedValue(attr(e, "code").trim(), emptyToNull(attr(e, "displayName")),
                emptyToNull(attr(e, "codeSystem")));
    }
}
