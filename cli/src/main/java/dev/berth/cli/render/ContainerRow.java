package dev.berth.cli.render;

import dev.berth.api.ContainerSummary;
import dev.berth.api.MountPoint;
import dev.berth.api.Port;
import dev.berth.cli.format.Units;
import dev.berth.cli.run.IpAddr;
import dev.berth.cli.template.GoFormat;
import dev.berth.cli.template.TemplateObject;
import dev.berth.cli.template.Values;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One row of {@code berth ps}: docker's {@code formatter.ContainerContext}, fields as docker prints them. */
public final class ContainerRow implements TemplateObject {
    private static final List<String> FIELDS = List.of("Command", "CreatedAt", "ID", "Image", "Labels", "LocalVolumes",
            "Mounts", "Names", "Networks", "Platform", "Ports", "RunningFor", "Size", "State", "Status");

    private final ContainerSummary c;
    private final boolean trunc;
    private final Instant now;
    private final ZoneId zone;
    private final Set<String> used;

    /**
     * @param used if not null, collects the names of the fields read (docker's {@code FieldsUsed}, which
     *             decides whether sizes must be asked for)
     */
    public ContainerRow(ContainerSummary c, boolean trunc, Instant now, ZoneId zone, Set<String> used) {
        this.c = c;
        this.trunc = trunc;
        this.now = now;
        this.zone = zone;
        this.used = used;
    }

    /** A row of nothing, to trial-run a template on as docker does. */
    public static ContainerRow probe(Set<String> used) {
        return new ContainerRow(new ContainerSummary("", List.of(), "", "", "", 0, List.of(), null, null, null, "", "",
                null, null, List.of()), false, Instant.EPOCH, java.time.ZoneOffset.UTC, used);
    }

    @Override
    public Object field(String name) {
        if (used != null) used.add(name);
        switch (name) {
            case "ID":
                return trunc ? Rows.truncateId(c.id()) : nz(c.id());
            case "Names":
                return names();
            case "Image":
                return image();
            case "Command":
                return GoFormat.quote(trunc ? Rows.ellipsis(nz(c.command()), 20) : nz(c.command()));
            case "CreatedAt":
                return Rows.timeString(c.created(), zone);
            case "RunningFor":
                return Rows.since(now, c.created());
            case "Ports":
                return displayablePorts(c.ports());
            case "State":
                return nz(c.state());
            case "Status":
                return nz(c.status());
            case "Size":
                return size();
            case "Labels":
                return labels();
            case "Mounts":
                return mounts();
            case "LocalVolumes":
                return localVolumes();
            case "Networks":
                return networks();
            case "Platform":
                return new Values.NilPointer("*formatter.Platform");
            default:
                return MISSING;
        }
    }

    @Override
    public int methodArity(String name) {
        return name.equals("Label") ? 1 : -1;
    }

    @Override
    public Object callMethod(String name, List<String> args) {
        if (used != null) used.add(name);
        if (c.labels() == null) return "";
        String v = c.labels().get(args.get(0));
        return v == null ? "" : v;
    }

    @Override
    public List<String> fieldNames() {
        return FIELDS;
    }

    @Override
    public String typeName() {
        return "*formatter.ContainerContext";
    }

    @Override
    public boolean jsonEscapesHtml() {
        return true;
    }

    private String names() {
        List<String> names = new ArrayList<>();
        if (c.names() != null) for (String n : c.names()) names.add(n.isEmpty() ? n : n.substring(1));
        if (trunc) {
            for (String n : names) {
                if (n.indexOf('/') < 0) return n;
            }
        }
        return String.join(",", names);
    }

    private String image() {
        String image = nz(c.image());
        if (image.isEmpty()) return "<no image>";
        if (!trunc) return image;
        String t = Rows.truncateId(c.imageId());
        if (t.equals(Rows.truncateId(image))) return t;
        return RefNames.familiarWithoutDigest(image);
    }

