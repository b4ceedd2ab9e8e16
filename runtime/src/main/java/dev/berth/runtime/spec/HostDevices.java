package dev.berth.runtime.spec;

import dev.berth.common.linux.Libc;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The host's device nodes, for {@code --privileged} (which gives a container every host device,
 * as Docker does through runc's {@code HostDevices}).
 */
public final class HostDevices {
    /** Directories of /dev that hold no devices to copy (runc skips the same). */
    private static final Set<String> SKIPPED = Set.of("pts", "shm", "fd", "mqueue", ".lxc", ".lxd-mounts", ".udev");

    private HostDevices() {}

    /** Every character and block device under {@code /dev}, sorted by path. */
    public static List<LinuxSpec.Device> list() {
        List<LinuxSpec.Device> out = new ArrayList<>();
        walk(Path.of("/dev"), out);
        out.sort(java.util.Comparator.comparing(LinuxSpec.Device::path));
        return List.copyOf(out);
    }

    private static void walk(Path dir, List<LinuxSpec.Device> out) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    if (!SKIPPED.contains(name)) walk(p, out);
                    continue;
                }
                if (name.equals("console")) continue; // the runtime makes the container's own
                Map<String, Object> a = Files.readAttributes(p, "unix:mode,rdev,uid,gid", LinkOption.NOFOLLOW_LINKS);
                int mode = (Integer) a.get("mode");
                String type = switch (mode & Libc.S_IFMT) {
                    case Libc.S_IFCHR -> "c";
                    case Libc.S_IFBLK -> "b";
                    default -> null;
                };
                if (type == null) continue;
                long rdev = ((Number) a.get("rdev")).longValue();
                out.add(new LinuxSpec.Device(p.toString(), type, Libc.major(rdev), Libc.minor(rdev), mode & 07777,
                        ((Number) a.get("uid")).longValue(), ((Number) a.get("gid")).longValue()));
            }
        } catch (IOException e) {
            // a device that vanished or a directory we may not read: skip it, as runc does
        }
    }
}
