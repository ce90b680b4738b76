package org.passerelle.registry;

import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.AssociationType1;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.ClassificationType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.ExternalIdentifierType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.ExtrinsicObjectType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.IdentifiableType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.InternationalStringType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.LocalizedStringType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.RegistryObjectType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.RegistryPackageType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.SlotType1;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.VersionInfoType;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;

/**
 * Writes the stored ebRIM form of a registry object with the very characters JAXB's marshaller writes (fragment, one
 * default namespace, its attribute order and escaping), without JAXB's per-object machinery, which cost a PnR about
 * as much as IPF's own model-to-ebRIM transformation. The counterpart of {@link StoredRimReader}. Anything outside
 * the subset the codec produces (a RegistryObjectList, a null value, a control character) is {@link Unsupported}:
 * the codec then marshals with JAXB, so the stored form never depends on which of the two wrote it.
 */
final class StoredRimWriter {
    /** The namespace declarations JAXB puts on the root element (the context knows the XDS.b namespace too). */
    private static final String NAMESPACES = " xmlns=\"urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0\" xmlns:ns2=\"urn:ihe:iti:xds-b:2007\"";

    /** The object holds something this writer does not write like JAXB. */
    static final class Unsupported extends RuntimeException {
        private static final Unsupported INSTANCE = new Unsupported();

        private Unsupported() {
            super("outside the stored subset", null, false, false);
        }
    }

    // the getters of these fields answer a default when the field is null (mimeType application/octet-stream, lang
    // en-US…), where JAXB, reading the fields, writes no attribute at all: read the fields too
    private static final VarHandle MIME_TYPE, IS_OPAQUE, LANG, CHARSET, VERSION_NAME;

