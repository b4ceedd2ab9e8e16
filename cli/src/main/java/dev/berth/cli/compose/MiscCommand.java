package dev.berth.cli.compose;

import dev.berth.api.ContainerSummary;
import dev.berth.api.ContainerTopResponse;
import dev.berth.api.Filters;
import dev.berth.api.ImageInspect;
import dev.berth.api.Port;
import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.cli.Flag;
import dev.berth.cli.Flags;
import dev.berth.cli.Invocation;
import dev.berth.cli.format.TabWriter;
import dev.berth.cli.format.Units;
import dev.berth.client.ContainerListOptions;
import dev.berth.common.EngineException;
import dev.berth.compose.Compose;
import dev.berth.compose.model.Service;
import dev.berth.compose.plan.ComposeLabels;
import dev.berth.compose.plan.ContainerSpecs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The smaller compose commands: {@code images}, {@code port}, {@code top}, {@code ls}, {@code pull}, {@code push}, {@code build}. */
final class MiscCommand extends ComposeBase {
    private final String name;

    MiscCommand(ComposeOptions options, String name) {
        super(options);
        this.name = name;
    }

    @Override
    public Flags flags() {
        Flags f = new Flags();
        switch (name) {
            case "images" -> f.value(null, "format", Flag.Type.STRING, "Format the output. Values: [table | json]", "table")
                    .bool("q", "quiet", "Only display IDs").args(0, -1);
            case "port" -> f.value(null, "index", Flag.Type.INT, "Index of the container if service has multiple replicas")
                    .value(null, "protocol", Flag.Type.STRING, "tcp or udp", "tcp").args(2, 2);
            case "ls" -> f.bool("a", "all", "Show all stopped Compose projects")
                    .value(null, "filter", Flag.Type.FILTER, "Filter output based on conditions provided")
                    .value(null, "format", Flag.Type.STRING, "Format the output. Values: [table | json]", "table")
                    .bool("q", "quiet", "Only display project names").args(0, 0);
            case "pull" -> f.bool(null, "ignore-buildable", "Ignore images that can be built")
                    .bool(null, "ignore-pull-failures", "Pull what it can and ignores images with pull failures")
                    .bool(null, "include-deps", "Also pull services declared as dependencies")
                    .value(null, "policy", Flag.Type.STRING, "Apply pull policy (\"missing\"|\"always\")")
                    .bool("q", "quiet", "Pull without printing progress information").args(0, -1);
            case "push" -> f.bool(null, "ignore-push-failures", "Push what it can and ignores images with push failures")
                    .bool(null, "include-deps", "Also push images of services declared as dependencies")
                    .bool("q", "quiet", "Push without printing progress information").args(0, -1);
            case "build" -> f.value(null, "build-arg", Flag.Type.LIST, "Set build-time variables for services")
                    .bool(null, "no-cache", "Do not use cache when building the image")
                    .bool(null, "pull", "Always attempt to pull a newer version of the image")
                    .bool("q", "quiet", "Don't print anything to STDOUT").args(0, -1);
            default -> f.args(0, -1);
        }
        return f;
    }

    @Override
    public int run(CliContext ctx, Invocation in) {
        switch (name) {
            case "images" -> images(ctx, in);
            case "port" -> port(ctx, in);
            case "top" -> top(ctx, in);
            case "ls" -> ls(ctx, in);
            case "pull" -> compose(ctx, List.of()).pull(in.args(), in.bool("ignore-pull-failures"));
            case "push" -> compose(ctx, List.of()).push(in.args(), in.bool("ignore-push-failures"));
            case "build" -> build(ctx, in);
            default -> throw new CliException("unknown command " + name);
        }
        return 0;
    }

    private void build(CliContext ctx, Invocation in) {
        Compose compose = compose(ctx, in.args());
        List<String> names = in.args().isEmpty() ? List.copyOf(compose.project().services().keySet()) : in.args();
        for (String n : names) {
            Service s = compose.project().service(n);
            if (s.build() == null) continue;
            builder(ctx).build(compose.project(), s, ContainerSpecs.imageName(compose.project(), s));
        }
    }

    private void images(CliContext ctx, Invocation in) {
        Compose compose = existing(ctx);
        List<ContainerSummary> containers = compose.containers(in.args(), true, false);
        if (in.bool("quiet")) {
            for (ContainerSummary c : containers) ctx.out().println(c.imageId());
            return;
        }
        StringBuilder out = new StringBuilder();
        TabWriter w = new TabWriter(out, 0, 8, 3, ' ', false);
        w.write("CONTAINER\tREPOSITORY\tTAG\tIMAGE ID\tSIZE\n");
        for (ContainerSummary c : containers) {
            String repo = c.image();
            String tag = "latest";
            int colon = repo.lastIndexOf(':');
            if (colon > repo.lastIndexOf('/')) {
                tag = repo.substring(colon + 1);
                repo = repo.substring(0, colon);
            }
            String size = "";
            try {
                ImageInspect i = compose.client().inspectImage(c.imageId());
                size = Units.humanSize(i.size(), 3);
            } catch (EngineException.NotFound e) {
                // removed meanwhile
            }
            String id = c.imageId().startsWith("sha256:") ? c.imageId().substring(7, 19) : c.imageId();
            w.write(name(c) + "\t" + repo + "\t" + tag + "\t" + id + "\t" + size + "\n");
        }
        w.flush();
        ctx.out().print(out);
    }

