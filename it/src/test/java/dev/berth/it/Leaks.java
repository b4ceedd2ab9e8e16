package dev.berth.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Leak checks for what a daemon leaves behind: mounts (from /proc/self/mountinfo) and processes whose command
 * line names a directory. The {@code assert*} methods fail with the list of leftovers; {@link #cleanUp} removes them.
 */
public final class Leaks {
    private Leaks() {}

    /** One line of /proc/self/mountinfo. */
    public record Mount(Path mountPoint, String fsType, String source) {}

    /** A process and its command line (arguments joined by spaces). */
    public record Proc(long pid, String cmdline) {}

    /** Mounts at or below {@code root}, in mount order (later mounts may sit on top of earlier ones). */
    public static List<Mount> mountsUnder(Path root) {
        Path r = root.toAbsolutePath().normalize();
        List<Mount> result = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("/proc/self/mountinfo"));
        } catch (IOException e) {
            throw ProcessRunner.unchecked("cannot read /proc/self/mountinfo", e);
        }
        for (String line : lines) {
            // id parent major:minor root mountpoint options [optional...] - fstype source superoptions
            String[] f = line.split(" ");
            int dash = List.of(f).indexOf("-");
            if (f.length < 5 || dash < 0 || dash + 2 >= f.length) {
                continue;
            }
            Path mp = Path.of(unescape(f[4]));
            if (mp.startsWith(r)) {
                result.add(new Mount(mp, f[dash + 1], unescape(f[dash + 2])));
            }
        }
        return result;
    }

    /** Processes (other than this JVM) with an argument inside {@code dir} ({@code dir/...}, {@code =dir/...}, or {@code dir} itself). */
    public static List<Proc> processesMentioning(Path dir) {
        String d = dir.toAbsolutePath().normalize().toString();
        long self = ProcessHandle.current().pid();
        List<Proc> result = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path p : procs) {
                long pid = Long.parseLong(p.getFileName().toString());
                if (pid == self) {
                    continue;
                }
                byte[] raw;
                try {
                    raw = Files.readAllBytes(p.resolve("cmdline"));
                } catch (IOException gone) {
                    continue;
                }
                if (raw.length == 0) {
                    continue; // kernel thread or zombie
                }
                String[] args = new String(raw, StandardCharsets.UTF_8).split("\0");
                for (String a : args) {
                    if (a.contains(d + "/") || a.endsWith(d)) {
                        result.add(new Proc(pid, String.join(" ", args)));
                        break;
                    }
                }
            }
        } catch (IOException e) {
            throw ProcessRunner.unchecked("cannot list /proc", e);
        }
        return result;
    }

    public static void assertNoOverlayMountsUnder(Path root) {
        List<Mount> overlays = mountsUnder(root).stream().filter(m -> m.fsType().equals("overlay")).toList();
        if (!overlays.isEmpty()) {
            throw new AssertionError("leaked overlay mounts under " + root + ":\n" + format(overlays));
        }
    }

    public static void assertNoMountsUnder(Path root) {
        List<Mount> mounts = mountsUnder(root);
        if (!mounts.isEmpty()) {
            throw new AssertionError("leaked mounts under " + root + ":\n" + format(mounts));
        }
    }

    public static void assertNoProcessesMentioning(Path dir) {
        List<Proc> procs = processesMentioning(dir);
        if (!procs.isEmpty()) {
            throw new AssertionError("leaked processes mentioning " + dir + ":\n" + format(procs));
        }
    }

    /** Both checks at once: no mounts under {@code dir} and no process naming it. */
    public static void assertNoLeaks(Path dir) {
        List<Mount> mounts = mountsUnder(dir);
        List<Proc> procs = processesMentioning(dir);
        if (!mounts.isEmpty() || !procs.isEmpty()) {
            throw new AssertionError("leaks under " + dir + ":\n" + (mounts.isEmpty() ? "" : "mounts:\n" + format(mounts))
                    + (procs.isEmpty() ? "" : "processes:\n" + format(procs)));
        }
    }

    /**
     * SIGKILLs processes naming {@code dir} and lazily unmounts everything under it (deepest and latest first).
     * Returns a description of what it had to remove (empty when nothing was left).
     */
    public static String cleanUp(Path dir) {
        StringBuilder removed = new StringBuilder();
        for (int round = 0; round < 5; round++) {
            List<Proc> procs = processesMentioning(dir);
            for (Proc p : procs) {
                ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroyForcibly);
            }
            if (!procs.isEmpty()) {
                removed.append("killed:\n").append(format(procs));
                waitGone(procs, Duration.ofSeconds(5));
            }
            List<Mount> mounts = mountsUnder(dir);
            for (Mount m : mounts.reversed()) {
                ProcessRunner.run(List.of(Tool.UMOUNT.path().toString(), "-l", m.mountPoint().toString()),
                        Map.of("PATH", ProcessRunner.PATH), null, Duration.ofSeconds(30));
            }
            if (!mounts.isEmpty()) {
                removed.append("unmounted:\n").append(format(mounts));
            }
            if (procs.isEmpty() && mounts.isEmpty()) {
                break;
            }
        }
        return removed.toString();
    }

    private static void waitGone(List<Proc> procs, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        for (Proc p : procs) {
            while (ProcessHandle.of(p.pid()).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
                sleep(50);
            }
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static String format(List<?> items) {
        return items.stream().map(i -> "  " + i).collect(Collectors.joining("\n")) + "\n";
    }

    /** mountinfo escapes space, tab, newline and backslash as \ooo. */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
