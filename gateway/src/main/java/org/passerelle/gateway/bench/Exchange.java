package org.passerelle.gateway.bench;

import java.io.IOException;

/** How one client thread sends a request made from a template and reads the answer. */
public interface Exchange extends AutoCloseable {

    /** The answer; its body is valid until the next exchange on the same instance. */
    HttpConnection.Answer send(RequestTemplate template, byte[][] values) throws IOException;

    @Override
    void close();

    /** How the raw client talks HTTP: its own socket code, or the JDK's HttpURLConnection (keep-alive cache). */
    enum Transport {
        SOCKET, URLCONNECTION;

        Exchange open(String host, int port) {
            return this == SOCKET ? new SocketExchange(host, port) : new UrlConnectionExchange(host, port);
        }
    }

    /** Whole requests written on an {@link HttpConnection}. */
    final class SocketExchange implements Exchange {
        private final HttpConnection connection;
        private final Bytes.Buffer request = new Bytes.Buffer(160 * 1024);

        SocketExchange(String host, int port) {
            connection = new HttpConnection(host, port);
        }

        @Override
        public HttpConnection.Answer send(RequestTemplate template, byte[][] values) throws IOException {
            int n = template.write(request, values);
            return connection.exchange(request.array(), n);
        }

        @Override
        public void close() {
            connection.close();
        }
    }

    /** The body written through {@link java.net.HttpURLConnection} in fixed-length streaming mode. */
    final class UrlConnectionExchange implements Exchange {
        private final String origin;
        private final Bytes.Buffer request = new Bytes.Buffer(160 * 1024);
        private final Bytes.Buffer answer = new Bytes.Buffer(160 * 1024);
        private final byte[] chunk = new byte[64 * 1024];

        UrlConnectionExchange(String host, int port) {
            origin = "http://" + host + ":" + port;
        }

        @Override
        public HttpConnection.Answer send(RequestTemplate template, byte[][] values) throws IOException {
            int n = template.writeBody(request, values);
            java.net.HttpURLConnection c = (java.net.HttpURLConnection) java.net.URI.create(origin + template.path()).toURL()
                    .openConnection();
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setFixedLengthStreamingMode(n);
            c.setReadTimeout(600_000);
            template.headers().forEach(c::setRequestProperty);
            try (var out = c.getOutputStream()) {
                out.write(request.array(), 0, n);
            }
            int status = c.getResponseCode();
            answer.clear();
            try (var in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
                if (in != null) {
                    for (int k; (k = in.read(chunk)) > 0; ) answer.append(chunk, 0, k);
                }
            }
            return new HttpConnection.Answer(status, c.getContentType(), answer.array(), answer.length());
        }

        @Override
        public void close() {
            // the JDK's keep-alive cache owns the connections
        }
    }
}
