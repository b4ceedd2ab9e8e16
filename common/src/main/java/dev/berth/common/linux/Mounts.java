package dev.berth.common.linux;

import dev.berth.common.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Mount points of this process's mount namespace ({@code /proc/self/mountinfo}) and unmounting them. */
public final class Mounts {
    private Mounts() {}

    /** Mount points at or below {@code dir}, in mount order. */
    public static List<Path> under(Path dir) {
        List<Path> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] f = line.split(" ");
                if (f.length < 5) continue;
                Path mp = Path.of(unescape(f[4]));
                if (mp.startsWith(dir)) out.add(mp);
            }
        } catch (IOException e) {
            throw new EngineException.Unavailable("cannot read /proc/self/mountinfo: " + e.getMessage(), e);
        }
        return out;
    }

    public static boolean isMountPoint(Path p) {
        return under(p).contains(p);
    }

    /**
     * Unmounts everything at or below {@code dir}, innermost first; a busy mount is detached
     * (the kernel frees it when its last user goes).
     */
    public static void unmountAll(Path dir) {
        List<Path> mounts = under(dir);
        for (Path m : mounts.reversed()) {
            try {
                Libc.umount2(m, 0);
            } catch (ErrnoException e) {
                if (e.errno() == Libc.EINVAL || e.errno() == Libc.ENOENT) continue; // not mounted (any more)
                try {
                    Libc.umount2(m, Libc.MNT_DETACH);
                } catch (IOException e2) {
                    throw new EngineException.Unavailable("cannot unmount " + m + ": " + e2.getMessage(), e2);
                }
            } catch (IOException e) {
                throw new EngineException.Unavailable("cannot unmount " + m + ": " + e.getMessage(), e);
            }
        }
    }

    private static String unescape(String s) {
        return s.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }
}
