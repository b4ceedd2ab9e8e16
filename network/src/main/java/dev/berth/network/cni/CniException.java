package dev.berth.network.cni;

/** A CNI plugin failed: its type, the command, and the spec's error code, message and details. */
public final class CniException extends Exception {
    private final String plugin;
    private final int code;

    public CniException(String plugin, String command, int code, String msg, String details) {
        super("plugin type=\"" + plugin + "\" failed (" + command.toLowerCase(java.util.Locale.ROOT) + "): " + msg
                + (details == null || details.isEmpty() ? "" : ": " + details));
        this.plugin = plugin;
        this.code = code;
    }

    public String plugin() {
        return plugin;
    }

    /** The spec's error code (1-99 well-known, 0 when the plugin gave none). */
    public int code() {
        return code;
    }
}
