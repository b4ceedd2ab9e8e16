package dev.berth.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CLI's standard streams and whether each is a terminal (docker refuses to write a tarball
 * to a terminal, asks for confirmation only on one, and loads quietly when stdout is not one).
 */
public record Streams(InputStream in, PrintStream out, PrintStream err, boolean inIsTerminal, boolean outIsTerminal,
                      dev.berth.cli.terminal.Terminal terminal) {

    /** Streams whose terminal, if any, is the process's controlling one. */
    public Streams(InputStream in, PrintStream out, PrintStream err, boolean inIsTerminal, boolean outIsTerminal) {
        this(in, out, err, inIsTerminal, outIsTerminal,
                inIsTerminal || outIsTerminal ? new dev.berth.cli.terminal.Terminal() : null);
    }

    /** The process's streams; terminals are detected from {@code /proc/self/fd}. */
    public static Streams system() {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false,
                java.nio.charset.StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true,
                java.nio.charset.StandardCharsets.UTF_8);
        return new Streams(System.in, out, err, isTerminal(0), isTerminal(1));
    }

    /** Whether file descriptor {@code fd} of this process is a terminal device. */
    static boolean isTerminal(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (Exception e) {
            return false;
        }
    }
}