    private String size() {
        long rw = c.sizeRw() == null ? 0 : c.sizeRw();
        long root = c.sizeRootFs() == null ? 0 : c.sizeRootFs();
        String srw = Units.humanSize(rw, 3);
        return root > 0 ? srw + " (virtual " + Units.humanSize(root, 3) + ")" : srw;
    }

    private String labels() {
        if (c.labels() == null) return "";
        List<String> kv = new ArrayList<>();
        for (Map.Entry<String, String> e : c.labels().entrySet()) kv.add(e.getKey() + "=" + e.getValue());
        kv.sort(null);
        return String.join(",", kv);
    }

    private String mounts() {
        List<String> out = new ArrayList<>();
        if (c.mounts() != null) {
            for (MountPoint m : c.mounts()) {
                String name = m.name() == null || m.name().isEmpty() ? nz(m.source()) : m.name();
                out.add(trunc ? Rows.ellipsis(name, 15) : name);
            }
        }
        return String.join(",", out);
    }

    private String localVolumes() {
        int n = 0;
        if (c.mounts() != null) for (MountPoint m : c.mounts()) if ("local".equals(m.driver())) n++;
        return Integer.toString(n);
    }

    private String networks() {
        if (c.networkSettings() == null || c.networkSettings().networks() == null) return "";
        List<String> names = new ArrayList<>(c.networkSettings().networks().keySet());
        names.sort(null);
        return String.join(",", names);
    }

    /** docker's {@code DisplayablePorts}: consecutive ports grouped into ranges, host mappings last. */
    public static String displayablePorts(List<Port> ports) {
        if (ports == null || ports.isEmpty()) return "";
        List<Port> sorted = new ArrayList<>(ports);
        for (int i = 1; i < sorted.size(); i++) {
            for (int j = i; j > 0 && less(sorted.get(j), sorted.get(j - 1)); j--) sorted.set(j, sorted.set(j - 1, sorted.get(j)));
        }
        Map<String, int[]> groups = new LinkedHashMap<>();
        List<String> result = new ArrayList<>();
        List<String> hostMappings = new ArrayList<>();
        for (Port p : sorted) {
            int current = p.privatePort();
            String key = nz(p.type());
            String ip = nz(p.ip());
            if (!ip.isEmpty()) {
                if (p.publicPort() != current) {
                    hostMappings.add(IpAddr.joinHostPort(ip, Integer.toString(p.publicPort())) + "->" + p.privatePort()
                            + "/" + p.type());
                    continue;
                }
                key = ip + "/" + p.type();
            }
            int[] g = groups.get(key);
            if (g == null) {
                groups.put(key, new int[] {current, current});
                continue;
            }
            if (current == g[1] + 1) {
                g[1] = current;
                continue;
            }
            result.add(formGroup(key, g[0], g[1]));
            g[0] = current;
            g[1] = current;
        }
        for (Map.Entry<String, int[]> e : groups.entrySet()) result.add(formGroup(e.getKey(), e.getValue()[0], e.getValue()[1]));
        result.addAll(hostMappings);
        return String.join(", ", result);
    }

    private static boolean less(Port i, Port j) {
        if (i.privatePort() != j.privatePort()) return i.privatePort() < j.privatePort();
        if (!nz(i.ip()).equals(nz(j.ip()))) return nz(i.ip()).compareTo(nz(j.ip())) < 0;
        if (i.publicPort() != j.publicPort()) return i.publicPort() < j.publicPort();
        return nz(i.type()).compareTo(nz(j.type())) < 0;
    }

    private static String formGroup(String key, int start, int last) {
        String[] parts = key.split("/", -1);
        String type = parts[0];
        String ip = "";
        if (parts.length > 1) {
            ip = parts[0];
            type = parts[1];
        }
        String group = Integer.toString(start);
        if (start != last) group = group + "-" + last;
        if (!ip.isEmpty()) group = IpAddr.joinHostPort(ip, group) + "->" + group;
        return group + "/" + type;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    static Set<String> newUsedSet() {
        return new HashSet<>();
    }
}
