package org.passerelle.gateway.bench;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The raw client's HTTP/1.1 framing against a scripted server: lengths, chunks, keep-alive and closed connections. */
class HttpConnectionTest {

    /**
     * Answers each request (read by its Content-Length) with the next scripted answer, on one connection, or closing
     * the connection after each answer; returns the requests received.
     */
    private static CompletableFuture<List<String>> serve(ServerSocket server, List<String> answers, boolean closeAfterFirst) {
        List<String> requests = new CopyOnWriteArrayList<>();
        return CompletableFuture.supplyAsync(() -> {
            int next = 0;
            try {
                while (next < answers.size()) {
                    try (Socket s = server.accept()) {
                        InputStream in = s.getInputStream();
                        OutputStream out = s.getOutputStream();
                        while (next < answers.size()) {
                            String head = readHead(in);
                            if (head == null) break;
                            int length = Integer.parseInt(head.replaceAll("(?s).*Content-Length: (\\d+).*", "$1"));
                            requests.add(head + new String(in.readNBytes(length), StandardCharsets.UTF_8));
                            out.write(answers.get(next++).getBytes(StandardCharsets.UTF_8));
                            out.flush();
                            if (closeAfterFirst) break;
                        }
                    }
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return requests;
        });
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c; (c = in.read()) >= 0; ) {
            sb.append((char) c);
            if (sb.length() >= 4 && sb.substring(sb.length() - 4).equals("\r\n\r\n")) return sb.toString();
        }
        return null;
    }

    private static byte[] request(String body) {
        return ("POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8);
    }

    private static String body(HttpConnection.Answer a) {
        return new String(a.body(), 0, a.length(), StandardCharsets.UTF_8);
    }

    @Test
    void contentLengthAndChunkedAnswersOnOneKeepAliveConnection() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             HttpConnection c = new HttpConnection("127.0.0.1", server.getLocalPort())) {
            var requests = serve(server, List.of(
                    "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 5\r\n\r\nhello",
                    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: multipart/related; boundary=b\r\n\r\n"
                            + "3\r\nabc\r\n10;ext=1\r\n0123456789abcdef\r\n0\r\n\r\n",
                    "HTTP/1.1 500 Server Error\r\nContent-Length: 0\r\n\r\n"), false);
            byte[] r1 = request("one");
            HttpConnection.Answer a = c.exchange(r1, r1.length);
            assertEquals(200, a.status());
            assertEquals("text/xml", a.contentType());
            assertEquals("hello", body(a));
            byte[] r2 = request("two!");
            a = c.exchange(r2, r2.length);
            assertEquals("abc0123456789abcdef", body(a));
            assertEquals("multipart/related; boundary=b", a.contentType());
            a = c.exchange(r1, r1.length);
            assertEquals(500, a.status());
            assertEquals(0, a.length());
            assertEquals(3, requests.get().size(), "three requests on one connection");
            assertEquals(true, requests.get().get(1).endsWith("two!"));
        }
    }

    @Test
    void connectionClosedByTheServerIsReopenedBeforeTheNextRequest() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             HttpConnection c = new HttpConnection("127.0.0.1", server.getLocalPort())) {
            var requests = serve(server, List.of(
                    "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na",
                    "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nb"), true);
            byte[] r = request("x");
            assertEquals("a", body(c.exchange(r, r.length)));
            assertEquals("b", body(c.exchange(r, r.length)));
            assertEquals(2, requests.get().size(), "each request sent once");
        }
    }

    @Test
    void answerCutShortOnAReusedConnectionIsAnErrorNotARetry() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             HttpConnection c = new HttpConnection("127.0.0.1", server.getLocalPort())) {
            var requests = serve(server, List.of("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na",
                    "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"), false);
            byte[] r = request("x");
            assertEquals("a", body(c.exchange(r, r.length)));
            assertThrows(IOException.class, () -> c.exchange(r, r.length));
            assertEquals(2, requests.get().size(), "the request whose answer was cut is not sent again");
        }
    }
}
