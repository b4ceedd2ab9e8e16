package dev.berth.cli.terminal;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The controlling terminal, driven through {@code stty} on {@code /dev/tty} (no JNI): its size,
 * raw mode for {@code -t} sessions (restored on {@link #restore()} and at JVM exit), and window
 * size changes (SIGWINCH). Used only when stdin or stdout is a terminal.
 */
public class Terminal {
    private static final String STTY = new File("/bin/stty").canExecute() ? "/bin/stty" : "stty";
    private String saved;
    private Thread restoreHook;

    /** Rows and columns (0x0 for a terminal that has no size set), or null if unknown (not a terminal). */
    public int[] size() {
        String s = stty("size");
        if (s == null) return null;
        String[] parts = s.strip().split(" ", -1);
        if (parts.length != 2) return null;
        try {
            int rows = Integer.parseInt(parts[0]);
            int cols = Integer.parseInt(parts[1]);
            return new int[] {rows, cols};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Puts the terminal in raw mode without echo ({@code term.SetRawTerminal}); restored by {@link #restore()}. */
    public synchronized void makeRaw() {
        if (saved != null) return;
        String state = stty("-g");
        if (state == null) return;
        saved = state.strip();
        stty("raw", "-echo");
        restoreHook = new Thread() {
            @Override
            public void run() {
                restoreNow();
            }
        };
        try {
            Runtime.getRuntime().addShutdownHook(restoreHook);
        } catch (IllegalStateException shuttingDown) {
            restoreHook = null;
        }
    }

    /** Restores the mode saved by {@link #makeRaw()}; does nothing if it was not called. */
    public synchronized void restore() {
        restoreNow();
        if (restoreHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(restoreHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run
            }
            restoreHook = null;
        }
    }

    private synchronized void restoreNow() {
        if (saved == null) return;
        stty(saved);
        saved = null;
    }

    /** Calls {@code onChange} on each SIGWINCH; returns false if signals cannot be watched. */
    public boolean onResize(Runnable onChange) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("WINCH"), new sun.misc.SignalHandler() {
                @Override
                public void handle(sun.misc.Signal sig) {
                    onChange.run();
                }
            });
            return true;
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Runs stty with /dev/tty as stdin; its output, or null on failure. */
    protected String stty(String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = STTY;
        System.arraycopy(args, 0, cmd, 1, args.length);
        try {
            Process p = new ProcessBuilder(cmd).redirectInput(new File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = p.getInputStream().readAllBytes();
            return p.waitFor() == 0 ? new String(out, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
