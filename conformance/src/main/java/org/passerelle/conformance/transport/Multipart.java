package org.passerelle.conformance.transport;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Minimal MIME multipart/related reading and writing for MTOM/XOP (RFC 2387), with no buffering limits beyond the body. */
public final class Multipart {
    private Multipart() {}

    public record Part(Map<String, String> headers, byte[] body) {
        public String contentId() {
            String id = headers.get("content-id");
            if (id == null) return null;
            id = id.trim();
            if (id.startsWith("<") && id.endsWith(">")) id = id.substring(1, id.length() - 1);
            return id;
        }

        public String contentType() { return headers.getOrDefault("content-type", "application/octet-stream"); }
    }

    /** A parameter of a Content-Type header value (boundary, start, type...), unquoted; null if absent. */
    public static String parameter(String contentType, String name) {
        if (contentType == null) return null;
        for (String p : splitParams(contentType)) {
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).trim().equalsIgnoreCase(name)) {
                String v = p.substring(eq + 1).trim();
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) v = v.substring(1, v.length() - 1);
                return v;
            }
        }
        return null;
    }

    private static List<String> splitParams(String header) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (char c : header.toCharArray()) {
            if (c == '"') quoted = !quoted;
            if (c == ';' && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    public static boolean isMultipart(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).trim().startsWith("multipart/");
    }

    public static List<Part> parse(String contentType, byte[] body) {
        String boundary = parameter(contentType, "boundary");
        if (boundary == null) throw new IllegalArgumentException("multipart Content-Type without boundary: " + contentType);
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        List<Part> parts = new ArrayList<>();
        int pos = indexOf(body, delimiter, 0);
        if (pos < 0) throw new IllegalArgumentException("multipart body has no boundary line --" + boundary);
        while (true) {
            int lineEnd = pos + delimiter.length;
            if (lineEnd + 1 < body.length && body[lineEnd] == '-' && body[lineEnd + 1] == '-') break;
            int partStart = skipLine(body, lineEnd);
            int next = indexOf(body, delimiter, partStart);
            if (next < 0) throw new IllegalArgumentException("multipart body is truncated (no closing boundary)");
            int partEnd = next;
            if (partEnd >= 2 && body[partEnd - 2] == '\r' && body[partEnd - 1] == '\n') partEnd -= 2;
            else if (partEnd >= 1 && body[partEnd - 1] == '\n') partEnd -= 1;
            parts.add(part(body, partStart, partEnd));
            pos = next;
        }
        return parts;
    }

    private static Part part(byte[] body, int start, int end) {
        Map<String, String> headers = new LinkedHashMap<>();
        int p = start;
        while (p < end) {
            int eol = p;
            while (eol < end && body[eol] != '\n') eol++;
            String line = new String(body, p, eol - p, StandardCharsets.ISO_8859_1).replace("\r", "");
            p = eol + 1;
            if (line.isEmpty()) break;
            int colon = line.indexOf(':');
            if (colon > 0) headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        byte[] content = new byte[Math.max(0, end - p)];
        if (content.length > 0) System.arraycopy(body, p, content, 0, content.length);
        return new Part(headers, content);
    }

    private static int skipLine(byte[] b, int from) {
        int p = from;
        while (p < b.length && b[p] != '\n') p++;
        return Math.min(b.length, p + 1);
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) continue outer;
            }
            return i;
        }
        return -1;
    }

    /** Writes parts separated by the boundary, CRLF line ends. */
    public static byte[] write(String boundary, List<Part> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Part p : parts) {
            out.writeBytes(("--" + boundary + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            for (Map.Entry<String, String> h : p.headers().entrySet()) {
                out.writeBytes((h.getKey() + ": " + h.getValue() + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            }
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(p.body());
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }
}
