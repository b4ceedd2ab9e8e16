package dev.berth.runtime.conmon;

import java.nio.file.Path;

/**
 * Where one exec session's files are: conmon runs it with this directory as its "bundle", so it
 * has its own attach socket and control fifos.
 *
 * <pre>
 * process.json    the process spec ({@code runc exec --process})
 * pidfile         the exec'd process's host pid
 * conmon.pid      the exec's conmon
 * attach, ctl     attach socket and control fifo
 * runtime.log     the runtime's JSON log
 * exit/&lt;container id&gt;  the exit code (conmon names exit files after the container)
 * persist/exit    the exit code again
 * </pre>
 */
public record ExecPaths(String containerId, String execId, Path dir) {
    public Path processSpec() { return dir.resolve("process.json"); }
    public Path pidFile() { return dir.resolve("pidfile"); }
    public Path conmonPidFile() { return dir.resolve("conmon.pid"); }
    public Path attachSocket() { return dir.resolve("attach"); }
    public Path ctlFifo() { return dir.resolve("ctl"); }
    public Path runtimeLog() { return dir.resolve("runtime.log"); }
    public Path exitDir() { return dir.resolve("exit"); }
    public Path exitFile() { return exitDir().resolve(containerId); }
    public Path persistDir() { return dir.resolve("persist"); }
}
