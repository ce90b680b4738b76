package org.passerelle.conformance.transport;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.passerelle.conformance.ConformanceFailure;
import org.passerelle.conformance.ConformanceFailure.StepException;
import org.passerelle.conformance.Xml;
import org.passerelle.conformance.metadata.Namespaces;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A parsed XDS.b response: SOAP Fault or the body's response element with its short status (Success, Failure,
 * PartialSuccess), its RegistryErrors, and for ITI-43 the retrieved documents with XOP includes resolved.
 */
public record XdsResponse(String status, String faultReason, List<RegistryError> errors, Element body,
                          List<RetrievedDocument> documents) {

    public record RegistryError(String errorCode, String codeContext, String severity, String location) {
        public String text() { return errorCode + ": " + codeContext; }
    }

    public record RetrievedDocument(String repositoryUniqueId, String documentUniqueId, String mimeType, byte[] content) {}

    public boolean isFault() { return "Fault".equals(status); }

    public static XdsResponse parse(String contentType, byte[] bytes) throws StepException {
        byte[] rootBytes = bytes;
        Map<String, byte[]> attachments = new HashMap<>();
        try {
            if (Multipart.isMultipart(contentType)) {
                List<Multipart.Part> parts = Multipart.parse(contentType, bytes);
                if (parts.isEmpty()) throw ConformanceFailure.RESPONSE_UNREADABLE.exception("multipart response has no part");
                String start = Multipart.parameter(contentType, "start");
                if (start != null && start.startsWith("<") && start.endsWith(">")) start = start.substring(1, start.length() - 1);
                Multipart.Part root = parts.get(0);
                for (Multipart.Part p : parts) {
                    if (start != null && start.equals(p.contentId())) root = p;
                }
                rootBytes = root.body();
                for (Multipart.Part p : parts) {
                    if (p != root && p.contentId() != null) attachments.put(p.contentId(), p.body());
                }
            }
        } catch (IllegalArgumentException e) {
            throw ConformanceFailure.RESPONSE_UNREADABLE.exception(e.getMessage());
        }
        Document doc;
        try {
            doc = Xml.parse(rootBytes);
        } catch (Xml.XmlException e) {
            throw ConformanceFailure.RESPONSE_UNREADABLE.exception(e.getMessage() + " in: " + abbreviate(rootBytes));
        }
        Element env = doc.getDocumentElement();
        if (!"Envelope".equals(env.getLocalName())) {
            throw ConformanceFailure.RESPONSE_UNREADABLE.exception("not a SOAP envelope but <" + env.getLocalName() + ">");
        }
        if (!Namespaces.SOAP12.equals(env.getNamespaceURI())) {
            throw ConformanceFailure.RESPONSE_UNREADABLE.exception("not a SOAP 1.2 envelope (namespace " + env.getNamespaceURI() + ")");
        }
        Element soapBody = Xml.child(env, "Body");
        if (soapBody == null || Xml.children(soapBody).isEmpty()) {
            throw ConformanceFailure.RESPONSE_UNREADABLE.exception("SOAP envelope with an empty Body");
        }
        Element content = Xml.children(soapBody).get(0);
        if ("Fault".equals(content.getLocalName())) {
            StringBuilder reason = new StringBuilder();
            for (Element code : Xml.descendants(content, "Value")) {
                reason.append(code.getTextContent().trim()).append(' ');
            }
            for (Element t : Xml.descendants(content, "Text")) reason.append("- ").append(t.getTextContent().trim()).append(' ');
            return new XdsResponse("Fault", reason.toString().trim(), List.of(), content, List.of());
        }
        Element statusHolder = content;
        if (!content.hasAttribute("status")) {
            Element rr = Xml.child(content, "RegistryResponse");
            if (rr != null) statusHolder = rr;
        }
        String status = statusHolder.getAttribute("status");
        if (status.isEmpty()) {
            throw ConformanceFailure.RESPONSE_UNREADABLE.exception("<" + content.getLocalName() + "> has no status attribute");
        }
        status = status.substring(status.lastIndexOf(':') + 1);
        List<RegistryError> errors = new ArrayList<>();
        for (Element e : Xml.descendants(content, "RegistryError")) {
            errors.add(new RegistryError(e.getAttribute("errorCode"), e.getAttribute("codeContext"),
                    e.getAttribute("severity"), e.getAttribute("location")));
        }
        List<RetrievedDocument> docs = new ArrayList<>();
        for (Element dr : Xml.children(content, "DocumentResponse")) {
            docs.add(new RetrievedDocument(text(dr, "RepositoryUniqueId"), text(dr, "DocumentUniqueId"),
                    text(dr, "mimeType"), documentBytes(Xml.child(dr, "Document"), attachments)));
        }
        return new XdsResponse(status, null, List.copyOf(errors), content, List.copyOf(docs));
    }

    private static String text(Element parent, String local) {
        Element e = Xml.child(parent, local);
        return e == null ? null : e.getTextContent().trim();
    }

    private static byte[] documentBytes(Element document, Map<String, byte[]> attachments) throws StepException {
        if (document == null) return null;
        Element include = Xml.child(document, "Include");
        if (include != null) {
            String href = include.getAttribute("href");
            String cid = href.startsWith("cid:") ? href.substring(4) : href;
            cid = java.net.URLDecoder.decode(cid, StandardCharsets.UTF_8);
            byte[] b = attachments.get(cid);
            if (b == null) throw ConformanceFailure.RESPONSE_UNREADABLE.exception("xop:Include " + href + " has no MIME part");
            return b;
        }
        try {
            return Base64.getMimeDecoder().decode(document.getTextContent().trim());
        } catch (IllegalArgumentException e) {
            throw ConformanceFailure.RESPONSE_UNREADABLE.exception("Document is neither xop:Include nor base64");
        }
    }

    private static String abbreviate(byte[] b) {
        String s = new String(b, 0, Math.min(b.length, 300), StandardCharsets.UTF_8);
        return s.replaceAll("\\s+", " ");
    }

    public String errorSummary() {
        if (errors.isEmpty()) return "none";
        StringBuilder sb = new StringBuilder();
        for (RegistryError e : errors) {
            if (sb.length() > 0) sb.append("; ");
            sb.append(e.text());
        }
        return sb.toString();
    }
}
