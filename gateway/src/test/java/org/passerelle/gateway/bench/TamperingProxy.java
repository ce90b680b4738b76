package org.passerelle.gateway.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A TCP relay to a server that rewrites one byte string into another of the same length in what the server answers
 * (so that HTTP framing stays intact): a real answer, broken in one place.
 */
final class TamperingProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int targetPort;
    private volatile byte[] from = new byte[0];
    private volatile byte[] to = new byte[0];
    private final List<Socket> sockets = new ArrayList<>();

    TamperingProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "tampering-proxy");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** From now on, answers have {@code from} replaced by {@code to} (same length); empty strings: unchanged. */
    void rewrite(String from, String to) {
        byte[] f = from.getBytes(StandardCharsets.UTF_8);
        byte[] t = to.getBytes(StandardCharsets.UTF_8);
        if (f.length != t.length) throw new IllegalArgumentException("same length only");
        this.to = t;
        this.from = f;
    }

    private void accept() {
        try {
            while (true) {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                synchronized (sockets) {
                    sockets.add(client);
                    sockets.add(server);
                }
                relay(client.getInputStream(), server.getOutputStream(), false);
                relay(server.getInputStream(), client.getOutputStream(), true);
            }
        } catch (IOException closed) {
            // the proxy is closed
        }
    }

    private void relay(InputStream in, OutputStream out, boolean tamper) {
        Thread relay = new Thread(() -> {
            byte[] buf = new byte[64 * 1024];
            byte[] held = new byte[0];
            try {
                for (int n; (n = in.read(buf)) > 0; ) {
                    byte[] data = Arrays.copyOf(held, held.length + n);
                    System.arraycopy(buf, 0, data, held.length, n);
                    int keep = 0;
                    byte[] f = from;
                    if (tamper && f.length > 0) {
                        byte[] t = to;
                        for (int at = Bytes.indexOf(data, 0, data.length, f); at >= 0; at = Bytes.indexOf(data, at + f.length, data.length, f)) {
                            System.arraycopy(t, 0, data, at, t.length);
                        }
                        // hold back a tail that may be the start of a match split across two reads
                        for (int k = Math.min(f.length - 1, data.length); k > 0; k--) {
                            if (Arrays.equals(data, data.length - k, data.length, f, 0, k)) {
                                keep = k;
                                break;
                            }
                        }
                    }
                    out.write(data, 0, data.length - keep);
                    out.flush();
                    held = Arrays.copyOfRange(data, data.length - keep, data.length);
                }
                out.write(held);
                out.close();
            } catch (IOException closed) {
                // one side closed
            }
        }, "tampering-relay");
        relay.setDaemon(true);
        relay.start();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        synchronized (sockets) {
            for (Socket s : sockets) s.close();
        }
    }
}
