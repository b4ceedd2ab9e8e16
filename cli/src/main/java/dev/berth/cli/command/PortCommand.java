package dev.berth.cli.command;

import dev.berth.api.ContainerInspect;
import dev.berth.api.PortBinding;
import dev.berth.cli.BerthCommand;
import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.cli.Flags;
import dev.berth.cli.Invocation;
import dev.berth.cli.run.GoParse;
import dev.berth.cli.run.IpAddr;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code berth port CONTAINER [PRIVATE_PORT[/PROTO]]}: published ports, from the container's inspect. */
public final class PortCommand implements BerthCommand {
    static final Flags FLAGS = new Flags().args(1, 2);

    @Override
    public Flags flags() {
        return FLAGS;
    }

    @Override
    public int run(CliContext ctx, Invocation in) {
        String name = in.args().get(0);
        ContainerInspect c = ctx.client().inspectContainer(name, false);
        Map<String, List<PortBinding>> ports = c.networkSettings() == null || c.networkSettings().ports() == null
                ? Map.of() : c.networkSettings().ports();
        List<String> out = new ArrayList<>();
        if (in.args().size() > 1) {
            String spec = in.args().get(1);
            int slash = spec.indexOf('/');
            String port = slash < 0 ? spec : spec.substring(0, slash);
            String proto = slash < 0 ? "tcp" : spec.substring(slash + 1);
            if (proto.isEmpty()) proto = "tcp";
            try {
                GoParse.parseUint(port, 10, 16);
            } catch (IllegalArgumentException e) {
                throw new CliException("Error: invalid port (" + port + "): " + e.getMessage());
            }
            List<PortBinding> frontends = ports.get(port + "/" + proto);
            if (frontends == null || frontends.isEmpty()) {
                throw new CliException("Error: No public port '" + spec + "' published for " + name);
            }
            for (PortBinding b : frontends) out.add(IpAddr.joinHostPort(nz(b.hostIp()), nz(b.hostPort())));
        } else {
            for (Map.Entry<String, List<PortBinding>> e : ports.entrySet()) {
                if (e.getValue() == null) continue;
                for (PortBinding b : e.getValue()) {
                    out.add(e.getKey() + " -> " + IpAddr.joinHostPort(nz(b.hostIp()), nz(b.hostPort())));
                }
            }
        }
        if (!out.isEmpty()) {
            NaturalOrder.sort(out);
            ctx.out().println(String.join("\n", out));
        }
        return 0;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
