package org.passerelle.gateway.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One request as a client library put it on the wire, captured once and cut at the values that must differ per
 * request (ids, uniqueIds, time): writing a request is copying the fixed pieces and the given values, nothing is
 * serialised again. Values are looked for only in the SOAP envelope (the MTOM root part), never in the attachments.
 */
public final class RequestTemplate {
    private static final byte[] CONTENT_LENGTH = "Content-Length: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END_OF_HEAD = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final byte[] head;
    private final String path;
    private final java.util.Map<String, String> headers;
    private final byte[][] pieces;
    private final int[] slotOfGap;
    private final int slots;
    private final int fixedBodyLength;

    private RequestTemplate(byte[] head, byte[][] pieces, int[] slotOfGap, int slots) {
        this.head = head;
        String[] lines = new String(head, StandardCharsets.ISO_8859_1).split("\r\n");
        this.path = lines[0].split(" ")[1];
        java.util.Map<String, String> h = new java.util.LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0 && !lines[i].regionMatches(true, 0, "Host:", 0, 5)) {
                h.put(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim());
            }
        }
        this.headers = java.util.Collections.unmodifiableMap(h);
        this.pieces = pieces;
        this.slotOfGap = slotOfGap;
        this.slots = slots;
        int n = 0;
        for (byte[] p : pieces) n += p.length;
        this.fixedBodyLength = n;
    }

    /**
     * Cuts {@code request} at every occurrence of each of {@code values} inside its envelope; value {@code k} becomes
     * slot {@code k}. Every value must occur at least once. The request head becomes {@code POST path HTTP/1.1} to
     * {@code host} with the captured headers but those of the connection and the length (HTTP/1.1 keep-alive, one
     * Content-Length per request).
     */
    public static RequestTemplate of(WireCapture.Request request, String host, List<String> values) {
        byte[] body = request.body();
        int envelopeEnd = envelopeEnd(body);
        record Hit(int at, int slot, int length) {
        }
        List<Hit> hits = new ArrayList<>();
        for (int k = 0; k < values.size(); k++) {
            byte[] v = values.get(k).getBytes(StandardCharsets.UTF_8);
            if (v.length == 0) throw new IllegalArgumentException("empty value for slot " + k);
            int found = 0;
            for (int at = Bytes.indexOf(body, 0, envelopeEnd, v); at >= 0; at = Bytes.indexOf(body, at + v.length, envelopeEnd, v)) {
                hits.add(new Hit(at, k, v.length));
                found++;
            }
            if (found == 0) throw new IllegalArgumentException("value of slot " + k + " not in the envelope: " + values.get(k));
        }
        hits.sort((a, b) -> Integer.compare(a.at, b.at));
        byte[][] pieces = new byte[hits.size() + 1][];
        int[] slotOfGap = new int[hits.size()];
        int from = 0;
        for (int i = 0; i < hits.size(); i++) {
            Hit h = hits.get(i);
            if (h.at < from) throw new IllegalArgumentException("slot values overlap in the envelope");
            pieces[i] = Arrays.copyOfRange(body, from, h.at);
            slotOfGap[i] = h.slot;
            from = h.at + h.length;
        }
        pieces[hits.size()] = Arrays.copyOfRange(body, from, body.length);
        return new RequestTemplate(head(request, host), pieces, slotOfGap, values.size());
    }

    private static byte[] head(WireCapture.Request request, String host) {
        String[] lines = request.head().split("\r\n");
        String[] requestLine = lines[0].split(" ");
        StringBuilder sb = new StringBuilder().append("POST ").append(requestLine[1]).append(" HTTP/1.1\r\nHost: ")
                .append(host).append("\r\n");
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            int colon = line.indexOf(':');
            if (colon <= 0) continue;
            String name = line.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT);
            switch (name) {
                case "host", "connection", "upgrade", "http2-settings", "content-length", "transfer-encoding" -> {
                }
                default -> sb.append(line).append("\r\n");
            }
        }
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** End of the MTOM root part (or of the whole body when it is not multipart): where value slots may lie. */
    private static int envelopeEnd(byte[] body) {
        byte[] end = "Envelope>".getBytes(StandardCharsets.US_ASCII);
        int at = Bytes.indexOf(body, 0, body.length, end);
        if (at < 0) throw new IllegalArgumentException("no SOAP envelope in the captured request");
        return at + end.length;
    }

    public int slots() {
        return slots;
    }

    /** The request path, e.g. {@code /xds/iti41}. */
    public String path() {
        return path;
    }

    /** The request headers but Host and Content-Length, for an HTTP library that writes the head itself. */
    public java.util.Map<String, String> headers() {
        return headers;
    }

    /** Writes only the body with {@code values[k]} in slot {@code k}; returns its length in {@code out}. */
    public int writeBody(Bytes.Buffer out, byte[][] values) {
        if (values.length != slots) throw new IllegalArgumentException(slots + " values expected, not " + values.length);
        out.clear();
        for (int i = 0; i < slotOfGap.length; i++) {
            out.append(pieces[i]);
            out.append(values[slotOfGap[i]]);
        }
        out.append(pieces[pieces.length - 1]);
        return out.length();
    }

    /** Writes the whole HTTP request with {@code values[k]} in slot {@code k}; returns its length in {@code out}. */
    public int write(Bytes.Buffer out, byte[][] values) {
        if (values.length != slots) throw new IllegalArgumentException(slots + " values expected, not " + values.length);
        int bodyLength = fixedBodyLength;
        for (int slot : slotOfGap) bodyLength += values[slot].length;
        out.clear();
        out.append(head);
        out.append(CONTENT_LENGTH);
        out.appendDecimal(bodyLength);
        out.append(END_OF_HEAD);
        for (int i = 0; i < slotOfGap.length; i++) {
            out.append(pieces[i]);
            out.append(values[slotOfGap[i]]);
        }
        out.append(pieces[pieces.length - 1]);
        return out.length();
    }
}
