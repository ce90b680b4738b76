package org.passerelle.conformance.metadata;

import static org.passerelle.conformance.metadata.Namespaces.LCM30;
import static org.passerelle.conformance.metadata.Namespaces.RIM21;
import static org.passerelle.conformance.metadata.Namespaces.RIM30;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.passerelle.conformance.Xml;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;

/**
 * Converts an ebRIM 2.1 {@code rs:SubmitObjectsRequest} (the format of most NIST kit metadata files) into an ebRIM 3.0
 * {@code lcm:SubmitObjectsRequest}, as the NIST toolkit does before sending XDS.b: new namespaces,
 * LeafRegistryObjectList renamed RegistryObjectList, child order Slot, Name, Description, Classification,
 * ExternalIdentifier, ids given to Classifications/ExternalIdentifiers/Associations (symbolic {@code id_n}),
 * {@code registryObject} set on ExternalIdentifiers, and short association types and statuses made URNs.
 */
public final class Ebrim21To30Converter {

    /** The input is not an ebRIM 2.1 submission this converter understands; the message says where. */
    public static final class ConversionException extends Exception {
        public ConversionException(String message) { super(message); }
    }

    private static final Map<String, String> ASSOCIATION_TYPES = Map.of(
            "HasMember", "urn:oasis:names:tc:ebxml-regrep:AssociationType:HasMember",
            "RPLC", "urn:ihe:iti:2007:AssociationType:RPLC",
            "APND", "urn:ihe:iti:2007:AssociationType:APND",
            "XFRM", "urn:ihe:iti:2007:AssociationType:XFRM",
            "XFRM_RPLC", "urn:ihe:iti:2007:AssociationType:XFRM_RPLC",
            "signs", "urn:ihe:iti:2007:AssociationType:signs",
            "IsSnapshotOf", "urn:ihe:iti:2010:AssociationType:IsSnapshotOf");

    private static final Set<String> OBJECT_TYPES = Set.of("ExtrinsicObject", "RegistryPackage", "Association",
            "Classification", "ObjectRef", "ExternalIdentifier");

    /** True when the document is an ebRIM 2.1 submission (the namespace of its RIM elements is 2.1). */
    public static boolean isEbrim21(Document doc) {
        Element root = doc.getDocumentElement();
        return root != null && "SubmitObjectsRequest".equals(root.getLocalName())
                && !Xml.descendants(doc, "LeafRegistryObjectList").isEmpty()
                && RIM21.equals(Xml.descendants(doc, "LeafRegistryObjectList").get(0).getNamespaceURI());
    }

    private Document out;
    private Set<String> usedIds;
    private int counter;

    public synchronized Document convert(Document in) throws ConversionException {
        Element root = in.getDocumentElement();
        if (root == null || !"SubmitObjectsRequest".equals(root.getLocalName())) {
            throw new ConversionException("root element is " + (root == null ? "missing" : root.getLocalName())
                    + ", expected rs:SubmitObjectsRequest");
        }
        Element list = Xml.child(root, "LeafRegistryObjectList");
        if (list == null) throw new ConversionException("rs:SubmitObjectsRequest has no rim:LeafRegistryObjectList");
        usedIds = new HashSet<>();
        for (Element e : Xml.descendants(in, "*")) {
            String id = Xml.attr(e, "id");
            if (id != null) usedIds.add(id);
        }
        counter = 0;
        out = Xml.newDocument();
        Element sor = out.createElementNS(LCM30, "lcm:SubmitObjectsRequest");
        sor.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:rim", RIM30);
        out.appendChild(sor);
        Element rol = rim("RegistryObjectList");
        sor.appendChild(rol);
        for (Element e : Xml.children(list)) {
            String name = e.getLocalName();
            if (!OBJECT_TYPES.contains(name)) {
                throw new ConversionException("unexpected <" + name + "> in rim:LeafRegistryObjectList");
            }
            rol.appendChild(registryObject(e, null));
        }
        return out;
    }

    private Element rim(String localName) {
        return out.createElementNS(RIM30, "rim:" + localName);
    }

    private String freshId() {
        String id;
        do {
            id = "id_" + (++counter);
        } while (usedIds.contains(id));
        usedIds.add(id);
        return id;
    }

