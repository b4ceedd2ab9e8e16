package dev.berth.cli.terminal;

/**
 * docker's detach key sequences ({@code term.ToBytes}): comma-separated keys, each a single
 * character, {@code ctrl-@} to {@code ctrl-_} or {@code DEL}. The default is ctrl-p,ctrl-q.
 */
public final class DetachKeys {
    public static final byte[] DEFAULT = {16, 17};
    private static final String CTRL = "@abcdefghijklmnopqrstuvwxyz[\\]^_";

    private DetachKeys() {}

    /** The key codes; {@code DEFAULT} for null or empty. */
    public static byte[] parse(String keys) {
        if (keys == null || keys.isEmpty()) return DEFAULT;
        String[] parts = keys.split(",", -1);
        byte[] out = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String key = parts[i];
            if (key.length() == 1) {
                out[i] = (byte) key.charAt(0);
            } else if (key.length() == 6 && key.startsWith("ctrl-") && CTRL.indexOf(key.charAt(5)) >= 0) {
                out[i] = (byte) CTRL.indexOf(key.charAt(5));
            } else if (key.equals("DEL")) {
                out[i] = 127;
            } else {
                throw new IllegalArgumentException("Unknown character: '" + key + "'");
            }
        }
        return out;
    }
}
