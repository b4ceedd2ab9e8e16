package dev.berth.runtime.conmon;

import dev.berth.common.EngineException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads conmon's {@code k8s-file} log: one record per line,
 * {@code <RFC3339Nano time> <stdout|stderr> <F|P> <bytes>\n}. {@code F} ends a line (its bytes
 * include the container's newline); {@code P} is a partial line (conmon adds a newline that is
 * not the container's: when a line is longer than conmon's 8 KiB buffer, or the output ended
 * without a newline). Partials are joined with the rest of their line, per stream, into one
 * {@link LogEntry}, stamped with the first part's time.
 *
 * <p>Made for following a log that is still being written: {@link #next()} returns empty at the
 * current end, keeps an incomplete last record and pending partial lines, and continues when
 * called again after more was written. {@link #flushPartials()} returns the partial lines once no
 * more output can come (the container exited). Lines that do not parse are skipped.
 */
public final class K8sFileLogReader implements AutoCloseable {
    private final InputStream in;
    private final byte[] chunk = new byte[64 * 1024];
    private int chunkPos;
    private int chunkLen;
    private final ByteArrayOutputStream record = new ByteArrayOutputStream();
    private final Map<LogStream, Partial> partials = new EnumMap<>(LogStream.class);

    private record Partial(OffsetDateTime time, ByteArrayOutputStream bytes) {}

    public K8sFileLogReader(InputStream in) {
        this.in = in;
    }

    /** Every entry of a log file, including a final partial line. An absent file has no entries. */
    public static List<LogEntry> readAll(Path file) {
        try (K8sFileLogReader r = new K8sFileLogReader(Files.newInputStream(file))) {
            List<LogEntry> entries = new ArrayList<>();
            for (Optional<LogEntry> e = r.next(); e.isPresent(); e = r.next()) entries.add(e.get());
            entries.addAll(r.flushPartials());
            return entries;
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new EngineException.Unavailable("cannot read the log " + file + ": " + e.getMessage(), e);
        }
    }

    /** The next complete entry, or empty at the current end of the log. */
    public Optional<LogEntry> next() throws IOException {
        while (true) {
            byte[] line = nextRecord();
            if (line == null) return Optional.empty();
            Optional<LogEntry> entry = accept(line);
            if (entry.isPresent()) return entry;
        }
    }

    /** The pending partial lines (stdout first), removed: call when the log is complete. */
    public List<LogEntry> flushPartials() {
        List<LogEntry> out = new ArrayList<>();
        for (Map.Entry<LogStream, Partial> e : partials.entrySet()) {
            out.add(new LogEntry(e.getValue().time(), e.getKey(), e.getValue().bytes().toByteArray()));
        }
        partials.clear();
        return out;
    }

    /** The next newline-terminated record without its newline, or null if there is none yet. */
    private byte[] nextRecord() throws IOException {
        while (true) {
            for (int i = chunkPos; i < chunkLen; i++) {
                if (chunk[i] == '\n') {
                    record.write(chunk, chunkPos, i - chunkPos);
                    chunkPos = i + 1;
                    byte[] r = record.toByteArray();
                    record.reset();
                    return r;
                }
            }
            record.write(chunk, chunkPos, chunkLen - chunkPos);
            chunkPos = chunkLen = 0;
            int n = in.read(chunk);
            if (n <= 0) return null;
            chunkLen = n;
        }
    }

    private Optional<LogEntry> accept(byte[] line) {
        int s1 = indexOf(line, (byte) ' ', 0);
        int s2 = s1 < 0 ? -1 : indexOf(line, (byte) ' ', s1 + 1);
        if (s2 < 0 || s2 + 2 > line.length || (line.length > s2 + 2 && line[s2 + 2] != ' ')) return Optional.empty();
        OffsetDateTime time;
        try {
            time = OffsetDateTime.parse(new String(line, 0, s1, StandardCharsets.US_ASCII));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
        String streamName = new String(line, s1 + 1, s2 - s1 - 1, StandardCharsets.US_ASCII);
        LogStream stream = switch (streamName) {
            case "stdout" -> LogStream.STDOUT;
            case "stderr" -> LogStream.STDERR;
            default -> null;
        };
        if (stream == null) return Optional.empty();
        byte tag = line[s2 + 1];
        int start = Math.min(line.length, s2 + 3);
        Partial pending = partials.get(stream);
        if (tag == 'P') {
            if (pending == null) {
                pending = new Partial(time, new ByteArrayOutputStream());
                partials.put(stream, pending);
            }
            pending.bytes().write(line, start, line.length - start);
            return Optional.empty();
        }
        if (tag != 'F') return Optional.empty();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        OffsetDateTime first = time;
        if (pending != null) {
            partials.remove(stream);
            bytes.writeBytes(pending.bytes().toByteArray());
            first = pending.time();
        }
        bytes.write(line, start, line.length - start);
        bytes.write('\n'); // conmon writes an F line's own newline as the record's end
        return Optional.of(new LogEntry(first, stream, bytes.toByteArray()));
    }

    private static int indexOf(byte[] a, byte b, int from) {
        for (int i = from; i < a.length; i++) if (a[i] == b) return i;
        return -1;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