    private Element registryObject(Element in, String parentId) throws ConversionException {
        String name = in.getLocalName();
        Element o = rim(name);
        copyAttributes(in, o);
        if (name.equals("ObjectRef")) {
            return o;
        }
        if (!o.hasAttribute("id") || o.getAttribute("id").isBlank()) {
            o.setAttribute("id", freshId());
        }
        String id = o.getAttribute("id");
        switch (name) {
            case "Association" -> {
                String type = o.getAttribute("associationType");
                if (type.isEmpty()) throw new ConversionException("Association " + id + " has no associationType");
                o.setAttribute("associationType", ASSOCIATION_TYPES.getOrDefault(type, type));
            }
            case "ExternalIdentifier" -> {
                if (parentId != null) o.setAttribute("registryObject", parentId);
                if (!o.hasAttribute("registryObject")) {
                    throw new ConversionException("ExternalIdentifier " + id + " is not inside an object and has no registryObject");
                }
            }
            case "Classification" -> {
                if (!o.hasAttribute("classifiedObject") && parentId != null) o.setAttribute("classifiedObject", parentId);
            }
            default -> { }
        }
        if (o.hasAttribute("status") && !o.getAttribute("status").contains(":")) {
            o.setAttribute("status", Namespaces.STATUS_PREFIX + o.getAttribute("status"));
        }
        List<Element> slots = new ArrayList<>();
        Element nameEl = null, description = null;
        List<Element> classifications = new ArrayList<>();
        List<Element> identifiers = new ArrayList<>();
        List<Element> rest = new ArrayList<>();
        for (Element c : Xml.children(in)) {
            switch (c.getLocalName()) {
                case "Slot" -> slots.add(slot(c));
                case "Name" -> nameEl = internationalString(c, "Name");
                case "Description" -> description = internationalString(c, "Description");
                case "Classification" -> classifications.add(registryObject(c, id));
                case "ExternalIdentifier" -> identifiers.add(registryObject(c, id));
                case "VersionInfo", "ContentVersionInfo" -> { } // 2.1 version attributes have no 3.0 meaning here
                default -> rest.add(copyDeep(c));
            }
        }
        slots.forEach(o::appendChild);
        if (nameEl != null) o.appendChild(nameEl);
        if (description != null) o.appendChild(description);
        classifications.forEach(o::appendChild);
        identifiers.forEach(o::appendChild);
        rest.forEach(o::appendChild);
        return o;
    }

    private Element slot(Element in) {
        Element s = rim("Slot");
        copyAttributes(in, s);
        Element vl = rim("ValueList");
        s.appendChild(vl);
        Element inList = Xml.child(in, "ValueList");
        if (inList != null) {
            for (Element v : Xml.children(inList, "Value")) {
                Element value = rim("Value");
                value.setTextContent(v.getTextContent());
                vl.appendChild(value);
            }
        }
        return s;
    }

    private Element internationalString(Element in, String name) {
        Element s = rim(name);
        for (Element ls : Xml.children(in, "LocalizedString")) {
            Element l = rim("LocalizedString");
            copyAttributes(ls, l);
            s.appendChild(l);
        }
        return s;
    }

    private Element copyDeep(Element in) {
        Element e = rim(in.getLocalName());
        copyAttributes(in, e);
        for (Element c : Xml.children(in)) e.appendChild(copyDeep(c));
        if (Xml.children(in).isEmpty() && !in.getTextContent().isBlank()) e.setTextContent(in.getTextContent());
        return e;
    }

    private static void copyAttributes(Element from, Element to) {
        NamedNodeMap attrs = from.getAttributes();
        for (int i = 0; i < attrs.getLength(); i++) {
            Attr a = (Attr) attrs.item(i);
            if ("http://www.w3.org/2000/xmlns/".equals(a.getNamespaceURI())) continue;
            if (a.getNamespaceURI() != null) {
                to.setAttributeNS(a.getNamespaceURI(), a.getName(), a.getValue());
            } else {
                to.setAttribute(a.getLocalName() != null ? a.getLocalName() : a.getName(), a.getValue());
            }
        }
    }
}
