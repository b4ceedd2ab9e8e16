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

    /**
     * The progress display for {@code --progress MODE}: {@link TtyProgress} for {@code tty}, or for auto when stdout is a
     * terminal; plain lines otherwise.
     */
    static Progress forMode(dev.berth.cli.CliContext ctx, String mode) {
        boolean tty = mode.equals("tty") || ((mode.isEmpty() || mode.equals("auto")) && ctx.streams().outIsTerminal());
        if (!tty) return new ProgressPrinter(ctx.err(), mode);
        int[] size = ctx.streams().terminal() == null ? null : ctx.streams().terminal().size();
        return new TtyProgress(ctx.err(), size == null ? 80 : size[1], System::nanoTime);
    }

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
