package dev.berth.engine.container;

import dev.berth.common.Commands;
import dev.berth.common.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * Docker's copy-up: a volume mounted over a path of the image starts with the image's files there. Done at a
 * start while the volume is empty: the files with their modes, owners, times, xattrs and links as they are
 * ({@code cp -a}, which never follows a link in the image), and the directory's own mode and owner.
 */
final class VolumeCopy {
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private VolumeCopy() {}

    /** @param source the destination's path in the mounted root filesystem, resolved in it */
    static void copyUp(Path source, Path volume) throws IOException {
        if (!Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> entries = Files.list(volume)) {
            if (entries.findAny().isPresent()) return;
        }
        Commands.Result r = Commands.run(List.of("cp", "-a", "--", source + "/.", volume + "/"), null, TIMEOUT);
        if (r.exitCode() != 0) {
            throw new EngineException.Unavailable("cannot copy the image's files into the volume at " + volume + ": " + r.stderr().strip(), null);
        }
    }
}
