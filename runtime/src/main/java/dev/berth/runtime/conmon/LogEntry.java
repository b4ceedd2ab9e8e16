package dev.berth.runtime.conmon;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;

/**
 * One line of container output as logged: when it was read, from which stream, and its bytes
 * (with the final newline, unless the output ended without one).
 *
 * @param time when conmon read the line's first byte (with the zone offset conmon wrote)
 * @param stream stdout or stderr
 * @param bytes the line, exactly as the container wrote it
 */
public record LogEntry(OffsetDateTime time, LogStream stream, byte[] bytes) {
    /** The bytes as UTF-8 text (for tests and messages). */
    public String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogEntry e && time.equals(e.time) && stream == e.stream && java.util.Arrays.equals(bytes, e.bytes);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(time, stream, java.util.Arrays.hashCode(bytes));
    }

    @Override
    public String toString() {
        return "LogEntry[" + time + " " + stream + " " + text().replace("\n", "\\n") + "]";
    }
}
