package org.passerelle.cda.validation.internal;

import java.util.ArrayList;
import java.util.List;
import net.sf.saxon.s9api.QName;
import net.sf.saxon.s9api.XdmNode;
import net.sf.saxon.s9api.XdmNodeKind;
import org.passerelle.cda.validation.Level;

/**
 * What the header says about a CDA document: its /ClinicalDocument/templateId list, its code, and which body it has.
 *
 * @param templateIds {@code root} or {@code root@extension}, in document order
 */
public record DocumentFacts(List<TemplateId> templateIds, String code, boolean nonXmlBody, boolean structuredBody) {
    public static final String N1_TEMPLATE = "1.3.6.1.4.1.19376.1.2.20";
    public static final String CISIS_PREFIX = "1.2.250.1.213.1.1.1.";
    public static final String CISIS_HEADER = "1.2.250.1.213.1.1.1.1";

    public record TemplateId(String root, String extension) {
        @Override
        public String toString() { return extension == null ? root : root + "@" + extension; }
    }

    public static DocumentFacts of(XdmNode document) {
        XdmNode cd = child(document, "ClinicalDocument");
        List<TemplateId> ids = new ArrayList<>();
        String code = null;
        boolean nonXml = false;
        boolean structured = false;
        if (cd != null) {
            for (XdmNode c : elements(cd)) {
                String n = c.getNodeName().getLocalName();
                if (n.equals("templateId")) {
                    String root = c.getAttributeValue(new QName("root"));
                    if (root != null) {
                        String ext = c.getAttributeValue(new QName("extension"));
                        ids.add(new TemplateId(root.trim(), ext == null || ext.isBlank() ? null : ext.trim()));
                    }
                } else if (n.equals("code") && code == null) {
                    code = c.getAttributeValue(new QName("code"));
                } else if (n.equals("component")) {
                    nonXml |= child(c, "nonXMLBody") != null;
                    structured |= child(c, "structuredBody") != null;
                }
            }
        }
        return new DocumentFacts(List.copyOf(ids), code, nonXml, structured);
    }

    public Level level() {
        if (nonXmlBody) {
            return Level.N1;
        }
        if (structuredBody) {
            return Level.N3;
        }
        return Level.UNKNOWN;
    }

    public boolean hasN1Template() {
        return templateIds.stream().anyMatch(t -> t.root().equals(N1_TEMPLATE));
    }

    /** CI-SIS volet templateIds (1.2.250.1.213.1.1.1.*, without the generic header template), most specific first. */
    public List<TemplateId> voletTemplateIds() {
        return templateIds.stream()
                .filter(t -> t.root().startsWith(CISIS_PREFIX) && !t.root().equals(CISIS_HEADER))
                .sorted((a, b) -> Integer.compare(b.root().length(), a.root().length()))
                .toList();
    }

    private static XdmNode child(XdmNode parent, String local) {
        for (XdmNode c : elements(parent)) {
            if (c.getNodeName().getLocalName().equals(local) && ClinicalDocumentFilter.CDA_NS.equals(c.getNodeName().getNamespaceURI())) {
                return c;
            }
        }
        return null;
    }

    private static List<XdmNode> elements(XdmNode parent) {
        List<XdmNode> out = new ArrayList<>();
        for (XdmNode c : parent.children()) {
            if (c.getNodeKind() == XdmNodeKind.ELEMENT) {
                out.add(c);
            }
        }
        return out;
    }
}
