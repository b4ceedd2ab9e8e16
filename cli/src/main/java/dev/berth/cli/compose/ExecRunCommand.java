package dev.berth.cli.compose;

import dev.berth.api.ContainerSummary;
import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.cli.Flag;
import dev.berth.cli.Flags;
import dev.berth.cli.Invocation;
import dev.berth.cli.Invocations;
import dev.berth.cli.command.ExecCommand;
import dev.berth.cli.command.StartCommand;
import dev.berth.compose.Compose;
import dev.berth.compose.plan.ComposeLabels;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code berth compose exec SERVICE COMMAND} (in the service's running container, by {@code --index}) and
 * {@code berth compose run SERVICE [COMMAND]} (a one-off container of the service, its dependencies up first,
 * attached unless {@code -d}, removed after with {@code --rm}).
 */
final class ExecRunCommand extends ComposeBase {
    private final boolean run;

    ExecRunCommand(ComposeOptions options, boolean run) {
        super(options);
        this.run = run;
    }

    @Override
    public Flags flags() {
        Flags f = new Flags().bool("d", "detach", run ? "Run container in background and print container ID" : "Detached mode: Run command in the background")
                .value("e", "env", Flag.Type.LIST, "Set environment variables");
        if (run) {
            f.value(null, "entrypoint", Flag.Type.STRING, "Override the entrypoint of the image")
                    .boolDefaultTrue("i", "interactive", "Keep STDIN open even if not attached")
                    .value("l", "label", Flag.Type.LIST, "Add or override a label")
                    .value(null, "name", Flag.Type.STRING, "Assign a name to the container")
                    .bool("T", "no-TTY", "Disable pseudo-TTY allocation (default: auto-detected)")
                    .bool(null, "no-deps", "Don't start linked services")
                    .value("p", "publish", Flag.Type.LIST, "Publish a container's port(s) to the host")
                    .bool(null, "quiet-pull", "Pull without printing progress information")
                    .bool(null, "remove-orphans", "Remove containers for services not defined in the Compose file")
                    .bool(null, "rm", "Automatically remove the container when it exits")
                    .bool("P", "service-ports", "Run command with all service's ports enabled and mapped to the host")
                    .bool(null, "use-aliases", "Use the service's network useAliases in the network(s) the container connects to")
                    .value("u", "user", Flag.Type.STRING, "Run as specified username or uid")
                    .value("v", "volume", Flag.Type.LIST, "Bind mount a volume")
                    .value("w", "workdir", Flag.Type.STRING, "Working directory inside the container");
        } else {
            f.value(null, "index", Flag.Type.INT, "Index of the container if service has multiple replicas", "1")
                    .bool("T", "no-TTY", "Disable pseudo-TTY allocation. By default `docker compose exec` allocates a TTY.")
                    .bool(null, "privileged", "Give extended privileges to the process")
                    .value("u", "user", Flag.Type.STRING, "Run the command as this user")
                    .value("w", "workdir", Flag.Type.STRING, "Path to workdir directory for this command");
        }
        return f.args(run ? 1 : 2, -1);
    }

    @Override
    public int run(CliContext ctx, Invocation in) throws Exception {
        return run ? oneOff(ctx, in) : exec(ctx, in);
    }

    private int exec(CliContext ctx, Invocation in) throws Exception {
        Compose compose = compose(ctx, List.of());
        String service = in.args().get(0);
        compose.project().service(service);
        String index = Long.toString(in.integer("index", 1));
        String id = null;
        for (ContainerSummary c : compose.containers(List.of(service), false, false)) {
            if (index.equals(c.labels().get(ComposeLabels.CONTAINER_NUMBER))) id = c.id();
        }
        if (id == null) throw new CliException("service \"" + service + "\" is not running");
        List<String> args = new ArrayList<>();
        if (in.bool("detach")) args.add("-d");
        else args.add("-i");
        if (!in.bool("detach") && !in.bool("no-TTY") && ctx.streams().inIsTerminal()) args.add("-t");
        for (String e : in.list("env")) args.addAll(List.of("-e", e));
        if (in.string("user") != null) args.addAll(List.of("-u", in.string("user")));
        if (in.string("workdir") != null) args.addAll(List.of("-w", in.string("workdir")));
        if (in.bool("privileged")) args.add("--privileged");
        args.add(id);
        args.addAll(in.args().subList(1, in.args().size()));
        ExecCommand exec = new ExecCommand();
        return exec.run(ctx, Invocations.parse(exec.flags(), args, false));
    }

    private int oneOff(CliContext ctx, Invocation in) throws Exception {
        String service = in.args().get(0);
        Compose compose = compose(ctx, List.of(service));
        compose.project().service(service);
        List<String> command = in.args().subList(1, in.args().size());
        boolean detach = in.bool("detach");
        boolean tty = !in.bool("no-TTY") && ctx.streams().inIsTerminal() && !detach;
        boolean interactive = in.bool("interactive") && !detach;
        String name = in.string("name") != null ? in.string("name")
                : compose.project().name() + "-" + service + "-run-" + HexFormat.of().formatHex(random(6));
        Map<String, String> env = new LinkedHashMap<>();
        for (String e : in.list("env")) {
            int eq = e.indexOf('=');
            if (eq < 0) {
                String v = ctx.env(e);
                if (v != null) env.put(e, v);
            } else {
                env.put(e.substring(0, eq), e.substring(eq + 1));
            }
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (String l : in.list("label")) {
            int eq = l.indexOf('=');
            labels.put(eq < 0 ? l : l.substring(0, eq), eq < 0 ? "" : l.substring(eq + 1));
        }
        String id = compose.createOneOff(service, in.bool("no-deps"), name, c -> {
            if (!command.isEmpty()) c.put("Cmd", command);
            if (in.string("entrypoint") != null) c.put("Entrypoint", dev.berth.compose.model.ShellWords.split(in.string("entrypoint"),
                    dev.berth.compose.model.TreePath.of("entrypoint")));
            if (in.string("user") != null) c.put("User", in.string("user"));
            if (in.string("workdir") != null) c.put("WorkingDir", in.string("workdir"));
            c.put("Tty", tty);
            c.put("OpenStdin", interactive);
            c.put("AttachStdin", interactive);
            c.put("StdinOnce", interactive);
            @SuppressWarnings("unchecked")
            List<String> e = new ArrayList<>((List<String>) c.getOrDefault("Env", List.of()));
            env.forEach((k, v) -> {
                e.removeIf(x -> x.equals(k) || x.startsWith(k + "="));
                e.add(k + "=" + v);
            });
            c.put("Env", e);
            @SuppressWarnings("unchecked")
            Map<String, String> l = new java.util.TreeMap<>((Map<String, String>) c.get("Labels"));
            l.putAll(labels);
            c.put("Labels", l);
            @SuppressWarnings("unchecked")
            Map<String, Object> h = (Map<String, Object>) c.get("HostConfig");
            if (!in.bool("service-ports")) h.remove("PortBindings");
            for (String p : in.list("publish")) addPublish(h, c, p);
            if (in.bool("rm")) h.put("AutoRemove", true);
            List<String> binds = new ArrayList<>();
            @SuppressWarnings("unchecked")
            List<String> old = (List<String>) h.get("Binds");
            if (old != null) binds.addAll(old);
            for (String v : in.list("volume")) binds.add(v);
            if (!binds.isEmpty()) h.put("Binds", binds);
            if (!in.bool("use-aliases") && c.get("NetworkingConfig") instanceof Map<?, ?> nc && nc.get("EndpointsConfig") instanceof Map<?, ?> eps) {
                for (Object ep : eps.values()) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> m = (Map<String, Object>) ep;
                    m.put("Aliases", List.of(name));
                }
            }
        });
        if (detach) {
            compose.client().startContainer(id);
            ctx.out().println(name);
            return 0;
        }
        List<String> args = new ArrayList<>(List.of("-a"));
        if (interactive) args.add("-i");
        args.add(id);
        StartCommand start = new StartCommand();
        return start.run(ctx, Invocations.parse(start.flags(), args));
    }

    /** {@code -p [ip:]host:container[/proto]} of {@code run}. */
    @SuppressWarnings("unchecked")
    private static void addPublish(Map<String, Object> h, Map<String, Object> c, String spec) {
        String proto = "tcp";
        String s = spec;
        int slash = s.lastIndexOf('/');
        if (slash >= 0) {
            proto = s.substring(slash + 1);
            s = s.substring(0, slash);
        }
        String[] parts = s.split(":");
        String container = parts[parts.length - 1];
        String host = parts.length >= 2 ? parts[parts.length - 2] : "";
        String ip = parts.length >= 3 ? parts[0] : "";
        Map<String, Object> bindings = new LinkedHashMap<>((Map<String, Object>) h.getOrDefault("PortBindings", Map.of()));
        bindings.put(container + "/" + proto, List.of(Map.of("HostIp", ip, "HostPort", host)));
        h.put("PortBindings", bindings);
        Map<String, Object> exposed = new LinkedHashMap<>((Map<String, Object>) c.getOrDefault("ExposedPorts", Map.of()));
        exposed.put(container + "/" + proto, Map.of());
        c.put("ExposedPorts", exposed);
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new java.security.SecureRandom().nextBytes(b);
        return b;
    }
}
