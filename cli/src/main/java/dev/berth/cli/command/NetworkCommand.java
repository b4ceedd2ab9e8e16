package dev.berth.cli.command;

import dev.berth.api.EndpointIpamConfig;
import dev.berth.api.EndpointSettings;
import dev.berth.api.Filters;
import dev.berth.api.NetworkConnectRequest;
import dev.berth.api.NetworkCreateRequest;
import dev.berth.api.NetworkPruneReport;
import dev.berth.api.NetworkResource;
import dev.berth.cli.BerthCommand;
import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.cli.Flag;
import dev.berth.cli.Flags;
import dev.berth.cli.Invocation;
import dev.berth.cli.format.FormatWriter;
import dev.berth.cli.template.TemplateObject;
import dev.berth.common.EngineException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code berth network create|ls|inspect|rm|prune|connect|disconnect} with docker's flags and output. */
public final class NetworkCommand implements BerthCommand {
    /** Which subcommand. */
    public enum Action { CREATE, LS, INSPECT, RM, PRUNE, CONNECT, DISCONNECT }

    static final String PRUNE_WARNING = "WARNING! This will remove all custom networks not used by at least one container.\n"
            + "Are you sure you want to continue?";
    private static final String DEFAULT_FORMAT = "table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}";
    private static final Map<String, String> HEADER = Map.of("ID", "NETWORK ID", "Name", "NAME", "Driver", "DRIVER",
            "Scope", "SCOPE", "IPv6", "IPV6", "Internal", "INTERNAL", "Labels", "LABELS", "CreatedAt", "CREATED");

    private final Action action;

    public NetworkCommand(Action action) {
        this.action = action;
    }

    @Override
    public Flags flags() {
        return switch (action) {
            case CREATE -> new Flags()
                    .bool(null, "attachable", "Enable manual container attachment")
                    .value("d", "driver", Flag.Type.STRING, "Driver to manage the Network")
                    .value(null, "gateway", Flag.Type.STRINGS, "IPv4 or IPv6 Gateway for the master subnet")
                    .bool(null, "internal", "Restrict external access to the network")
                    .value(null, "ip-range", Flag.Type.STRINGS, "Allocate container ip from a sub-range")
                    .bool(null, "ipv6", "Enable or disable IPv6 networking")
                    .value(null, "label", Flag.Type.LIST, "Set metadata on a network")
                    .value("o", "opt", Flag.Type.LIST, "Set driver specific options")
                    .value(null, "subnet", Flag.Type.STRINGS, "Subnet in CIDR format that represents a network segment")
                    .args(1, 1);
            case LS -> new Flags()
                    .value("f", "filter", Flag.Type.FILTER, "Provide filter values (e.g. \"driver=bridge\")")
                    .value(null, "format", Flag.Type.STRING, Help.FORMAT)
                    .bool(null, "no-trunc", "Do not truncate the output")
                    .bool("q", "quiet", "Only display network IDs")
                    .args(0, 0);
            case INSPECT -> new Flags()
                    .value("f", "format", Flag.Type.STRING, Help.INSPECT_FORMAT)
                    .bool("v", "verbose", "Verbose output for diagnostics")
                    .args(1, -1);
            case RM -> new Flags().bool("f", "force", "Do not error if the network does not exist").args(1, -1);
            case PRUNE -> new Flags()
                    .value(null, "filter", Flag.Type.FILTER, "Provide filter values (e.g. \"until=<timestamp>\")")
                    .bool("f", "force", "Do not prompt for confirmation")
                    .args(0, 0);
            case CONNECT -> new Flags()
                    .value(null, "alias", Flag.Type.STRINGS, "Add network-scoped alias for the container")
                    .value(null, "ip", Flag.Type.STRING, "IPv4 address (e.g., \"172.30.100.104\")")
                    .args(2, 2);
            case DISCONNECT -> new Flags().bool("f", "force", "Force the container to disconnect from a network").args(2, 2);
        };
    }

    @Override
    public int run(CliContext ctx, Invocation in) {
        return switch (action) {
            case CREATE -> create(ctx, in);
            case LS -> list(ctx, in);
            case INSPECT -> inspect(ctx, in);
            case RM -> remove(ctx, in);
            case PRUNE -> prune(ctx, in);
            case CONNECT, DISCONNECT -> connect(ctx, in);
        };
    }

