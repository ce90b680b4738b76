package org.passerelle.gateway.bench;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * One keep-alive HTTP/1.1 connection on a plain socket: writes a request already made of bytes, reads the answer
 * (Content-Length or chunked) into a reused buffer. Reconnects when the server closed the connection. Not thread-safe:
 * one per client thread.
 */
public final class HttpConnection implements Closeable {

    private final InetSocketAddress address;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final byte[] readBuffer = new byte[64 * 1024];
    private int readPos;
    private int readLimit;
    private final Bytes.Buffer body = new Bytes.Buffer(64 * 1024);
    private boolean answerStarted;

    public HttpConnection(String host, int port) {
        this.address = new InetSocketAddress(host, port);
    }

    /** An HTTP answer; {@code body} is valid until the next exchange on the same connection. */
    public record Answer(int status, String contentType, byte[] body, int length) {
    }

    /**
     * Sends {@code request[0, length)} and returns the answer. When a reused connection turns out closed by the server
     * before any byte of the answer came (an idle keep-alive connection), the request is sent once more on a new one;
     * never after the answer began, so that no transaction is sent twice.
     */
    public Answer exchange(byte[] request, int length) throws IOException {
        boolean fresh = socket == null;
        if (fresh) open();
        answerStarted = false;
        try {
            out.write(request, 0, length);
            out.flush();
            return read();
        } catch (IOException e) {
            close();
            if (fresh || answerStarted) throw e;
            open();
            out.write(request, 0, length);
            out.flush();
            return read();
        }
    }

    private void open() throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(address, 10_000);
        s.setSoTimeout(600_000);
        socket = s;
        in = s.getInputStream();
        out = s.getOutputStream();
        readPos = readLimit = 0;
    }

    private Answer read() throws IOException {
        String statusLine = line();
        if (!statusLine.startsWith("HTTP/1.")) throw new IOException("not an HTTP answer: " + statusLine);
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long contentLength = -1;
        boolean chunked = false;
        boolean close = statusLine.startsWith("HTTP/1.0");
        String contentType = null;
        for (String h; !(h = line()).isEmpty(); ) {
            int colon = h.indexOf(':');
            if (colon <= 0) continue;
            String value = h.substring(colon + 1).trim();
            switch (h.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT)) {
                case "content-length" -> contentLength = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(java.util.Locale.ROOT).contains("chunked");
                case "content-type" -> contentType = value;
                case "connection" -> close = value.equalsIgnoreCase("close");
                default -> {
                }
            }
        }
        body.clear();
        if (chunked) {
            for (int n; (n = Integer.parseInt(line().split(";", 2)[0].trim(), 16)) > 0; ) {
                readInto(n);
                if (!line().isEmpty()) throw new IOException("bad chunk end");
            }
            while (!line().isEmpty()) {
                // trailers
            }
        } else if (contentLength >= 0) {
            if (contentLength > Integer.MAX_VALUE - 16) throw new IOException("answer too large for the bench: " + contentLength);
            readInto((int) contentLength);
        } else {
            close = true;
            readInto(readLimit - readPos);
            while (fill() > 0) readInto(readLimit - readPos);
        }
        Answer a = new Answer(status, contentType, body.array(), body.length());
        if (close) close();
        return a;
    }

    private void readInto(int n) throws IOException {
        body.ensure(n);
        while (n > 0) {
            if (readPos == readLimit) {
                // large remainders go straight into the body
                if (n >= readBuffer.length) {
                    int k = in.read(body.array(), body.length(), n);
                    if (k < 0) throw new IOException("connection closed inside an answer");
                    body.advance(k);
                    n -= k;
                    continue;
                }
                if (fill() < 0) throw new IOException("connection closed inside an answer");
            }
            int k = Math.min(n, readLimit - readPos);
            body.append(readBuffer, readPos, k);
            readPos += k;
            n -= k;
        }
    }

    private int fill() throws IOException {
        int k = in.read(readBuffer, 0, readBuffer.length);
        if (k > 0) answerStarted = true;
        readPos = 0;
        readLimit = Math.max(k, 0);
        return k;
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder(64);
        while (true) {
            if (readPos == readLimit && fill() < 0) throw new IOException("connection closed inside an answer head");
            byte c = readBuffer[readPos++];
            if (c == '\n') {
                int n = sb.length();
                if (n > 0 && sb.charAt(n - 1) == '\r') sb.setLength(n - 1);
                return sb.toString();
            }
            sb.append((char) (c & 0xFF));
            if (sb.length() > 16 * 1024) throw new IOException("answer head line too long");
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing
            }
        }
        socket = null;
    }

}
