package dev.berth.cli;

import java.util.List;
import java.util.function.Function;

/** The options before the command name, as docker's root command has them. */
public final class GlobalOptions {
    /** The daemon address used when neither {@code -H} nor an environment variable gives one. */
    public static final String DEFAULT_HOST = "unix:///run/berth/berth.sock";

    static final Flags FLAGS = new Flags()
            .value(null, "config", Flag.Type.STRING, "Location of client config files (default \"~/.docker\")")
            .value("c", "context", Flag.Type.STRING,
                    "Name of the context to use to connect to the daemon (overrides BERTH_HOST env var and default context)")
            .bool("D", "debug", "Enable debug mode")
            .value("H", "host", Flag.Type.LIST, "Daemon socket to connect to")
            .value("l", "log-level", Flag.Type.STRING,
                    "Set the logging level (\"debug\", \"info\", \"warn\", \"error\", \"fatal\")", "info")
            .bool(null, "tls", "Use TLS; implied by --tlsverify")
            .value(null, "tlscacert", Flag.Type.STRING, "Trust certs signed only by this CA")
            .value(null, "tlscert", Flag.Type.STRING, "Path to TLS certificate file")
            .value(null, "tlskey", Flag.Type.STRING, "Path to TLS key file")
            .bool(null, "tlsverify", "Use TLS and verify the remote")
            .bool("v", "version", "Print version information and quit")
            .args(0, -1);

    private final Invocation in;

    GlobalOptions(Invocation in) {
        this.in = in;
    }

    /** Options as if none were given. */
    static GlobalOptions none() {
        try {
            return new GlobalOptions(FlagParser.parse(FLAGS, List.of(), false).invocation());
        } catch (FlagParser.FlagError e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The daemon address: {@code -H} (the last one given), else {@code BERTH_HOST}, else
     * {@code DOCKER_HOST}, else {@link #DEFAULT_HOST}.
     */
    public String host(Function<String, String> env) {
        List<String> hosts = in.list("host");
        if (!hosts.isEmpty()) return hosts.get(hosts.size() - 1);
        String h = env.apply("BERTH_HOST");
        if (h != null && !h.isEmpty()) return h;
        h = env.apply("DOCKER_HOST");
        if (h != null && !h.isEmpty()) return h;
        return DEFAULT_HOST;
    }

    /**
     * The client config directory, shared with the docker CLI: {@code --config}, else
     * {@code DOCKER_CONFIG}, else {@code ~/.docker}.
     */
    public java.nio.file.Path configDir(Function<String, String> env) {
        String dir = in.string("config");
        if (dir == null || dir.isEmpty()) dir = env.apply("DOCKER_CONFIG");
        if (dir != null && !dir.isEmpty()) return java.nio.file.Path.of(dir);
        String home = env.apply("HOME");
        if (home == null || home.isEmpty()) home = System.getProperty("user.home");
        return java.nio.file.Path.of(home, ".docker");
    }

    public boolean debug() {
        return in.bool("debug");
    }

    boolean version() {
        return in.bool("version");
    }
}
