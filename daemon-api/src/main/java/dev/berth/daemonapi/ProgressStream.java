package dev.berth.daemonapi;

import dev.berth.api.ApiJson;
import dev.berth.api.JsonMessage;
import dev.berth.distribution.Progress;
import dev.berth.http.Response;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The JSON progress stream of a pull or push, as dockerd writes it. The response starts with the
 * first message, so an error before any progress is still an HTTP error status (dockerd's
 * {@code output.Flushed()} rule); after that, errors go in-band. Thread-safe: parallel layer
 * transfers report at once.
 */
final class ProgressStream implements Progress.Listener, AutoCloseable {
    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB"};
    private final Response res;
    private OutputStream out;

    ProgressStream(Response res) {
        this.res = res;
    }

    @Override
    public void progress(Progress p) {
        write(message(p));
    }

    /** A progress update as dockerd's JSON message. */
    static JsonMessage message(Progress p) {
        JsonMessage.ProgressDetail detail = null;
        String bar = null;
        if (p.detail()) {
            detail = p.current() <= 0 && p.total() <= 0 ? JsonMessage.ProgressDetail.EMPTY
                    : new JsonMessage.ProgressDetail(p.current(), p.total() > 0 ? p.total() : null);
            bar = bar(p.current(), p.total());
            if (bar.isEmpty()) bar = null;
        }
        return JsonMessage.status(p.id(), p.status(), detail, bar);
    }

    void aux(Map<String, Object> aux) {
        write(new JsonMessage(null, null, JsonMessage.ProgressDetail.EMPTY, null, null, null, null, aux));
    }

    synchronized void write(JsonMessage m) {
        try {
            if (out == null) out = res.stream(200, Json.TYPE);
            out.write(ApiJson.write(m));
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the response has started (errors must then go in-band). */
    synchronized boolean started() {
        return out != null;
    }

    /** Ends the stream: an error in-band if it started, else rethrown for an error status. */
    void fail(RuntimeException e) {
        if (!started()) throw e;
        write(JsonMessage.error(0, ErrorStatus.message(e)));
    }

    @Override
    public synchronized void close() throws IOException {
        if (out == null) out = res.stream(200, Json.TYPE);
        out.close();
    }

    /** dockerd's {@code JSONProgress.String()} at its default width: {@code [==>    ]  1.2MB/3.4MB}. */
    static String bar(long current, long total) {
        if (current <= 0 && total <= 0) return "";
        if (total <= 0) return String.format("%8s", humanSize(current));
        int percentage = (int) ((double) current / total * 100) / 2;
        if (percentage > 50) percentage = 50;
        String box = "[" + "=".repeat(percentage) + ">" + " ".repeat(Math.max(0, 50 - percentage)) + "] ";
        String numbers = current > total ? String.format("%8s", humanSize(current))
                : String.format("%8s/%s", humanSize(current), humanSize(total));
        return box + numbers;
    }

    /** go-units' {@code HumanSize}: decimal units, four significant digits. */
    static String humanSize(double size) {
        int i = 0;
        while (size >= 1000.0 && i < UNITS.length - 1) {
            size /= 1000.0;
            i++;
        }
        return new BigDecimal(size).round(new MathContext(4)).stripTrailingZeros().toPlainString() + UNITS[i];
    }
}
