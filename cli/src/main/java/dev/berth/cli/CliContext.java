package dev.berth.cli;

import dev.berth.client.DockerClient;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What a command may use: the streams, the daemon client (opened on first use), the global
 * options, the environment, the clock and time zone (fixed in tests), and the build information.
 */
public final class CliContext implements AutoCloseable {
    private final Streams streams;
    private final GlobalOptions globals;
    private final Function<String, String> env;
    private final ClientFactory clients;
    private final Supplier<Instant> clock;
    private ZoneId zone;
    private final BuildInfo build;
    private final String commandPath;
    private DockerClient client;

    public CliContext(Streams streams, GlobalOptions globals, Function<String, String> env, ClientFactory clients,
                      Supplier<Instant> clock, ZoneId zone, BuildInfo build, String commandPath) {
        this.commandPath = commandPath;
        this.streams = streams;
        this.globals = globals;
        this.env = env;
        this.clients = clients;
        this.clock = clock;
        this.zone = zone;
        this.build = build;
    }

    /** The daemon client, connected to {@link #host()}. */
    public DockerClient client() {
        if (client == null) client = clients.open(host());
        return client;
    }

    /** The daemon address from {@code -H}, {@code BERTH_HOST}, {@code DOCKER_HOST} or the default. */
    public String host() {
        return globals.host(env);
    }

    public PrintStream out() {
        return streams.out();
    }

    public PrintStream err() {
        return streams.err();
    }

    public InputStream in() {
        return streams.in();
    }

    public Streams streams() {
        return streams;
    }

    public GlobalOptions globals() {
        return globals;
    }

    public String env(String name) {
        return env.apply(name);
    }

    /** The environment as a function (null for unset variables). */
    public Function<String, String> envFunction() {
        return env;
    }

    /** The terminal stdin or stdout is, or null when neither is one. */
    public dev.berth.cli.terminal.Terminal terminal() {
        return streams.terminal();
    }

    /** The directory relative paths are resolved against (the process's working directory). */
    public java.nio.file.Path cwd() {
        return java.nio.file.Path.of(System.getProperty("user.dir"));
    }

    public Instant now() {
        return clock.get();
    }

    /** The local time zone (the system's unless fixed, e.g. in tests). */
    public ZoneId zone() {
        if (zone == null) zone = ZoneId.systemDefault();
        return zone;
    }

    public BuildInfo build() {
        return build;
    }

    /** How the command was called, e.g. {@code berth images} or {@code berth image ls}. */
    public String commandPath() {
        return commandPath;
    }

    @Override
    public void close() {
        if (client != null) client.close();
    }
}
