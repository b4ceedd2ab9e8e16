package dev.berth.common;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Random object ids as Docker makes them: 64 lowercase hex digits, shown as 12. */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    public static String newId() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** The first 12 hex digits of an id, with any {@code sha256:} prefix removed. */
    public static String shortId(String id) {
        String hex = id.startsWith("sha256:") ? id.substring(7) : id;
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }
}
