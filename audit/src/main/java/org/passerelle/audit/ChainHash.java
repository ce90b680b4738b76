package org.passerelle.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The SHA-256 link of one audit row: a length-prefixed encoding of its columns, then the previous link. */
final class ChainHash {

    static final String GENESIS = "0".repeat(64);

    private ChainHash() { }

    static String of(String prevHash, Object... columns) {
        StringBuilder sb = new StringBuilder(512);
        for (Object c : columns) {
            if (c == null) sb.append("-1:");
            else {
                String s = c.toString();
                sb.append(s.length()).append(':').append(s);
            }
            sb.append('|');
        }
        sb.append(prevHash);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
