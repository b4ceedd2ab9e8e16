package dev.berth.cli;

import dev.berth.client.DockerClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs {@link Berth} in-process against a {@link FakeTransport}, capturing output, at a fixed time in UTC. */
public final class CliRunner {
    /** What a run printed and returned. */
    public record Result(int status, String out, String err) {}

    private final FakeTransport transport;
    private final Instant now;
    private byte[] stdin = new byte[0];
    private boolean inTerminal;
    private boolean outTerminal;
    private dev.berth.cli.terminal.Terminal terminal;
    private dev.berth.client.transport.Transport transportOverride;
    private final Map<String, String> env = new HashMap<>();
    private final List<String> hosts = new ArrayList<>();

    public CliRunner(FakeTransport transport, Instant now) {
        this.transport = transport;
        this.now = now;
    }

    public CliRunner stdin(String s) {
        stdin = s.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    public CliRunner stdin(byte[] b) {
        stdin = b;
        return this;
    }

    public CliRunner terminal(boolean in, boolean out) {
        inTerminal = in;
        outTerminal = out;
        return this;
    }

    /** A terminal (usually a fake) for commands that use one; none by default. */
    public CliRunner terminal(dev.berth.cli.terminal.Terminal t) {
        terminal = t;
        return this;
    }

    /** Talks to this transport instead of the fake daemon (e.g. a replaying one). */
    public CliRunner transport(dev.berth.client.transport.Transport t) {
        transportOverride = t;
        return this;
    }

    public CliRunner env(String k, String v) {
        env.put(k, v);
        return this;
    }

    /** The hosts clients were opened for, in order. */
    public List<String> hosts() {
        return hosts;
    }

    public Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Streams streams = new Streams(new ByteArrayInputStream(stdin), new PrintStream(out, false, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), inTerminal, outTerminal, terminal);
        ClientFactory clients = host -> {
            hosts.add(host);
            return new DockerClient(transportOverride != null ? transportOverride : transport, host);
        };
        int status = new Berth(streams, env::get, clients, () -> now, ZoneOffset.UTC).run(args);
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Splits a command line the way a POSIX shell would for simple cases (single and double quotes). */
    public static String[] words(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
                else cur.append(c);
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == ' ') {
                if (inWord) out.add(cur.toString());
                cur.setLength(0);
                inWord = false;
            } else {
                cur.append(c);
                inWord = true;
            }
        }
        if (inWord) out.add(cur.toString());
        return out.toArray(String[]::new);
    }
}
