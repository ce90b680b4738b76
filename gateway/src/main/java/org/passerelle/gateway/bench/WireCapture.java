package org.passerelle.gateway.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Records the bytes one client call puts on the wire: a one-shot HTTP/1.1 listener on loopback reads one request
 * (Content-Length or chunked), answers 202 Accepted with no body (CXF then returns null) and closes.
 */
public final class WireCapture {
    private WireCapture() {
    }

    /** What a client sends: the request head (request line and headers) and the decoded body. */
    public record Request(String head, byte[] body) {
        /** The value of header {@code name} (case-insensitive), or null. */
        public String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    /** A client call aimed at the given URL; its outcome does not matter. */
    public interface Call {
        void send(String url) throws Exception;
    }

    /** Runs {@code call} against a capturing listener at {@code http://127.0.0.1:PORT/path} and returns what it sent. */
    public static Request capture(String path, Call call) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Request> got = CompletableFuture.supplyAsync(() -> {
                try (Socket s = server.accept()) {
                    Request r = read(s.getInputStream());
                    OutputStream out = s.getOutputStream();
                    out.write("HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    return r;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            try {
                call.send("http://127.0.0.1:" + server.getLocalPort() + path);
            } catch (Exception expected) {
                // the call is not the point, only what it sent
            }
            return got.get(30, TimeUnit.SECONDS);
        }
    }

    private static Request read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int c = in.read();
            if (c < 0) throw new IOException("connection closed inside the request head");
            head.write(c);
            state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3)) ? state + 1
                    : c == '\r' ? 1 : 0;
        }
        Request r = new Request(head.toString(StandardCharsets.ISO_8859_1), null);
        String length = r.header("Content-Length");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (length != null) {
            body.write(in.readNBytes(Integer.parseInt(length)));
        } else if ("chunked".equalsIgnoreCase(r.header("Transfer-Encoding"))) {
            while (true) {
                String size = line(in);
                int n = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (n == 0) {
                    while (!line(in).isEmpty()) {
                        // trailers
                    }
                    break;
                }
                body.write(in.readNBytes(n));
                line(in);
            }
        }
        return new Request(r.head(), body.toByteArray());
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c; (c = in.read()) >= 0 && c != '\n'; ) {
            if (c != '\r') sb.append((char) c);
        }
        return sb.toString();
    }
}
