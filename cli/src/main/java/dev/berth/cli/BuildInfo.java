package dev.berth.cli;

import java.time.Instant;

/** Version, commit and build time of this CLI, recorded at build time ({@code BuildVersion}, generated). */
public record BuildInfo(String version, String commit, Instant buildTime) {

    public static BuildInfo load() {
        return new BuildInfo(BuildVersion.VERSION.replace("-SNAPSHOT", ""), BuildVersion.COMMIT, parseUtc(BuildVersion.TIME));
    }

    /** {@code yyyy-MM-ddTHH:mm:ssZ} without java.time's formatter machinery (start-up time). */
    static Instant parseUtc(String s) {
        try {
            if (s.length() != 20 || s.charAt(10) != 'T' || s.charAt(19) != 'Z') return null;
            return Instant.ofEpochSecond(dev.berth.cli.format.GoTime.epochSecond(Integer.parseInt(s.substring(0, 4)),
                    Integer.parseInt(s.substring(5, 7)), Integer.parseInt(s.substring(8, 10)),
                    Integer.parseInt(s.substring(11, 13)), Integer.parseInt(s.substring(14, 16)),
                    Integer.parseInt(s.substring(17, 19))));
        } catch (RuntimeException e) {
            return null;
        }
    }
}
