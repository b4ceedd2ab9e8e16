package dev.berth.cli.render;

import dev.berth.api.ContainerStats;
import dev.berth.cli.format.Units;
import dev.berth.cli.template.TemplateObject;
import java.util.List;
import java.util.Map;

/**
 * One row of {@code berth stats} (docker's {@code statsContext}): the figures docker computes from
 * a sample, CPU from the difference to the previous sample, memory without the inactive page cache.
 */
public final class StatsRow implements TemplateObject {
    private static final List<String> FIELDS = List.of("BlockIO", "CPUPerc", "Container", "ID", "MemPerc", "MemUsage",
            "Name", "NetIO", "PIDs");

    /** Column titles by field name. */
    public static final Map<String, String> HEADER = Map.of("Container", "CONTAINER", "Name", "NAME", "ID", "CONTAINER ID",
            "CPUPerc", "CPU %", "MemUsage", "MEM USAGE / LIMIT", "MemPerc", "MEM %", "NetIO", "NET I/O", "BlockIO",
            "BLOCK I/O", "PIDs", "PIDS");

    public static final String DEFAULT_FORMAT =
            "table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}";

    private final String container;
    private final String name;
    private final String id;
    private final double cpu;
    private final double mem;
    private final double memLimit;
    private final double memPercent;
    private final double netRx;
    private final double netTx;
    private final double blkRead;
    private final double blkWrite;
    private final long pids;
    private final boolean invalid;
    private final boolean trunc;

    private StatsRow(String container, String name, String id, double cpu, double mem, double memLimit, double memPercent,
                     double netRx, double netTx, double blkRead, double blkWrite, long pids, boolean invalid, boolean trunc) {
        this.container = container;
        this.name = name;
        this.id = id;
        this.cpu = cpu;
        this.mem = mem;
        this.memLimit = memLimit;
        this.memPercent = memPercent;
        this.netRx = netRx;
        this.netTx = netTx;
        this.blkRead = blkRead;
        this.blkWrite = blkWrite;
        this.pids = pids;
        this.invalid = invalid;
        this.trunc = trunc;
    }

    /** A row with no figures ("--"), for a container whose stats could not be read. */
    public static StatsRow invalid(String container, boolean trunc) {
        return new StatsRow(container, "", "", 0, 0, 0, 0, 0, 0, 0, 0, 0, true, trunc);
    }

    /** docker's {@code collect} for a Linux daemon. */
    public static StatsRow of(String container, ContainerStats v, boolean trunc) {
        double cpuPercent = 0;
        long prevCpu = v.precpuStats() == null || v.precpuStats().cpuUsage() == null ? 0 : v.precpuStats().cpuUsage().totalUsage();
        long prevSystem = v.precpuStats() == null ? 0 : v.precpuStats().systemCpuUsage();
        if (v.cpuStats() != null) {
            double cpuDelta = (double) (v.cpuStats().cpuUsage() == null ? 0 : v.cpuStats().cpuUsage().totalUsage()) - prevCpu;
            double systemDelta = (double) v.cpuStats().systemCpuUsage() - prevSystem;
            double online = v.cpuStats().onlineCpus();
            if (online == 0 && v.cpuStats().cpuUsage() != null && v.cpuStats().cpuUsage().percpuUsage() != null) {
                online = v.cpuStats().cpuUsage().percpuUsage().size();
            }
            if (systemDelta > 0 && cpuDelta > 0) cpuPercent = (cpuDelta / systemDelta) * online * 100.0;
        }
        long read = 0;
        long write = 0;
        if (v.blkioStats() != null && v.blkioStats().ioServiceBytesRecursive() != null) {
            for (ContainerStats.BlkioStatEntry e : v.blkioStats().ioServiceBytesRecursive()) {
                if (e.op() == null || e.op().isEmpty()) continue;
                char c = e.op().charAt(0);
                if (c == 'r' || c == 'R') read += e.value();
                else if (c == 'w' || c == 'W') write += e.value();
            }
        }
        double mem = 0;
        double limit = 0;
        if (v.memoryStats() != null) {
            ContainerStats.MemoryStats m = v.memoryStats();
            Map<String, Long> s = m.stats() == null ? Map.of() : m.stats();
            Long v1 = s.get("total_inactive_file");
            Long v2 = s.get("inactive_file");
            if (v1 != null && v1 < m.usage()) mem = m.usage() - v1;
            else if ((v2 == null ? 0 : v2) < m.usage()) mem = m.usage() - (v2 == null ? 0 : v2);
            else mem = m.usage();
            limit = m.limit();
        }
        double memPercent = limit != 0 ? mem / limit * 100.0 : 0;
        double rx = 0;
        double tx = 0;
        if (v.networks() != null) {
            for (ContainerStats.NetworkStats n : v.networks().values()) {
                rx += n.rxBytes();
                tx += n.txBytes();
            }
        }
        return new StatsRow(container, v.name() == null ? "" : v.name(), v.id() == null ? "" : v.id(), cpuPercent, mem,
                limit, memPercent, rx, tx, read, write, v.pidsStats() == null ? 0 : v.pidsStats().current(), false, trunc);
    }

    @Override
    public Object field(String f) {
        switch (f) {
            case "Container":
                return container;
            case "Name":
                return name.length() > 1 ? name.substring(1) : "--";
            case "ID":
                return trunc ? Rows.truncateId(id) : id;
            case "CPUPerc":
                return invalid ? "--" : percent(cpu);
            case "MemUsage":
                return invalid ? "-- / --" : Units.bytesSize(mem) + " / " + Units.bytesSize(memLimit);
            case "MemPerc":
                return invalid ? "--" : percent(memPercent);
            case "NetIO":
                return invalid ? "--" : Units.humanSize(netRx, 3) + " / " + Units.humanSize(netTx, 3);
            case "BlockIO":
                return invalid ? "--" : Units.humanSize(blkRead, 3) + " / " + Units.humanSize(blkWrite, 3);
            case "PIDs":
                return invalid ? "--" : Long.toString(pids);
            default:
                return MISSING;
        }
    }

    private static String percent(double v) {
        return dev.berth.cli.template.GoFormat.formatFloat(v, 'f', 2) + "%";
    }

    @Override
    public List<String> fieldNames() {
        return FIELDS;
    }

    @Override
    public String typeName() {
        return "*container.statsContext";
    }

    @Override
    public boolean jsonEscapesHtml() {
        return true;
    }
}
