package org.passerelle.conformance.transport;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A SOAP 1.2 request as it goes on the wire: content type and bytes. Built with WS-Addressing headers
 * (Action, MessageID, To, ReplyTo anonymous), an optional wsse:Security header (XUA), and for ITI-41 the MTOM/XOP
 * package with one attachment per document.
 */
public record SoapRequest(String contentType, byte[] body, String action) {

    /** One document to attach: the Content-ID its xop:Include points to, its MIME type, its bytes. */
    public record Attachment(String contentId, String mimeType, byte[] content) {}

    public static String envelope(String action, String to, String securityHeader, String bodyXml) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<soap:Envelope xmlns:soap=\"http://www.w3.org/2003/05/soap-envelope\" xmlns:wsa=\"http://www.w3.org/2005/08/addressing\">"
                + "<soap:Header>"
                + "<wsa:Action soap:mustUnderstand=\"true\">" + action + "</wsa:Action>"
                + "<wsa:MessageID>urn:uuid:" + UUID.randomUUID() + "</wsa:MessageID>"
                + "<wsa:ReplyTo><wsa:Address>http://www.w3.org/2005/08/addressing/anonymous</wsa:Address></wsa:ReplyTo>"
                + "<wsa:To soap:mustUnderstand=\"true\">" + escape(to) + "</wsa:To>"
                + (securityHeader == null ? "" : securityHeader)
                + "</soap:Header>"
                + "<soap:Body>" + bodyXml + "</soap:Body>"
                + "</soap:Envelope>";
    }

    public static SoapRequest plain(String action, String envelope) {
        return new SoapRequest("application/soap+xml; charset=UTF-8; action=\"" + action + "\"",
                envelope.getBytes(StandardCharsets.UTF_8), action);
    }

    public static SoapRequest mtom(String action, String envelope, List<Attachment> attachments) {
        String boundary = "MIMEBoundary_" + UUID.randomUUID().toString().replace("-", "");
        String rootId = "root." + UUID.randomUUID() + "@passerelle";
        List<Multipart.Part> parts = new ArrayList<>();
        Map<String, String> rootHeaders = new LinkedHashMap<>();
        rootHeaders.put("Content-Type", "application/xop+xml; charset=UTF-8; type=\"application/soap+xml\"");
        rootHeaders.put("Content-Transfer-Encoding", "binary");
        rootHeaders.put("Content-ID", "<" + rootId + ">");
        parts.add(new Multipart.Part(rootHeaders, envelope.getBytes(StandardCharsets.UTF_8)));
        for (Attachment a : attachments) {
            Map<String, String> h = new LinkedHashMap<>();
            h.put("Content-Type", a.mimeType() == null || a.mimeType().isBlank() ? "application/octet-stream" : a.mimeType());
            h.put("Content-Transfer-Encoding", "binary");
            h.put("Content-ID", "<" + a.contentId() + ">");
            parts.add(new Multipart.Part(h, a.content()));
        }
        String ct = "multipart/related; boundary=\"" + boundary + "\"; type=\"application/xop+xml\"; start=\"<"
                + rootId + ">\"; start-info=\"application/soap+xml\"; action=\"" + action + "\"";
        return new SoapRequest(ct, Multipart.write(boundary, parts), action);
    }

    /** The request as text for reports (attachments shown as their size only when binary). */
    public String display() {
        return "Content-Type: " + contentType + "\n\n" + Wire.printable(body);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