    static {
        VarHandle mimeType = null, isOpaque = null, lang = null, charset = null, versionName = null;
        try {
            MethodHandles.Lookup eo = MethodHandles.privateLookupIn(ExtrinsicObjectType.class, MethodHandles.lookup());
            mimeType = eo.findVarHandle(ExtrinsicObjectType.class, "mimeType", String.class);
            isOpaque = eo.findVarHandle(ExtrinsicObjectType.class, "isOpaque", Boolean.class);
            MethodHandles.Lookup ls = MethodHandles.privateLookupIn(LocalizedStringType.class, MethodHandles.lookup());
            lang = ls.findVarHandle(LocalizedStringType.class, "lang", String.class);
            charset = ls.findVarHandle(LocalizedStringType.class, "charset", String.class);
            MethodHandles.Lookup vi = MethodHandles.privateLookupIn(VersionInfoType.class, MethodHandles.lookup());
            versionName = vi.findVarHandle(VersionInfoType.class, "versionName", String.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            mimeType = null; // another IPF version, or not open to this module: JAXB writes everything
        }
        MIME_TYPE = mimeType;
        IS_OPAQUE = isOpaque;
        LANG = lang;
        CHARSET = charset;
        VERSION_NAME = versionName;
    }

    private final StringBuilder out = new StringBuilder(4096);

    private StoredRimWriter() {
        if (MIME_TYPE == null) throw Unsupported.INSTANCE;
    }

    static String extrinsicObject(ExtrinsicObjectType eo) {
        StoredRimWriter w = new StoredRimWriter();
        w.start("ExtrinsicObject");
        w.attribute("mimeType", (String) MIME_TYPE.get(eo));
        Boolean opaque = (Boolean) IS_OPAQUE.get(eo);
        if (opaque != null) w.attribute("isOpaque", opaque.toString());
        w.registryObjectAttributes(eo);
        w.out.append(NAMESPACES);
        boolean content = w.registryObjectContent(eo);
        if (eo.getContentVersionInfo() != null) {
            content = w.open(content);
            w.versionInfo("ContentVersionInfo", eo.getContentVersionInfo());
        }
        w.end("ExtrinsicObject", content);
        return w.out.toString();
    }

    static String registryPackage(RegistryPackageType rp) {
        if (rp.getRegistryObjectList() != null) throw Unsupported.INSTANCE;
        StoredRimWriter w = new StoredRimWriter();
        w.start("RegistryPackage");
        w.registryObjectAttributes(rp);
        w.out.append(NAMESPACES);
        w.end("RegistryPackage", w.registryObjectContent(rp));
        return w.out.toString();
    }

    static String association(AssociationType1 a) {
        StoredRimWriter w = new StoredRimWriter();
        w.start("Association");
        w.attribute("associationType", a.getAssociationType());
        w.attribute("sourceObject", a.getSourceObject());
        w.attribute("targetObject", a.getTargetObject());
        w.registryObjectAttributes(a);
        w.out.append(NAMESPACES);
        w.end("Association", w.registryObjectContent(a));
        return w.out.toString();
    }

    // JAXB writes a class's own attributes before those of its superclasses, elements the other way round

    private void registryObjectAttributes(RegistryObjectType o) {
        attribute("lid", o.getLid());
        attribute("objectType", o.getObjectType());
        attribute("status", o.getStatus());
        attribute("id", o.getId());
        attribute("home", o.getHome());
    }

    /** Slots, Name, Description, VersionInfo, Classifications, ExternalIdentifiers; returns whether any was written. */
    private boolean registryObjectContent(RegistryObjectType o) {
        boolean content = slots(o, false);
        if (o.getName() != null) {
            content = open(content);
            internationalString("Name", o.getName());
        }
        if (o.getDescription() != null) {
            content = open(content);
            internationalString("Description", o.getDescription());
        }
        if (o.getVersionInfo() != null) {
            content = open(content);
            versionInfo("VersionInfo", o.getVersionInfo());
        }
        for (ClassificationType c : o.getClassification()) {
            if (c == null) throw Unsupported.INSTANCE;
            content = open(content);
            start("Classification");
            attribute("classificationScheme", c.getClassificationScheme());
            attribute("classifiedObject", c.getClassifiedObject());
            attribute("classificationNode", c.getClassificationNode());
            attribute("nodeRepresentation", c.getNodeRepresentation());
            registryObjectAttributes(c);
            end("Classification", registryObjectContent(c));
        }
        for (ExternalIdentifierType e : o.getExternalIdentifier()) {
            if (e == null) throw Unsupported.INSTANCE;
            content = open(content);
            start("ExternalIdentifier");
            attribute("registryObject", e.getRegistryObject());
            attribute("identificationScheme", e.getIdentificationScheme());
            attribute("value", e.getValue());
            registryObjectAttributes(e);
            end("ExternalIdentifier", registryObjectContent(e));
        }
        return content;
    }

    private boolean slots(IdentifiableType o, boolean content) {
        for (SlotType1 slot : o.getSlot()) {
            if (slot == null) throw Unsupported.INSTANCE;
            content = open(content);
            start("Slot");
            attribute("name", slot.getName());
            attribute("slotType", slot.getSlotType());
            if (slot.getValueList() == null) {
                end("Slot", false);
                continue;
            }
            out.append('>');
            start("ValueList");
            List<String> values = slot.getValueList().getValue();
            if (values.isEmpty()) {
                out.append("/>");
            } else {
                out.append('>');
                for (String v : values) {
                    if (v == null) throw Unsupported.INSTANCE;
                    out.append("<Value>");
                    text(v);
                    out.append("</Value>");
                }
                out.append("</ValueList>");
            }
            out.append("</Slot>");
        }
        return content;
    }

    private void internationalString(String element, InternationalStringType s) {
        start(element);
        List<LocalizedStringType> strings = s.getLocalizedString();
        if (strings.isEmpty()) {
            out.append("/>");
            return;
        }
        out.append('>');
        for (LocalizedStringType l : strings) {
            if (l == null) throw Unsupported.INSTANCE;
            start("LocalizedString");
            attribute("xml:lang", (String) LANG.get(l));
            attribute("charset", (String) CHARSET.get(l));
            attribute("value", l.getValue());
            out.append("/>");
        }
        out.append("</").append(element).append('>');
    }

    private void versionInfo(String element, VersionInfoType v) {
        start(element);
        attribute("versionName", (String) VERSION_NAME.get(v));
        attribute("comment", v.getComment());
        out.append("/>");
    }

    private void start(String element) {
        out.append('<').append(element);
    }

    /** Closes the start tag before the first child. */
    private boolean open(boolean content) {
        if (!content) out.append('>');
        return true;
    }

    private void end(String element, boolean content) {
        if (content) out.append("</").append(element).append('>');
        else out.append("/>");
    }

    private void attribute(String name, String value) {
        if (value == null) return;
        out.append(' ').append(name).append("=\"");
        escape(value, true);
        out.append('"');
    }

    private void text(String value) {
        escape(value, false);
    }

    /** JAXB's MinimumEscapeHandler: &amp; &lt; &gt; and CR always, LF and the quote in attribute values. */
    private void escape(String s, boolean attribute) {
        int n = s.length();
        int plain = 0;
        while (plain < n) {
            char c = s.charAt(plain);
            if (c < 0x20 || c == '&' || c == '<' || c == '>' || c == '"') break;
            plain++;
        }
        out.append(s, 0, plain);
        for (int i = plain; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '\r' -> out.append("&#13;");
                case '\n' -> out.append(attribute ? "&#10;" : "\n");
                case '"' -> out.append(attribute ? "&quot;" : "\"");
                default -> {
                    // control characters are not XML: left to JAXB, whatever it makes of them
                    if (c < 0x20 && c != '\t') throw Unsupported.INSTANCE;
                    out.append(c);
                }
            }
        }
    }
}
