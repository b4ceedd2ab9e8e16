package dev.berth.runtime.conmon;

import dev.berth.common.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The layout of a daemon's exec root (a tmpfs such as {@code /run/berth}): everything a running
 * container needs and nothing that must survive a reboot. Logs are not here: they belong with the
 * container's persistent data, and their path is given at create time.
 *
 * <pre>
 * &lt;root&gt;/runtime/                   the OCI runtime's state ({@code runc --root})
 * &lt;root&gt;/exits/&lt;id&gt;                conmon's exit files: the exit code, as text (inotify-watched)
 * &lt;root&gt;/sockets/                   conmon's {@code --socket-dir-path} (unused with {@code --full-attach})
 * &lt;root&gt;/containers/&lt;id&gt;/          one container: see {@link ContainerPaths}
 * </pre>
 *
 * @param dir the exec root, absolute
 */
public record ExecRoot(Path dir) {
    /** Container ids are used as file names and runtime ids: letters, digits, {@code _.-}, not starting with a dot. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    public ExecRoot {
        dir = dir.toAbsolutePath().normalize();
    }

    public Path runtimeRoot() { return dir.resolve("runtime"); }
    public Path exitDir() { return dir.resolve("exits"); }
    public Path socketDir() { return dir.resolve("sockets"); }
    public Path containersDir() { return dir.resolve("containers"); }

    /** The paths of one container. */
    public ContainerPaths container(String id) {
        checkId(id, "container");
        return new ContainerPaths(id, containersDir().resolve(id), exitDir());
    }

    /** Creates the shared directories (mode 0700 parent for sockets). */
    public void create() {
        try {
            for (Path p : List.of(runtimeRoot(), exitDir(), socketDir(), containersDir())) Files.createDirectories(p);
        } catch (IOException e) {
            throw new EngineException.Unavailable("cannot create the exec root " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Ids of the containers that have a directory here, sorted. */
    public List<String> containerIds() {
        try (Stream<Path> dirs = Files.list(containersDir())) {
            return dirs.map(p -> p.getFileName().toString()).filter(n -> ID.matcher(n).matches()).sorted().toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new EngineException.Unavailable("cannot list " + containersDir() + ": " + e.getMessage(), e);
        }
    }

    static void checkId(String id, String what) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new EngineException.InvalidArgument("invalid " + what + " id '" + id
                    + "': use up to 128 letters, digits, '_', '.', '-', not starting with '.' or '-'");
        }
    }
}
