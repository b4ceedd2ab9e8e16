package dev.berth.runtime.internal;

import dev.berth.common.linux.Libc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.OptionalLong;

/** Facts about host processes from {@code /proc}. */
public final class Procs {
    private Procs() {}

    /**
     * Whether {@code pid} is a live (not zombie) process whose command name is {@code comm}. A pid
     * from a pid file may have been reused by another program after a reboot or a long time: the
     * name check guards against signalling that one.
     */
    public static boolean isRunning(long pid, String comm) {
        if (pid <= 0) return false;
        try {
            String stat = KernelFiles.read(Path.of("/proc", Long.toString(pid), "stat"));
            // pid (comm) state ...: comm may contain spaces and parentheses, the state follows the last ')'
            int close = stat.lastIndexOf(')');
            int open = stat.indexOf('(');
            if (close < 0 || open < 0 || close + 2 >= stat.length()) return false;
            char state = stat.charAt(close + 2);
            if (state == 'Z' || state == 'X' || state == 'x') return false;
            return comm == null || stat.substring(open + 1, close).equals(comm);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** A pid from a pid file (decimal, surrounding whitespace allowed), or empty if the file is missing or not a pid. */
    public static OptionalLong readPidFile(Path file) {
        try {
            String text = Files.readString(file).trim();
            long pid = Long.parseLong(text);
            return pid > 0 ? OptionalLong.of(pid) : OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Sends a signal, ignoring a process that is already gone. */
    public static void signal(long pid, int signal) {
        try {
            Libc.kill(pid, signal);
        } catch (IOException e) {
            // ESRCH: it exited meanwhile
        }
    }
}
