package org.passerelle.gateway.ws;

import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.passerelle.gateway.GatewayFailure;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Refuses, before anything is parsed, a POST whose declared Content-Length exceeds the configured limit or whose
 * content type is not SOAP 1.2 ({@code application/soap+xml}) or MTOM/SwA ({@code multipart/related}). Chunked
 * requests are bounded by the attachment and StAX limits set on the endpoint.
 */
final class RequestLimitInterceptor extends AbstractPhaseInterceptor<Message> {

    private final long maxBytes;

    RequestLimitInterceptor(long maxBytes) {
        super(Phase.RECEIVE);
        this.maxBytes = maxBytes;
    }

    @Override
    public void handleMessage(Message message) {
        if (!"POST".equals(message.get(Message.HTTP_REQUEST_METHOD))) return;
        String length = header(message, "Content-Length");
        if (length != null) {
            try {
                long n = Long.parseLong(length.trim());
                if (n > maxBytes) throw SoapFaults.sender(GatewayFailure.REQUEST_TOO_LARGE, n + " bytes", maxBytes);
            } catch (NumberFormatException ignored) {
                // a malformed length is Jetty's business
            }
        }
        Object ct = message.get(Message.CONTENT_TYPE);
        String type = ct == null ? "" : ct.toString().toLowerCase(Locale.ROOT);
        if (!type.startsWith("application/soap+xml") && !type.startsWith("multipart/related")) {
            throw SoapFaults.sender(null, "content type '" + ct + "' is not accepted: SOAP 1.2 requests are "
                    + "application/soap+xml, or multipart/related with an application/xop+xml root part (MTOM)");
        }
    }

    @SuppressWarnings("unchecked")
    private static String header(Message message, String name) {
        Map<String, List<String>> headers = (Map<String, List<String>>) message.get(Message.PROTOCOL_HEADERS);
        if (headers == null) return null;
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (name.equalsIgnoreCase(e.getKey()) && e.getValue() != null && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }
}
