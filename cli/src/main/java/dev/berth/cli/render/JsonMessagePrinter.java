package dev.berth.cli.render;

import dev.berth.api.JsonMessage;
import dev.berth.cli.format.Units;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Prints a JSON progress stream as docker's {@code jsonmessage.DisplayJSONMessagesStream} does:
 * on a terminal, one line per layer id updated in place with a progress bar; otherwise plain
 * lines, skipping progress updates. {@code aux} messages go to the callback instead.
 */
public final class JsonMessagePrinter {
    private final PrintStream out;
    private final boolean terminal;
    private final int width;

    public JsonMessagePrinter(PrintStream out, boolean terminal, int width) {
        this.out = out;
        this.terminal = terminal;
        this.width = width;
    }

    /** Prints every message; an in-band error surfaces as the iterator's exception. */
    public void display(Iterator<JsonMessage> messages, Consumer<JsonMessage> aux) {
        Map<String, Integer> ids = new HashMap<>();
        while (messages.hasNext()) {
            JsonMessage jm = messages.next();
            if (jm.aux() != null) {
                if (aux != null) aux.accept(jm);
                continue;
            }
            int diff = 0;
            if (jm.id() != null && !jm.id().isEmpty() && (jm.progressDetail() != null || notEmpty(jm.progress()))) {
                Integer line = ids.get(jm.id());
                if (line == null) {
                    line = ids.size();
                    ids.put(jm.id(), line);
                    if (terminal) out.print("\n");
                }
                diff = ids.size() - line;
                if (terminal) out.print("\u001b[" + diff + "A");
            } else {
                ids.clear();
            }
            print(jm);
            if (notEmpty(jm.id()) && terminal) out.print("\u001b[" + diff + "B");
            out.flush();
        }
    }

    private void print(JsonMessage jm) {
        String endl = "";
        if (terminal && !notEmpty(jm.stream()) && jm.progressDetail() != null) {
            out.print("\u001b[2K");
            endl = "\r";
            out.print(endl);
        } else if (jm.progressDetail() != null && !progress(jm.progressDetail()).isEmpty()) {
            return;
        }
        if (notEmpty(jm.id())) out.print(jm.id() + ": ");
        String status = jm.status() == null ? "" : jm.status();
        if (jm.progressDetail() != null && terminal) {
            out.print(status + " " + progress(jm.progressDetail()) + endl);
        } else if (notEmpty(jm.progress())) {
            out.print(status + " " + jm.progress() + endl);
        } else if (notEmpty(jm.stream())) {
            out.print(jm.stream() + endl);
        } else {
            out.print(status + endl + "\n");
        }
    }

    /** {@code JSONProgress.String()}: {@code [=====>      ]  1.2MB/3.4MB} (bar only when wide enough). */
    String progress(JsonMessage.ProgressDetail p) {
        long current = p.current() == null ? 0 : p.current();
        long total = p.total() == null ? 0 : p.total();
        if (current <= 0 && total <= 0) return "";
        if (total <= 0) return String.format("%8s", Units.humanSize(current));
        int percentage = (int) ((double) current / total * 100) / 2;
        if (percentage > 50) percentage = 50;
        String bar = "";
        if (width > 110) {
            bar = "[" + "=".repeat(percentage) + ">" + " ".repeat(Math.max(0, 50 - percentage)) + "] ";
        }
        String numbers = current > total ? String.format("%8s", Units.humanSize(current))
                : String.format("%8s/%s", Units.humanSize(current), Units.humanSize(total));
        return bar + numbers;
    }

    private static boolean notEmpty(String s) {
        return s != null && !s.isEmpty();
    }
}
