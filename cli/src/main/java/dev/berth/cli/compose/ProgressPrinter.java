package dev.berth.cli.compose;

import dev.berth.compose.plan.Progress;
import java.io.PrintStream;

/**
 * Compose's plain progress output on stderr: {@code " Container proj-web-1  Started"}, one line per event;
 * warnings as {@code WARN[0000] ...}. {@code --progress quiet} prints nothing.
 */
final class ProgressPrinter implements Progress {
    private final PrintStream err;
    private final boolean quiet;

    ProgressPrinter(PrintStream err, String mode) {
        this.err = err;
        this.quiet = "quiet".equals(mode);
    }

    @Override
    public synchronized void event(String resource, String status) {
        if (!quiet) err.println(" " + resource + "  " + status);
    }

    @Override
    public synchronized void warning(String message) {
        err.println("WARN[0000] " + message);
    }
}