    private static int create(CliContext ctx, Invocation in) {
        List<String> subnets = in.list("subnet");
        List<String> gateways = in.list("gateway");
        List<String> ranges = in.list("ip-range");
        if (gateways.size() > subnets.size() || ranges.size() > subnets.size()) {
            throw new CliException("no matching subnet for " + (gateways.size() > subnets.size() ? "gateway " + gateways.getLast()
                    : "range " + ranges.getLast()));
        }
        List<NetworkResource.IpamConfig> ipam = new ArrayList<>();
        for (int i = 0; i < subnets.size(); i++) {
            ipam.add(new NetworkResource.IpamConfig(subnets.get(i), i < ranges.size() ? ranges.get(i) : null,
                    i < gateways.size() ? gateways.get(i) : null));
        }
        String driver = in.string("driver");
        var request = new NetworkCreateRequest(in.args().getFirst(), true, driver == null || driver.isEmpty() ? "bridge" : driver,
                in.bool("internal"), in.bool("attachable"), false, new NetworkResource.Ipam("default", Map.of(), ipam),
                in.bool("ipv6"), KeyValues.parse(in.list("opt")), KeyValues.parse(in.list("label")));
        ctx.out().println(ctx.client().createNetwork(request).id());
        return 0;
    }

    private static int list(CliContext ctx, Invocation in) {
        Map<String, List<String>> f = FilterArgs.parse(in.list("filter"));
        List<NetworkResource> networks = new ArrayList<>(ctx.client().listNetworks(f.isEmpty() ? Filters.NONE : Filters.of(f)));
        networks.sort(Comparator.comparing(NetworkResource::name));
        String format = in.string("format");
        String source = format == null || format.isEmpty() || format.equals(FormatWriter.TABLE) ? DEFAULT_FORMAT : format;
        if (in.bool("quiet")) source = "{{.ID}}";
        boolean trunc = !in.bool("no-trunc");
        List<Row> rows = new ArrayList<>();
        for (NetworkResource n : networks) rows.add(new Row(n, trunc));
        ctx.out().print(FormatWriter.render(source, HEADER, rows));
        return 0;
    }

    private static int inspect(CliContext ctx, Invocation in) {
        KeyValues.inspect(ctx, in.string("format"), in.args(), ctx.client()::inspectNetworkRaw, raw -> null);
        return 0;
    }

    private static int remove(CliContext ctx, Invocation in) {
        List<String> errors = new ArrayList<>();
        for (String name : in.args()) {
            try {
                ctx.client().removeNetwork(name);
                ctx.out().println(name);
            } catch (EngineException.NotFound e) {
                if (!in.bool("force")) errors.add("Error response from daemon: " + e.getMessage());
            } catch (EngineException e) {
                errors.add("Error response from daemon: " + e.getMessage());
            }
        }
        if (errors.isEmpty()) return 0;
        for (String e : errors) ctx.err().println(e);
        throw new CliException("exit status 1"); // docker CLI 28's cli.StatusError without a message
    }

    private static int prune(CliContext ctx, Invocation in) {
        if (!in.bool("force") && !Prompt.confirm(ctx, PRUNE_WARNING)) return 0;
        Map<String, List<String>> f = FilterArgs.parse(in.list("filter"));
        NetworkPruneReport r = ctx.client().pruneNetworks(f.isEmpty() ? Filters.NONE : Filters.of(f));
        if (r.networksDeleted() != null && !r.networksDeleted().isEmpty()) {
            ctx.out().println("Deleted Networks:");
            for (String n : r.networksDeleted()) ctx.out().println(n);
        }
        return 0;
    }

    private int connect(CliContext ctx, Invocation in) {
        String network = in.args().get(0);
        String container = in.args().get(1);
        EndpointSettings endpoint = null;
        if (action == Action.CONNECT) {
            String ip = in.string("ip");
            List<String> aliases = in.list("alias");
            endpoint = EndpointSettings.requested(ip == null || ip.isEmpty() ? null : new EndpointIpamConfig(ip, null, null),
                    null, aliases.isEmpty() ? null : aliases, null, null);
        }
        ctx.client().connectNetwork(network, new NetworkConnectRequest(container, endpoint,
                action == Action.DISCONNECT ? in.bool("force") : null), action == Action.CONNECT);
        return 0;
    }

    /** One row of {@code network ls} (docker's {@code networkContext}). */
    private record Row(NetworkResource n, boolean trunc) implements TemplateObject {
        private static final List<String> FIELDS = List.of("CreatedAt", "Driver", "ID", "IPv6", "Internal", "Labels", "Name", "Scope");

        @Override
        public Object field(String name) {
            return switch (name) {
                case "ID" -> trunc ? n.id().substring(0, Math.min(12, n.id().length())) : n.id();
                case "Name" -> n.name();
                case "Driver" -> n.driver();
                case "Scope" -> n.scope();
                case "IPv6" -> Boolean.toString(n.enableIpv6());
                case "Internal" -> Boolean.toString(n.internal());
                case "CreatedAt" -> n.created();
                case "Labels" -> KeyValues.join(n.labels());
                default -> MISSING;
            };
        }

        @Override
        public List<String> fieldNames() {
            return FIELDS;
        }

        @Override
        public String typeName() {
            return "*formatter.networkContext";
        }

        @Override
        public boolean jsonEscapesHtml() {
            return true;
        }
    }
}
