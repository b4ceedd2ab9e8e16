package dev.berth.api;

/** Boolean query parameters as moby parses them: "", 0, no, false, none (any case) are false. */
public final class QueryBooleans {
    private QueryBooleans() {}

    public static boolean parse(String v, boolean absent) {
        if (v == null) return absent;
        return switch (v.trim().toLowerCase()) {
            case "", "0", "no", "false", "none" -> false;
            default -> true;
        };
    }
}
