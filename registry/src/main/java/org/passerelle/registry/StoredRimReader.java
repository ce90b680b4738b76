package org.passerelle.registry;

import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.ClassificationType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.ExternalIdentifierType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.ExtrinsicObjectType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.InternationalStringType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.LocalizedStringType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.RegistryObjectType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.SlotType1;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.ValueListType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.VersionInfoType;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads a stored ExtrinsicObject (the ebRIM 3.0 subset {@link MetadataCodec} writes: slots, name, description,
 * version info, classifications, external identifiers) straight from StAX into IPF's JAXB classes. The JAXB runtime's
 * generic unmarshaller cost about as much as everything else of a query per returned entry; this reader does the same
 * work field by field. Anything outside that subset (an element or attribute it does not know) makes it give up with
 * {@link Unsupported}, and the caller unmarshals with JAXB instead, so the result is always what JAXB would give.
 */
final class StoredRimReader {
    static final String RIM = "urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0";

    /** The stored form uses something this reader does not know: read it with JAXB. */
    static final class Unsupported extends Exception {
        Unsupported(String what) {
            super(what, null, false, false);
        }
    }

    private StoredRimReader() { }

    /** @param r positioned before the root element (START_DOCUMENT) */
    static ExtrinsicObjectType extrinsicObject(XMLStreamReader r) throws XMLStreamException, Unsupported {
        start(r, "ExtrinsicObject");
        ExtrinsicObjectType eo = new ExtrinsicObjectType();
        for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
            String value = r.getAttributeValue(i);
            switch (plainAttribute(r, i)) {
                case "mimeType" -> eo.setMimeType(value);
                case "isOpaque" -> eo.setIsOpaque(bool(value));
                default -> {
                    if (!registryObjectAttribute(eo, r.getAttributeLocalName(i), value)) throw unsupported(r, i);
                }
            }
        }
        while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
            if ("ContentVersionInfo".equals(element(r))) eo.setContentVersionInfo(versionInfo(r));
            else registryObjectChild(r, eo);
        }
        return eo;
    }

    // ---------------------------------------------------------------- RegistryObjectType

    private static boolean registryObjectAttribute(RegistryObjectType o, String name, String value) {
        switch (name) {
            case "id" -> o.setId(value);
            case "home" -> o.setHome(value);
            case "lid" -> o.setLid(value);
            case "objectType" -> o.setObjectType(value);
            case "status" -> o.setStatus(value);
            default -> {
                return false;
            }
        }
        return true;
    }

    /** One child element of a RegistryObject (the reader is on its START_ELEMENT; it ends on its END_ELEMENT). */
    private static void registryObjectChild(XMLStreamReader r, RegistryObjectType o) throws XMLStreamException, Unsupported {
        switch (element(r)) {
            case "Slot" -> o.getSlot().add(slot(r));
            case "Name" -> o.setName(internationalString(r));
            case "Description" -> o.setDescription(internationalString(r));
            case "VersionInfo" -> o.setVersionInfo(versionInfo(r));
            case "Classification" -> o.getClassification().add(classification(r));
            case "ExternalIdentifier" -> o.getExternalIdentifier().add(externalIdentifier(r));
            default -> throw new Unsupported("element " + r.getLocalName());
        }
    }

    private static ClassificationType classification(XMLStreamReader r) throws XMLStreamException, Unsupported {
        ClassificationType c = new ClassificationType();
        for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
            String value = r.getAttributeValue(i);
            switch (plainAttribute(r, i)) {
                case "classificationScheme" -> c.setClassificationScheme(value);
                case "classifiedObject" -> c.setClassifiedObject(value);
                case "classificationNode" -> c.setClassificationNode(value);
                case "nodeRepresentation" -> c.setNodeRepresentation(value);
                default -> {
                    if (!registryObjectAttribute(c, r.getAttributeLocalName(i), value)) throw unsupported(r, i);
                }
            }
        }
        while (r.nextTag() == XMLStreamConstants.START_ELEMENT) registryObjectChild(r, c);
        return c;
    }

    private static ExternalIdentifierType externalIdentifier(XMLStreamReader r) throws XMLStreamException, Unsupported {
        ExternalIdentifierType x = new ExternalIdentifierType();
        for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
            String value = r.getAttributeValue(i);
            switch (plainAttribute(r, i)) {
                case "registryObject" -> x.setRegistryObject(value);
                case "identificationScheme" -> x.setIdentificationScheme(value);
                case "value" -> x.setValue(value);
                default -> {
                    if (!registryObjectAttribute(x, r.getAttributeLocalName(i), value)) throw unsupported(r, i);
                }
            }
        }
        while (r.nextTag() == XMLStreamConstants.START_ELEMENT) registryObjectChild(r, x);
        return x;
    }

    // ---------------------------------------------------------------- leaves

    private static SlotType1 slot(XMLStreamReader r) throws XMLStreamException, Unsupported {
        SlotType1 s = new SlotType1();
        for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
            switch (plainAttribute(r, i)) {
                case "name" -> s.setName(r.getAttributeValue(i));
                case "slotType" -> s.setSlotType(r.getAttributeValue(i));
                default -> throw unsupported(r, i);
            }
        }
        while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
            if (!"ValueList".equals(element(r)) || r.getAttributeCount() != 0 || s.getValueList() != null) {
                throw new Unsupported("Slot content " + r.getLocalName());
            }
            ValueListType values = new ValueListType();
            while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
                if (!"Value".equals(element(r)) || r.getAttributeCount() != 0) throw new Unsupported("ValueList content " + r.getLocalName());
                values.getValue().add(r.getElementText());
            }
            s.setValueList(values);
        }
        return s;
    }

    private static InternationalStringType internationalString(XMLStreamReader r) throws XMLStreamException, Unsupported {
        if (r.getAttributeCount() != 0) throw unsupported(r, 0);
        InternationalStringType s = new InternationalStringType();
        while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
            if (!"LocalizedString".equals(element(r))) throw new Unsupported("element " + r.getLocalName());
            LocalizedStringType l = new LocalizedStringType();
            for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
                String ns = r.getAttributeNamespace(i);
                String name = r.getAttributeLocalName(i);
                if (XMLConstants.XML_NS_URI.equals(ns) && "lang".equals(name)) l.setLang(r.getAttributeValue(i));
                else if ((ns == null || ns.isEmpty()) && "charset".equals(name)) l.setCharset(r.getAttributeValue(i));
                else if ((ns == null || ns.isEmpty()) && "value".equals(name)) l.setValue(r.getAttributeValue(i));
                else throw unsupported(r, i);
            }
            if (r.nextTag() != XMLStreamConstants.END_ELEMENT) throw new Unsupported("LocalizedString content");
            s.getLocalizedString().add(l);
        }
        return s;
    }

    private static VersionInfoType versionInfo(XMLStreamReader r) throws XMLStreamException, Unsupported {
        VersionInfoType v = new VersionInfoType();
        for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
            switch (plainAttribute(r, i)) {
                case "versionName" -> v.setVersionName(r.getAttributeValue(i));
                case "comment" -> v.setComment(r.getAttributeValue(i));
                default -> throw unsupported(r, i);
            }
        }
        if (r.nextTag() != XMLStreamConstants.END_ELEMENT) throw new Unsupported("VersionInfo content");
        return v;
    }

    // ---------------------------------------------------------------- helpers

    private static void start(XMLStreamReader r, String name) throws XMLStreamException, Unsupported {
        if (r.nextTag() != XMLStreamConstants.START_ELEMENT || !name.equals(element(r))) {
            throw new Unsupported("root element " + r.getLocalName());
        }
    }

    /** The local name of the current element, which must be in the rim namespace. */
    private static String element(XMLStreamReader r) throws Unsupported {
        if (!RIM.equals(r.getNamespaceURI())) throw new Unsupported("element {" + r.getNamespaceURI() + "}" + r.getLocalName());
        return r.getLocalName();
    }

    /** The local name of an attribute without namespace ("" for a namespaced one, which no case matches). */
    private static String plainAttribute(XMLStreamReader r, int i) {
        String ns = r.getAttributeNamespace(i);
        return ns == null || ns.isEmpty() ? r.getAttributeLocalName(i) : "";
    }

    private static Unsupported unsupported(XMLStreamReader r, int attribute) {
        return new Unsupported("attribute " + r.getAttributeName(attribute) + " on " + r.getLocalName());
    }

    /** xs:boolean as JAXB reads it. */
    private static Boolean bool(String value) throws Unsupported {
        return switch (value.trim()) {
            case "true", "1" -> Boolean.TRUE;
            case "false", "0" -> Boolean.FALSE;
            default -> throw new Unsupported("isOpaque " + value);
        };
    }
}