    private void port(CliContext ctx, Invocation in) {
        Compose compose = compose(ctx, List.of());
        String service = in.args().get(0);
        String privatePort = in.args().get(1);
        String proto = in.string("protocol");
        int index = (int) in.integer("index", 1);
        compose.project().service(service);
        for (ContainerSummary c : compose.containers(List.of(service), false, false)) {
            if (!Integer.toString(index).equals(c.labels().get(ComposeLabels.CONTAINER_NUMBER))) continue;
            for (Port p : c.ports() == null ? List.<Port>of() : c.ports()) {
                if (Integer.toString(p.privatePort()).equals(privatePort) && proto.equals(p.type()) && p.publicPort() > 0) {
                    ctx.out().println((p.ip() == null || p.ip().isEmpty() ? "0.0.0.0" : p.ip()) + ":" + p.publicPort());
                    return;
                }
            }
            throw new CliException("no port " + privatePort + "/" + proto + " for container " + name(c));
        }
        throw new CliException("service \"" + service + "\" is not running");
    }

    private void top(CliContext ctx, Invocation in) {
        Compose compose = existing(ctx);
        StringBuilder out = new StringBuilder();
        boolean first = true;
        for (ContainerSummary c : compose.containers(in.args(), false, false)) {
            ContainerTopResponse top = compose.client().top(c.id(), List.of());
            if (!first) out.append('\n');
            first = false;
            out.append(name(c)).append('\n');
            TabWriter w = new TabWriter(out, 5, 1, 3, ' ', false);
            w.write(String.join("\t", top.titles() == null ? List.of() : top.titles())).write("\n");
            if (top.processes() != null) for (List<String> p : top.processes()) w.write(String.join("\t", p)).write("\n");
            w.flush();
        }
        ctx.out().print(out);
    }

    /** {@code ls}: projects found by the compose labels of all containers. */
    private void ls(CliContext ctx, Invocation in) {
        record ProjectRow(String name, Map<String, Integer> states, String files) {}
        Map<String, ProjectRow> projects = new TreeMap<>();
        for (ContainerSummary c : ctx.client().listContainers(new ContainerListOptions(true, 0, false,
                Filters.of(Map.of("label", List.of(ComposeLabels.PROJECT)))))) {
            String p = c.labels().get(ComposeLabels.PROJECT);
            ProjectRow row = projects.computeIfAbsent(p, k -> new ProjectRow(k, new TreeMap<>(),
                    c.labels().getOrDefault(ComposeLabels.CONFIG_FILES, "")));
            row.states().merge(c.state(), 1, Integer::sum);
        }
        List<String> filters = in.list("filter");
        List<ProjectRow> rows = new ArrayList<>();
        for (ProjectRow r : projects.values()) {
            if (!in.bool("all") && !r.states().containsKey("running")) continue;
            boolean ok = true;
            for (String f : filters) if (f.startsWith("name=") && !r.name().contains(f.substring(5))) ok = false;
            if (ok) rows.add(r);
        }
        if (in.bool("quiet")) {
            for (ProjectRow r : rows) ctx.out().println(r.name());
            return;
        }
        if ("json".equals(in.string("format"))) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < rows.size(); i++) {
                ProjectRow r = rows.get(i);
                sb.append(i == 0 ? "" : ",").append("{\"Name\":\"").append(r.name()).append("\",\"Status\":\"").append(status(r.states()))
                        .append("\",\"ConfigFiles\":\"").append(r.files().replace("\\", "\\\\").replace("\"", "\\\"")).append("\"}");
            }
            ctx.out().println(sb.append(']'));
            return;
        }
        StringBuilder out = new StringBuilder();
        TabWriter w = new TabWriter(out, 0, 8, 3, ' ', false);
        w.write("NAME\tSTATUS\tCONFIG FILES\n");
        for (ProjectRow r : rows) w.write(r.name() + "\t" + status(r.states()) + "\t" + r.files() + "\n");
        w.flush();
        ctx.out().print(out);
    }

    private static String status(Map<String, Integer> states) {
        List<String> parts = new ArrayList<>();
        states.forEach((s, n) -> parts.add(s + "(" + n + ")"));
        return String.join(", ", parts);
    }
}
