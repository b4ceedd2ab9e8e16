package dev.berth.runtime;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.EngineException;
import dev.berth.common.Commands;
import dev.berth.runtime.spec.Resources;
import dev.berth.runtime.spec.SpecJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link OciRuntime} through the command line of runc, or of any runtime with runc's CLI (crun):
 * {@code <binary> --root=<root> --log-format=json <command> ...}. cgroups are managed by the
 * runtime itself in cgroupfs mode ({@code --systemd-cgroup} is never passed). Errors come from the
 * runtime's JSON log lines on stderr.
 */
public final class RuncRuntime implements OciRuntime {
    private static final List<String> SEARCH_PATH = List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin");

    private final Path binary;
    private final Path root;
    private final Duration timeout;

    /**
     * @param binary the runtime executable
     * @param root the state directory for this daemon's containers (created by the runtime)
     * @param timeout how long one command may take before it counts as hung
     */
    public RuncRuntime(Path binary, Path root, Duration timeout) {
        this.binary = binary.toAbsolutePath();
        this.root = root.toAbsolutePath().normalize();
        this.timeout = timeout;
    }

    /**
     * Finds a runtime by name on the PATH (and the usual sbin directories) or takes a path as is,
     * with a 2-minute command timeout.
     *
     * @throws EngineException.FailedPrecondition if it is not an executable file
     */
    public static RuncRuntime find(String nameOrPath, Path root) {
        return new RuncRuntime(resolveExecutable(nameOrPath, "OCI runtime"), root, Duration.ofMinutes(2));
    }

    /** Resolves a program by name (PATH, then the sbin and bin directories) or takes a path. */
    public static Path resolveExecutable(String nameOrPath, String what) {
        if (nameOrPath.contains("/")) {
            Path p = Path.of(nameOrPath).toAbsolutePath();
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return p;
            throw new EngineException.FailedPrecondition(what + " " + p + " is not an executable file");
        }
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) dirs.addAll(List.of(path.split(":")));
        dirs.addAll(SEARCH_PATH);
        for (String d : dirs) {
            if (d.isEmpty()) continue;
            Path p = Path.of(d, nameOrPath);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return p;
        }
        throw new EngineException.FailedPrecondition(what + " \"" + nameOrPath + "\" is not installed: not found in " + String.join(":", dirs));
    }

    @Override public String name() { return binary.getFileName().toString(); }
    @Override public Path binary() { return binary; }
    @Override public Path root() { return root; }

    @Override
    public List<String> globalArgs() {
        return List.of("--root=" + root, "--log-format=json");
    }

    /** The JSON {@code runc state} prints. */
    private record StateJson(String id, int pid, String status, String bundle, String created, Map<String, String> annotations) {
        ContainerState toState() {
            return new ContainerState(id, ContainerStatus.parse(status), pid, bundle,
                    created == null ? null : java.time.OffsetDateTime.parse(created).toInstant(), annotations);
        }
    }

    @Override
    public Optional<ContainerState> state(String id) {
        Commands.Result r = run(List.of("state", id), null);
        if (r.exitCode() != 0) {
            String message = errorMessage(r);
            if (isNotFound(message)) return Optional.empty();
            throw failure("state", id, message);
        }
        return Optional.of(SpecJson.read(r.stdout(), StateJson.class, name() + " state of " + id).toState());
    }

    @Override
    public List<ContainerState> list() {
        Commands.Result r = check(run(List.of("list", "--format", "json"), null), "list", "");
        List<StateJson> states;
        try {
            states = SpecJson.mapper().readValue(r.stdout(), new TypeReference<List<StateJson>>() {});
        } catch (IOException e) {
            throw new EngineException.Unavailable(name() + " list printed something that is not a list of states: " + e.getMessage(), e);
        }
        return states == null ? List.of() : states.stream().map(StateJson::toState).toList();
    }

    @Override
    public void start(String id) {
        check(run(List.of("start", id), null), "start", id);
    }

    @Override
    public void kill(String id, String signal, boolean all) {
        List<String> args = new ArrayList<>(List.of("kill"));
        if (all) args.add("--all");
        args.add(id);
        args.add(signal);
        Commands.Result r = run(args, null);
        if (r.exitCode() != 0 && errorMessage(r).contains("container not running")) {
            // it exited between the caller's look and the signal: nothing left to signal, as for a deleted one
            throw new EngineException.NotFound("container " + id + " is not running any more: " + errorMessage(r));
        }
        check(r, "kill", id);
    }

    @Override
    public void delete(String id, boolean force) {
        Commands.Result r = run(force ? List.of("delete", "--force", id) : List.of("delete", id), null);
        if (r.exitCode() != 0) {
            String message = errorMessage(r);
            if (force && isNotFound(message)) return; // already gone: what a forced delete wants
            throw failure("delete", id, message);
        }
    }

    @Override
    public void pause(String id) {
        check(run(List.of("pause", id), null), "pause", id);
    }

    @Override
    public void resume(String id) {
        check(run(List.of("resume", id), null), "resume", id);
    }

    @Override
    public void update(String id, Resources resources) {
        check(run(List.of("update", "--resources", "-", id), SpecJson.writeCompact(resources)), "update", id);
    }

    @Override
    public List<Long> ps(String id) {
        Commands.Result r = check(run(List.of("ps", "--format", "json", id), null), "ps", id);
        try {
            List<Long> pids = SpecJson.mapper().readValue(r.stdout(), new TypeReference<List<Long>>() {});
            return pids == null ? List.of() : List.copyOf(pids);
        } catch (IOException e) {
            throw new EngineException.Unavailable(name() + " ps printed something that is not a list of pids: " + e.getMessage(), e);
        }
    }

    private Commands.Result run(List<String> command, byte[] stdin) {
        List<String> argv = new ArrayList<>();
        argv.add(binary.toString());
        argv.addAll(globalArgs());
        argv.addAll(command);
        return Commands.run(argv, stdin, timeout);
    }

    private Commands.Result check(Commands.Result r, String command, String id) {
        if (r.exitCode() != 0) throw failure(command, id, errorMessage(r));
        return r;
    }

    private EngineException failure(String command, String id, String message) {
        if (isNotFound(message)) {
            return new EngineException.NotFound("container " + id + " does not exist in " + name() + " (state in " + root + ")");
        }
        return new EngineException.FailedPrecondition(name() + " " + command + (id.isEmpty() ? "" : " " + id) + " failed: " + message);
    }

    private static boolean isNotFound(String message) {
        return message.contains("does not exist") || message.contains("container not found");
    }

    /**
     * The runtime's error text: the {@code msg} of its JSON log lines on stderr (runc
     * {@code --log-format=json}), else stderr as it is, else the exit code.
     */
    static String errorMessage(Commands.Result r) {
        List<String> messages = new ArrayList<>();
        for (String line : r.stderr().split("\n")) {
            String t = line.trim();
            if (t.isEmpty()) continue;
            if (t.startsWith("{")) {
                try {
                    JsonNode n = SpecJson.mapper().readTree(t);
                    String level = n.path("level").asText("error");
                    if (n.hasNonNull("msg") && (level.equals("error") || level.equals("fatal") || level.equals("panic"))) {
                        messages.add(n.get("msg").asText());
                        continue;
                    }
                    if (n.hasNonNull("msg")) continue; // warnings and debug lines
                } catch (IOException notJson) {
                    // fall through: keep the line as text
                }
            }
            messages.add(t);
        }
        if (messages.isEmpty()) return "exit status " + r.exitCode();
        return String.join("; ", messages);
    }
}
