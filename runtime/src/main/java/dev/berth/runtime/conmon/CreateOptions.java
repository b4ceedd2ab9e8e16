package dev.berth.runtime.conmon;

import dev.berth.common.EngineException;
import dev.berth.runtime.spec.Spec;
import java.nio.file.Path;

/**
 * What {@link Conmon#create} needs. Whether the container has a terminal comes from the spec
 * ({@code process.terminal}).
 *
 * @param id the container id (a file name: letters, digits, {@code _.-})
 * @param name a name for conmon's own log lines (the container name, or the id)
 * @param spec the runtime spec, written to the bundle
 * @param logPath the {@code k8s-file} log, absolute, without {@code :} (conmon's option syntax)
 * @param stdin keep a stdin pipe that attach connections write to ({@code -i})
 * @param leaveStdinOpen keep stdin open when an attach connection ends (Docker's {@code StdinOnce=false})
 * @param logSizeMax rotate (truncate) the log beyond this many bytes; 0 for no limit
 */
public record CreateOptions(String id, String name, Spec spec, Path logPath, boolean stdin, boolean leaveStdinOpen, long logSizeMax) {
    public CreateOptions {
        ExecRoot.checkId(id, "container");
        if (spec == null) throw new IllegalArgumentException("a container needs a spec");
        if (name == null || name.isEmpty()) name = id;
        if (logPath == null || !logPath.isAbsolute()) throw new EngineException.InvalidArgument("the log path must be absolute: " + logPath);
        if (logPath.toString().contains(":")) throw new EngineException.InvalidArgument("the log path cannot contain ':' (conmon reads it as driver:path): " + logPath);
    }

    /** A container with the given spec and log, without stdin. */
    public static CreateOptions of(String id, Spec spec, Path logPath) {
        return new CreateOptions(id, id, spec, logPath, false, false, 0);
    }

    public CreateOptions withStdin(boolean open, boolean leaveOpen) {
        return new CreateOptions(id, name, spec, logPath, open, leaveOpen, logSizeMax);
    }
}
