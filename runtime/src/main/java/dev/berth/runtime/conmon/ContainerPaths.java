package dev.berth.runtime.conmon;

import java.nio.file.Path;

/**
 * Where one container's runtime files are. The container directory is the OCI bundle and
 * conmon's working directory:
 *
 * <pre>
 * config.json     the spec
 * pidfile         the init process's host pid (written by the runtime)
 * conmon.pid      conmon's pid (written by conmon)
 * attach          conmon's attach socket (SOCK_SEQPACKET, {@code --full-attach})
 * ctl, winsz      conmon's control fifos: resize ({@code "1 <height> <width>\n"}), log reopen
 * runtime.log     the runtime's JSON log
 * persist/exit    the exit code (conmon {@code --persist-dir})
 * persist/oom     present if the kernel OOM-killed a process of the container
 * exec/&lt;exec id&gt;/ one exec session: see {@link ExecPaths}
 * </pre>
 * The exit code is also written to {@code <exec root>/exits/<id>}, the file berth watches.
 *
 * @param id the container id
 * @param dir the container directory (bundle)
 * @param exitDir the exec root's shared exit directory
 */
public record ContainerPaths(String id, Path dir, Path exitDir) {
    public Path bundle() { return dir; }
    public Path config() { return dir.resolve("config.json"); }
    public Path pidFile() { return dir.resolve("pidfile"); }
    public Path conmonPidFile() { return dir.resolve("conmon.pid"); }
    public Path attachSocket() { return dir.resolve("attach"); }
    public Path ctlFifo() { return dir.resolve("ctl"); }
    public Path runtimeLog() { return dir.resolve("runtime.log"); }
    public Path persistDir() { return dir.resolve("persist"); }
    public Path oomFile() { return persistDir().resolve("oom"); }
    public Path exitFile() { return exitDir.resolve(id); }
    public Path persistedExitFile() { return persistDir().resolve("exit"); }
    public Path execsDir() { return dir.resolve("exec"); }

    /** The paths of one exec session of this container. */
    public ExecPaths exec(String execId) {
        ExecRoot.checkId(execId, "exec");
        return new ExecPaths(id, execId, execsDir().resolve(execId));
    }
}
