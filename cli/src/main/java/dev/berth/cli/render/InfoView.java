package dev.berth.cli.render;

import dev.berth.api.InfoResponse;
import dev.berth.cli.BuildInfo;
import dev.berth.cli.format.Units;
import dev.berth.cli.template.StructObject;
import dev.berth.cli.template.Values;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** {@code berth info}: docker's pretty layout, and the data {@code --format} templates run on. */
public final class InfoView {
    private InfoView() {}

    /** The {@code ClientInfo} part. */
    public static StructObject clientInfo(BuildInfo build, String context, boolean debug) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Debug", debug);
        m.put("Version", build.version());
        m.put("DefaultAPIVersion", dev.berth.client.DockerClient.API_VERSION);
        m.put("GitCommit", build.commit());
        m.put("GoVersion", System.getProperty("java.runtime.version", ""));
        m.put("Os", System.getProperty("os.name", "linux").toLowerCase());
        m.put("Arch", VersionView.goArch(System.getProperty("os.arch", "")));
        m.put("BuildTime", "");
        m.put("Context", context);
        m.put("Plugins", List.of());
        m.put("Warnings", Values.NIL_LIST);
        return new StructObject("*system.clientInfo", m, Set.of("BuildTime"), false);
    }

    /** The value templates see: the server's fields at top level, plus {@code ClientInfo}. */
    public static StructObject data(InfoResponse info, StructObject clientInfo) {
        StructObject server = info == null ? TemplateData.zero(InfoResponse.class) : (StructObject) TemplateData.fromRecord(info);
        return new StructObject("system.dockerInfo", server.values(), server.omitEmpty(), false).with("ClientInfo", clientInfo);
    }

    /** The client section, as printed before the server is asked. */
    public static String client(StructObject clientInfo) {
        StringBuilder sb = new StringBuilder("Client:\n");
        String version = (String) clientInfo.field("Version");
        if (!version.isEmpty()) sb.append(" Version:    ").append(version).append('\n');
        sb.append(" Context:    ").append(clientInfo.field("Context")).append('\n');
        sb.append(" Debug Mode: ").append(clientInfo.field("Debug")).append('\n');
        return sb.toString();
    }

    /** docker's {@code prettyPrintServerInfo}. Warnings are returned in {@code warnings} for stderr. */
    public static String server(InfoResponse i, boolean debug, List<String> warnings) {
        StringBuilder o = new StringBuilder();
        line(o, " Containers:", i.containers());
        line(o, "  Running:", i.containersRunning());
        line(o, "  Paused:", i.containersPaused());
        line(o, "  Stopped:", i.containersStopped());
        line(o, " Images:", i.images());
        nonEmpty(o, " Server Version:", i.serverVersion());
        nonEmpty(o, " Storage Driver:", i.driver());
        if (i.driverStatus() != null) {
            for (List<String> pair : i.driverStatus()) {
                if (pair.size() >= 2) o.append("  ").append(pair.get(0)).append(": ").append(pair.get(1)).append('\n');
            }
        }
        nonEmpty(o, " Logging Driver:", i.loggingDriver());
        nonEmpty(o, " Cgroup Driver:", i.cgroupDriver());
        nonEmpty(o, " Cgroup Version:", i.cgroupVersion());
        Map<String, List<String>> plugins = i.plugins() == null ? Map.of() : i.plugins();
        o.append(" Plugins:\n");
        line(o, "  Volume:", String.join(" ", plugins.getOrDefault("Volume", List.of())));
        line(o, "  Network:", String.join(" ", plugins.getOrDefault("Network", List.of())));
        List<String> authz = plugins.getOrDefault("Authorization", List.of());
        if (authz != null && !authz.isEmpty()) line(o, "  Authorization:", String.join(" ", authz));
        line(o, "  Log:", String.join(" ", plugins.getOrDefault("Log", List.of())));
        Map<String, Object> swarm = i.swarm() == null ? Map.of() : i.swarm();
        String nodeState = String.valueOf(swarm.getOrDefault("LocalNodeState", ""));
        line(o, " Swarm:", nodeState);
        if (!nodeState.equals("inactive") && !nodeState.equals("locked") && !nodeState.isEmpty()) {
            line(o, "  NodeID:", String.valueOf(swarm.getOrDefault("NodeID", "")));
            line(o, "  Is Manager:", swarm.getOrDefault("ControlAvailable", false));
            line(o, "  Node Address:", String.valueOf(swarm.getOrDefault("NodeAddr", "")));
        }
        if (i.runtimes() != null && !i.runtimes().isEmpty()) {
            line(o, " Runtimes:", String.join(" ", new TreeSet<>(i.runtimes().keySet())));
            line(o, " Default Runtime:", nz(i.defaultRuntime()));
        }
        if ("linux".equals(i.osType())) {
            line(o, " Init Binary:", nz(i.initBinary()));
            line(o, " containerd version:", "");
            line(o, " runc version:", "");
            line(o, " init version:", "");
            if (i.securityOptions() != null && !i.securityOptions().isEmpty()) {
                o.append(" Security Options:\n");
                for (String so : i.securityOptions()) {
                    String name = so;
                    List<String[]> opts = new ArrayList<>();
                    if (so.contains("=")) {
                        name = "";
                        for (String kv : so.split(",")) {
                            String[] p = kv.split("=", 2);
                            if (p.length < 2) continue;
                            if (p[0].equals("name")) name = p[1];
                            else opts.add(p);
                        }
                    }
                    o.append("  ").append(name).append('\n');
                    for (String[] p : opts) if (p[0].equals("profile")) o.append("   Profile: ").append(p[1]).append('\n');
                }
            }
        }
        nonEmpty(o, " Kernel Version:", i.kernelVersion());
        nonEmpty(o, " Operating System:", i.operatingSystem());
        nonEmpty(o, " OSType:", i.osType());
        nonEmpty(o, " Architecture:", i.architecture());
        line(o, " CPUs:", i.ncpu());
        line(o, " Total Memory:", Units.bytesSize(i.memTotal()));
        nonEmpty(o, " Name:", i.name());
        nonEmpty(o, " ID:", i.id());
        line(o, " Docker Root Dir:", nz(i.dockerRootDir()));
        line(o, " Debug Mode:", i.debug());
        if (i.debug() || debug) {
            line(o, "  File Descriptors:", i.nfd());
            line(o, "  Goroutines:", i.nGoroutines());
            line(o, "  System Time:", nz(i.systemTime()));
            line(o, "  EventsListeners:", i.nEventsListener());
        }
        if (i.labels() != null && !i.labels().isEmpty()) {
            o.append(" Labels:\n");
            for (String l : i.labels()) o.append("  ").append(l).append('\n');
        }
        line(o, " Experimental:", i.experimentalBuild());
        Map<String, Object> reg = i.registryConfig();
        if (reg != null) {
            List<?> cidrs = reg.get("InsecureRegistryCIDRs") instanceof List<?> l ? l : List.of();
            Map<?, ?> index = reg.get("IndexConfigs") instanceof Map<?, ?> m ? m : Map.of();
            if (!cidrs.isEmpty() || !index.isEmpty()) {
                o.append(" Insecure Registries:\n");
                for (Object v : index.values()) {
                    if (v instanceof Map<?, ?> c && !Boolean.TRUE.equals(c.get("Secure"))) {
                        o.append("  ").append(c.get("Name")).append('\n');
                    }
                }
                for (Object c : cidrs) o.append("  ").append(c).append('\n');
            }
            if (reg.get("Mirrors") instanceof List<?> mirrors && !mirrors.isEmpty()) {
                o.append(" Registry Mirrors:\n");
                for (Object m : mirrors) o.append("  ").append(m).append('\n');
            }
        }
        line(o, " Live Restore Enabled:", i.liveRestoreEnabled());
        o.append('\n');
        if (i.warnings() != null) warnings.addAll(i.warnings());
        return o.toString();
    }

    /** Go's {@code fmt.Println(label, value)}. */
    private static void line(StringBuilder o, String label, Object value) {
        o.append(label).append(' ').append(value).append('\n');
    }

    private static void nonEmpty(StringBuilder o, String label, String value) {
        if (value != null && !value.isEmpty()) line(o, label, value);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
