package dev.berth.cli.compose;

import dev.berth.api.ContainerInspect;
import dev.berth.api.ContainerSummary;
import dev.berth.client.DockerClient;
import dev.berth.client.LogsOptions;
import dev.berth.client.StdCopy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compose's log output for several containers: each line prefixed with the container's name without the
 * project ({@code web-1  | }), names padded to the longest plus one, each container in its colour of
 * Compose's rainbow when colours are on.
 */
final class LogPrinter {
    private static final String[] RAINBOW = {"36", "33", "32", "35", "34", "36;1", "33;1", "32;1", "35;1", "34;1"};

    private final PrintStream out;
    private final PrintStream err;
    private final boolean color;
    private final boolean prefix;
    private final boolean timestamps;
    private final Map<String, String> colors = new ConcurrentHashMap<>();
    private int width;
    private int next;
    private final List<InputStream> open = new ArrayList<>();

    LogPrinter(PrintStream out, PrintStream err, boolean color, boolean prefix, boolean timestamps) {
        this.out = out;
        this.err = err;
        this.color = color;
        this.prefix = prefix;
        this.timestamps = timestamps;
    }

    /** {@code proj-web-1} → {@code web-1}. */
    static String shortName(String project, String container) {
        return container.startsWith(project + "-") ? container.substring(project.length() + 1) : container;
    }

    synchronized void register(String name) {
        width = Math.max(width, name.length() + 1);
        colors.computeIfAbsent(name, k -> RAINBOW[next++ % RAINBOW.length]);
    }

    private String prefix(String name) {
        if (!prefix) return "";
        String p = String.format("%-" + width + "s | ", name);
        return color ? "\033[" + colors.get(name) + "m" + p + "\033[0m" : p;
    }

    /** A status line, such as {@code web-1 exited with code 0}. */
    void status(String name, String message) {
        String line = name + " " + message;
        synchronized (out) {
            out.println(color ? "\033[" + colors.getOrDefault(name, "0") + "m" + line + "\033[0m" : line);
            out.flush();
        }
    }

    /**
     * Copies one container's logs until they end (with {@code follow}, until the container stops or
     * {@link #closeAll} is called).
     */
    void copy(DockerClient client, ContainerSummary c, String name, boolean follow, String tail, String since) throws IOException {
        InputStream body = client.containerLogs(c.id(), new LogsOptions(true, true, since, null, timestamps, follow, tail, false));
        synchronized (open) {
            open.add(body);
        }
        boolean tty;
        try {
            ContainerInspect i = client.inspectContainer(c.id(), false);
            tty = i.config() != null && Boolean.TRUE.equals(i.config().tty());
        } catch (RuntimeException e) {
            tty = false;
        }
        try (InputStream in = body; Lines o = new Lines(out, name); Lines e = new Lines(err, name)) {
            if (tty) in.transferTo(o);
            else StdCopy.copy(in, o, e);
        } catch (IOException e) {
            // the stream was closed (Ctrl+C) or the daemon went away: stop copying
        }
    }

    void closeAll() {
        synchronized (open) {
            for (InputStream in : open) {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }

    /** Splits bytes into lines and prints each with the prefix. */
    private final class Lines extends OutputStream {
        private final PrintStream target;
        private final String name;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        Lines(PrintStream target, String name) {
            this.target = target;
            this.name = name;
        }

        @Override
        public void write(int b) {
            if (b == '\n') {
                flushLine();
            } else {
                line.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) write(b[i]);
        }

        private void flushLine() {
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            synchronized (out) {
                target.print(prefix(name));
                target.println(text);
                target.flush();
            }
        }

        @Override
        public void close() {
            if (line.size() > 0) flushLine();
        }
    }
}
