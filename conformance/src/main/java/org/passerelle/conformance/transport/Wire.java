package org.passerelle.conformance.transport;

import java.nio.charset.StandardCharsets;

/** Shows wire bytes in reports: text as is (truncated), binary runs summarised. */
public final class Wire {
    private Wire() {}

    private static final int MAX = 200_000;

    public static String printable(byte[] bytes) {
        if (bytes == null) return "";
        int n = Math.min(bytes.length, MAX);
        int binary = 0;
        for (int i = 0; i < n; i++) {
            int b = bytes[i] & 0xff;
            if (b < 0x09 || (b > 0x0d && b < 0x20)) binary++;
        }
        String text = new String(bytes, 0, n, StandardCharsets.UTF_8);
        if (binary > n / 20) text = "[" + bytes.length + " bytes, mostly binary]";
        if (bytes.length > MAX) text += "\n[... " + (bytes.length - MAX) + " more bytes]";
        return text;
    }
}
