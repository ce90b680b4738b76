package org.passerelle.gateway.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Byte searching and a growable buffer: the raw client reads and writes HTTP without decoding to strings. */
public final class Bytes {
    private Bytes() {
    }

    /** First index of {@code needle} in {@code hay[from, to)}, or -1. */
    public static int indexOf(byte[] hay, int from, int to, byte[] needle) {
        if (needle.length == 0) return from;
        byte first = needle[0];
        int last = to - needle.length;
        for (int i = Math.max(0, from); i <= last; i++) {
            if (hay[i] == first && Arrays.equals(hay, i + 1, i + needle.length, needle, 1, needle.length)) return i;
        }
        return -1;
    }

    public static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** A reusable byte array that grows as needed. */
    public static final class Buffer {
        private byte[] data;
        private int length;

        public Buffer(int capacity) {
            data = new byte[capacity];
        }

        public byte[] array() {
            return data;
        }

        public int length() {
            return length;
        }

        public void clear() {
            length = 0;
        }

        public void append(byte[] b) {
            append(b, 0, b.length);
        }

        public void append(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, data, length, len);
            length += len;
        }

        public void appendDecimal(int v) {
            if (v < 0) throw new IllegalArgumentException("negative");
            ensure(10);
            int start = length;
            do {
                data[length++] = (byte) ('0' + v % 10);
                v /= 10;
            } while (v > 0);
            for (int i = start, j = length - 1; i < j; i++, j--) {
                byte t = data[i];
                data[i] = data[j];
                data[j] = t;
            }
        }

        /** Makes room for {@code more} bytes after the current length. */
        public void ensure(int more) {
            if (length + more > data.length) data = Arrays.copyOf(data, Math.max(data.length * 2, length + more));
        }

        /** Declares {@code n} bytes written directly into {@link #array()} after the current length. */
        public void advance(int n) {
            length += n;
        }
    }
}
