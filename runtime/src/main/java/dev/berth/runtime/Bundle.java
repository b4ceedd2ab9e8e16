package dev.berth.runtime;

import dev.berth.common.AtomicFiles;
import dev.berth.common.EngineException;
import dev.berth.runtime.spec.Spec;
import dev.berth.runtime.spec.SpecJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * An OCI bundle: a directory holding {@code config.json}. The root filesystem is wherever the
 * spec's {@code root.path} points (berth passes an absolute path, usually an overlay mount). The
 * runtime and conmon also keep files here (pid files, attach socket, control fifos): see
 * {@link dev.berth.runtime.conmon.ContainerPaths}.
 *
 * @param dir the bundle directory, absolute
 */
public record Bundle(Path dir) {
    public static final String CONFIG = "config.json";

    public Bundle {
        dir = dir.toAbsolutePath().normalize();
    }

    /** Creates the directory if needed and writes {@code config.json} atomically (a reader never sees half a spec). */
    public static Bundle write(Path dir, Spec spec) {
        Bundle b = new Bundle(dir);
        AtomicFiles.write(b.config(), SpecJson.write(spec));
        return b;
    }

    public Path config() {
        return dir.resolve(CONFIG);
    }

    /**
     * Reads the spec back.
     *
     * @throws EngineException.NotFound if there is no {@code config.json}
     * @throws EngineException.DataCorruption if it does not decode
     */
    public Spec readSpec() {
        try {
            return SpecJson.read(Files.readAllBytes(config()), Spec.class, config().toString());
        } catch (NoSuchFileException e) {
            throw new EngineException.NotFound("no OCI bundle at " + dir + ": " + CONFIG + " is missing");
        } catch (IOException e) {
            throw new EngineException.Unavailable("cannot read " + config() + ": " + e.getMessage(), e);
        }
    }
}
