package dev.berth.api;

/** The Engine API version berth speaks: 1.41 semantics (see shared reference notes, section 10). */
public final class ApiVersion {
    public static final String CURRENT = "1.41";
    public static final String MINIMUM = "1.12";
    /** What {@code /version} reports as the engine version; must compare >= 1.6.0 for Testcontainers. */
    public static final String ENGINE_VERSION = "20.10.24-berth";

    private ApiVersion() {}

    /** Compares dotted versions numerically: {@code compare("1.9","1.41") < 0}. */
    public static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int p = i < x.length ? Integer.parseInt(x[i]) : 0;
            int q = i < y.length ? Integer.parseInt(y[i]) : 0;
            if (p != q) return Integer.compare(p, q);
        }
        return 0;
    }
}
