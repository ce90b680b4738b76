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
        // chunked requests declare no length: count what is read
        java.io.InputStream in = message.getContent(java.io.InputStream.class);
        if (in != null) message.setContent(java.io.InputStream.class, new LimitedInputStream(in, maxBytes));
        Object ct = message.get(Message.CONTENT_TYPE);
        String type = ct == null ? "" : ct.toString().toLowerCase(Locale.ROOT);
        if (!type.startsWith("application/soap+xml") && !type.startsWith("multipart/related")) {
            throw SoapFaults.sender(null, "content type '" + ct + "' is not accepted: SOAP 1.2 requests are "
                    + "application/soap+xml, or multipart/related with an application/xop+xml root part (MTOM)");
        }
    }

    /** The request body went past the configured limit while being read. */
    static final class RequestTooLargeException extends java.io.IOException {
        RequestTooLargeException(String message) { super(message); }
    }

    /** Fails the read once more than the limit has been read. */
    static final class LimitedInputStream extends java.io.FilterInputStream {
        private final long max;
        private long count;
        private boolean tripped;

        LimitedInputStream(java.io.InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws java.io.IOException {
            if (tripped) return -1; // let CXF finish the exchange and answer the fault
            int b = super.read();
            if (b >= 0) add(1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws java.io.IOException {
            if (tripped) return -1;
            int n = super.read(b, off, len);
            if (n > 0) add(n);
            return n;
        }

        @Override
        public long skip(long n) throws java.io.IOException {
            long k = super.skip(n);
            add(k);
            return k;
        }

        private void add(long n) throws java.io.IOException {
            count += n;
            if (count > max) {
                tripped = true;
                throw new RequestTooLargeException(GatewayFailure.REQUEST_TOO_LARGE.message("more than " + max + " bytes", max));
            }
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
