package dev.berth.cli.render;

import dev.berth.cli.format.GoTime;
import dev.berth.cli.format.Units;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/** Field helpers shared by the row contexts (docker's {@code formatter} package functions). */
final class Rows {
    private Rows() {}

    /** {@code stringid.TruncateID}: drops an algorithm prefix and keeps 12 characters. */
    static String truncateId(String id) {
        if (id == null) return "";
        int colon = id.indexOf(':');
        String s = colon >= 0 ? id.substring(colon + 1) : id;
        return s.length() > 12 ? s.substring(0, 12) : s;
    }

    /** {@code units.HumanDuration(now - t) + " ago"}. */
    static String since(Instant now, long epochSeconds) {
        return Units.humanDuration(Duration.between(Instant.ofEpochSecond(epochSeconds), now)) + " ago";
    }

    /** Go's {@code time.Unix(s, 0).String()} in the local zone. */
    static String timeString(long epochSeconds, ZoneId zone) {
        return GoTime.string(Instant.ofEpochSecond(epochSeconds), zone);
    }

    /**
     * docker's {@code formatter.Ellipsis}: cuts to {@code max} display columns with a trailing "…".
     */
    static String ellipsis(String s, int max) {
        if (max <= 0) return "";
        int n = s.codePointCount(0, s.length());
        if (max == 1) return n == 0 ? "" : new String(Character.toChars(s.codePointAt(0)));
        int width = dev.berth.cli.format.DisplayWidth.of(s);
        if (width <= max) return s;
        StringBuilder sb = new StringBuilder();
        int w = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int cw = dev.berth.cli.format.DisplayWidth.of(new String(Character.toChars(cp)));
            if (w + cw > max - 1) break;
            sb.appendCodePoint(cp);
            w += cw;
            i += Character.charCount(cp);
        }
        return sb.append('…').toString();
    }
}
