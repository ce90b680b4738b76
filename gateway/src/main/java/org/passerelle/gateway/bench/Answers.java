package org.passerelle.gateway.bench;

import java.nio.charset.StandardCharsets;

/**
 * Cheap but real checks of the gateway's answers, on the bytes: HTTP 200, the ebRS response status Success (the first
 * {@code status} attribute of the answer is the response's own), for queries the document entries returned, for
 * retrieves the MTOM part equal byte for byte to the document submitted. A failed check is a {@link BadAnswer}.
 */
public final class Answers {
    private static final byte[] STATUS = Bytes.ascii("status=\"");
    private static final byte[] SUCCESS = Bytes.ascii("urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success\"");
    private static final byte[] EXTRINSIC_OBJECT = Bytes.ascii("ExtrinsicObject");
    private static final byte[] HEAD_END = Bytes.ascii("\r\n\r\n");
    private static final byte[] CONTENT_ID = Bytes.ascii("content-id:");
    private static final byte[] XOP_HREF = Bytes.ascii("href=\"cid:");

    private Answers() {
    }

    /** An answer that is not what a successful transaction gives. */
    public static final class BadAnswer extends Exception {
        public BadAnswer(String message) {
            super(message);
        }
    }

    /** HTTP 200 and ebRS status Success. */
    public static void success(HttpConnection.Answer a) throws BadAnswer {
        if (a.status() != 200) throw bad("HTTP " + a.status(), a);
        int at = Bytes.indexOf(a.body(), 0, a.length(), STATUS);
        if (at < 0) throw bad("no ebRS status", a);
        int v = at + STATUS.length;
        if (v + SUCCESS.length > a.length() || !java.util.Arrays.equals(a.body(), v, v + SUCCESS.length, SUCCESS, 0, SUCCESS.length)) {
            int end = Bytes.indexOf(a.body(), v, Math.min(a.length(), v + 200), new byte[]{'"'});
            throw bad("status " + new String(a.body(), v, Math.max(0, (end < 0 ? Math.min(a.length(), v + 80) : end) - v),
                    StandardCharsets.UTF_8), a);
        }
    }

    /** The number of ExtrinsicObject elements (document entries) in a query answer. */
    public static int documentEntries(HttpConnection.Answer a) {
        byte[] b = a.body();
        int n = 0;
        for (int at = Bytes.indexOf(b, 0, a.length(), EXTRINSIC_OBJECT); at >= 0;
             at = Bytes.indexOf(b, at + EXTRINSIC_OBJECT.length, a.length(), EXTRINSIC_OBJECT)) {
            int end = at + EXTRINSIC_OBJECT.length;
            if (end >= a.length() || (b[end] != ' ' && b[end] != '>' && b[end] != '/')) continue;
            int s = at - 1;
            while (s >= 0 && b[s] != '<' && b[s] != '/' && b[s] != ' ' && b[s] != '>' && b[s] != '"') s--;
            if (s >= 0 && b[s] == '<') n++;
        }
        return n;
    }

    /**
     * The document of a retrieve answer, sent as an MTOM part, equals {@code expected}: the root part names
     * {@code uniqueId} and refers (xop:Include) to a part whose bytes are exactly {@code expected}.
     */
    public static void retrieved(HttpConnection.Answer a, String uniqueId, byte[] expected) throws BadAnswer {
        success(a);
        String boundary = boundary(a.contentType());
        if (boundary == null) throw bad("not an MTOM answer (" + a.contentType() + ")", a);
        byte[] b = a.body();
        byte[] delimiter = Bytes.ascii("\r\n--" + boundary);
        int first = Bytes.indexOf(b, 0, a.length(), Bytes.ascii("--" + boundary));
        if (first < 0) throw bad("no MIME part", a);
        int rootStart = first + delimiter.length - 2;
        int rootEnd = Bytes.indexOf(b, rootStart, a.length(), delimiter);
        if (rootEnd < 0) throw bad("no second MIME part", a);
        if (Bytes.indexOf(b, rootStart, rootEnd, Bytes.ascii(">" + uniqueId + "<")) < 0) throw bad("uniqueId " + uniqueId + " not in the answer", a);
        int href = Bytes.indexOf(b, rootStart, rootEnd, XOP_HREF);
        if (href < 0) throw bad("no xop:Include in the root part", a);
        int hrefEnd = Bytes.indexOf(b, href + XOP_HREF.length, rootEnd, new byte[]{'"'});
        String cid = java.net.URLDecoder.decode(new String(b, href + XOP_HREF.length, hrefEnd - href - XOP_HREF.length,
                StandardCharsets.US_ASCII), StandardCharsets.UTF_8);
        for (int part = rootEnd; part >= 0; ) {
            int headStart = part + delimiter.length;
            if (headStart + 2 <= a.length() && b[headStart] == '-' && b[headStart + 1] == '-') break;
            int headEnd = Bytes.indexOf(b, headStart, a.length(), HEAD_END);
            if (headEnd < 0) throw bad("MIME part without a head", a);
            int contentStart = headEnd + HEAD_END.length;
            if (contentIdMatches(b, headStart, headEnd, cid)) {
                int contentEnd = contentStart + expected.length;
                if (contentEnd + delimiter.length > a.length()
                        || !java.util.Arrays.equals(b, contentEnd, contentEnd + delimiter.length, delimiter, 0, delimiter.length)) {
                    int next = Bytes.indexOf(b, contentStart, a.length(), delimiter);
                    throw bad("document of " + (next < 0 ? "unknown length" : (next - contentStart) + " bytes")
                            + ", expected " + expected.length, a);
                }
                if (!java.util.Arrays.equals(b, contentStart, contentEnd, expected, 0, expected.length)) {
                    throw bad("document bytes differ from those submitted (" + expected.length + " bytes)", a);
                }
                return;
            }
            part = Bytes.indexOf(b, contentStart, a.length(), delimiter);
        }
        throw bad("no MIME part with Content-ID " + cid, a);
    }

    private static boolean contentIdMatches(byte[] b, int from, int to, String cid) {
        String head = new String(b, from, to - from, StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
        int at = head.indexOf(new String(CONTENT_ID, StandardCharsets.US_ASCII));
        if (at < 0) return false;
        int end = head.indexOf("\r\n", at);
        String value = new String(b, from + at + CONTENT_ID.length, (end < 0 ? head.length() : end) - at - CONTENT_ID.length,
                StandardCharsets.ISO_8859_1).trim();
        if (value.startsWith("<") && value.endsWith(">")) value = value.substring(1, value.length() - 1);
        return value.equals(cid);
    }

    /** The boundary parameter of a multipart content type, or null. */
    static String boundary(String contentType) {
        if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/")) return null;
        for (String param : contentType.split(";")) {
            String p = param.trim();
            if (p.regionMatches(true, 0, "boundary=", 0, 9)) {
                String v = p.substring(9).trim();
                return v.startsWith("\"") ? v.substring(1, v.length() - 1) : v;
            }
        }
        return null;
    }

    private static BadAnswer bad(String what, HttpConnection.Answer a) {
        int n = Math.min(a.length(), 300);
        String start = new String(a.body(), 0, n, StandardCharsets.UTF_8).replaceAll("\\s+", " ");
        return new BadAnswer(what + " — answer starts: " + start);
    }
}
