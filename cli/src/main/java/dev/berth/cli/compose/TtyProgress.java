package dev.berth.cli.compose;

import dev.berth.compose.plan.Progress;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Compose's progress display on a terminal ({@code --progress tty}, or auto when stdout is one): a block redrawn in
 * place on each event, a {@code [+] Running done/total} header and one line per resource with a spinner while it
 * works ({@code ✔} when done, {@code ✘} on error), its status and the time it took, right-aligned.
 *
 * <pre>
 * [+] Running 2/3
 *  ✔ Network talk_default     Created                                                   0.1s
 *  ⠙ Container talk-web-1     Starting                                                  0.3s
 * </pre>
 */
final class TtyProgress implements Progress {
    private static final String SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏";
    /** Statuses that end a resource's work (the others are in progress). */
    private static final Set<String> DONE = Set.of("Created", "Started", "Running", "Healthy", "Exited", "Stopped", "Removed",
            "Recreated", "Pulled", "Built", "Pushed", "Skipped", "Killed", "Paused", "Unpaused", "Restarted", "Up-to-date");

    private record Line(String status, long started, long ended, boolean error) {}

    private final PrintStream err;
    private final int width;
    private final LongSupplier nanos;
    private final Map<String, Line> lines = new LinkedHashMap<>();
    private int drawn;
    private int frame;

    TtyProgress(PrintStream err, int width, LongSupplier nanos) {
        this.err = err;
        this.width = width <= 0 ? 80 : width;
        this.nanos = nanos;
    }

    @Override
    public synchronized void event(String resource, String status) {
        long now = nanos.getAsLong();
        Line old = lines.get(resource);
        long started = old == null ? now : old.started();
        boolean error = status.equals("Error");
        boolean done = error || DONE.contains(status);
        lines.put(resource, new Line(status, started, done ? now : -1, error));
        draw(now);
    }

    @Override
    public synchronized void warning(String message) {
        err.println("WARN[0000] " + message);
        drawn = 0; // the block starts again below the warning
    }

    private void draw(long now) {
        StringBuilder sb = new StringBuilder();
        if (drawn > 0) sb.append("\033[").append(drawn).append('A');
        int done = 0;
        int idWidth = 0;
        for (Map.Entry<String, Line> e : lines.entrySet()) {
            if (e.getValue().ended() >= 0) done++;
            idWidth = Math.max(idWidth, e.getKey().length());
        }
        List<String> out = new ArrayList<>();
        out.add("[+] Running " + done + "/" + lines.size());
        frame++;
        for (Map.Entry<String, Line> e : lines.entrySet()) {
            Line l = e.getValue();
            String mark = l.error() ? "\033[31m✘\033[0m" : l.ended() >= 0 ? "\033[32m✔\033[0m"
                    : String.valueOf(SPINNER.charAt(frame % SPINNER.length()));
            long took = (l.ended() >= 0 ? l.ended() : now) - l.started();
            String time = String.format("%.1fs", took / 1e9);
            String left = " " + mark + " " + e.getKey() + " ".repeat(idWidth - e.getKey().length()) + "  " + l.status();
            int visible = left.length() - (l.error() || l.ended() >= 0 ? 9 : 0); // the colour codes take no columns
            out.add(left + " ".repeat(Math.max(1, width - 1 - visible - time.length())) + time);
        }
        for (String line : out) sb.append(line).append("\033[K\n");
        drawn = out.size();
        err.print(sb);
        err.flush();
    }
}
