package dev.berth.engine.container;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One logged line: its stream, when it was logged, its bytes (with the newline, unless the output
 * ended without one).
 */
public record LogLine(StdStream stream, Instant time, byte[] bytes) {
    /** Docker's {@code RFC3339NanoFixed}: always nine fraction digits, UTC. */
    private static final DateTimeFormatter RFC3339_NANO_FIXED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    /** The bytes as Docker sends them: with {@code timestamps}, prefixed by the time and a space. */
    public byte[] formatted(boolean timestamps) {
        if (!timestamps) return bytes;
        byte[] prefix = (RFC3339_NANO_FIXED.format(time) + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[prefix.length + bytes.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(bytes, 0, out, prefix.length, bytes.length);
        return out;
    }

    /** The bytes as UTF-8 text. */
    public String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
