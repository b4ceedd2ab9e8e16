package dev.berth.cli.command;

import dev.berth.api.ContainerUpdateRequest;
import dev.berth.api.ContainerUpdateResponse;
import dev.berth.api.RestartPolicy;
import dev.berth.cli.BerthCommand;
import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.cli.Flag;
import dev.berth.cli.Flags;
import dev.berth.cli.Invocation;
import dev.berth.cli.run.ContainerSpec;
import dev.berth.cli.run.GoParse;
import java.util.ArrayList;
import java.util.List;

/** {@code berth update [OPTIONS] CONTAINER...}: changes resource limits and the restart policy. */
public final class UpdateCommand implements BerthCommand {
    static final Flags FLAGS = new Flags()
            .value(null, "blkio-weight", Flag.Type.UINT16,
                    "Block IO (relative weight), between 10 and 1000, or 0 to disable (default 0)")
            .value(null, "cpu-period", Flag.Type.INT, "Limit CPU CFS (Completely Fair Scheduler) period")
            .value(null, "cpu-quota", Flag.Type.INT, "Limit CPU CFS (Completely Fair Scheduler) quota")
            .value(null, "cpu-rt-period", Flag.Type.INT, "Limit the CPU real-time period in microseconds")
            .value(null, "cpu-rt-runtime", Flag.Type.INT, "Limit the CPU real-time runtime in microseconds")
            .value("c", "cpu-shares", Flag.Type.INT, "CPU shares (relative weight)")
            .value(null, "cpus", Flag.Type.DECIMAL, "Number of CPUs")
            .value(null, "cpuset-cpus", Flag.Type.STRING, "CPUs in which to allow execution (0-3, 0,1)")
            .value(null, "cpuset-mems", Flag.Type.STRING, "MEMs in which to allow execution (0-3, 0,1)")
            .hidden(null, "kernel-memory", Flag.Type.BYTES)
            .value("m", "memory", Flag.Type.BYTES, "Memory limit")
            .value(null, "memory-reservation", Flag.Type.BYTES, "Memory soft limit")
            .value(null, "memory-swap", Flag.Type.SWAP_BYTES, "Swap limit equal to memory plus swap: -1 to enable unlimited swap")
            .value(null, "pids-limit", Flag.Type.INT, "Tune container pids limit (set -1 for unlimited)")
            .value(null, "restart", Flag.Type.STRING, "Restart policy to apply when a container exits")
            .args(1, -1);

    private static final String[] FLAG_NAMES = {"blkio-weight", "cpu-period", "cpu-quota", "cpu-rt-period",
        "cpu-rt-runtime", "cpu-shares", "cpus", "cpuset-cpus", "cpuset-mems", "kernel-memory", "memory",
        "memory-reservation", "memory-swap", "pids-limit", "restart"};

    @Override
    public Flags flags() {
        return FLAGS;
    }

    @Override
    public int run(CliContext ctx, Invocation in) {
        boolean any = false;
        for (String f : FLAG_NAMES) any |= in.given(f);
        if (!any) throw new CliException("you must provide one or more flags when using this command");
        RestartPolicy restart = new RestartPolicy("", 0);
        String r = in.string("restart");
        if (r != null && !r.isEmpty()) {
            try {
                restart = ContainerSpec.restartPolicy(r);
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage());
            }
        }
        long pids = in.integer("pids-limit", 0);
        String swap = in.string("memory-swap");
        ContainerUpdateRequest request = new ContainerUpdateRequest(in.integer("cpu-shares", 0), bytes(in, "memory"),
                in.string("cpus") == null ? 0L : GoParse.nanoCpus(in.string("cpus")), "",
                in.string("blkio-weight") == null ? 0 : (int) GoParse.parseUint(in.string("blkio-weight"), 0, 16),
                null, null, null, null, null, in.integer("cpu-period", 0), in.integer("cpu-quota", 0),
                in.integer("cpu-rt-period", 0), in.integer("cpu-rt-runtime", 0), str(in.string("cpuset-cpus")),
                str(in.string("cpuset-mems")), null, null, null,
                bytes(in, "kernel-memory") == 0 ? null : bytes(in, "kernel-memory"), null, bytes(in, "memory-reservation"),
                swap == null ? 0L : swap.equals("-1") ? -1L : GoParse.ramInBytes(swap), null, null,
                pids != 0 ? pids : null, null, 0L, 0L, 0L, 0L, restart);
        List<String> warnings = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (String name : in.args()) {
            try {
                ContainerUpdateResponse resp = ctx.client().updateContainer(name, request);
                ctx.out().println(name);
                if (resp.warnings() != null) warnings.addAll(resp.warnings());
            } catch (RuntimeException e) {
                if (Errors.fatal(e)) throw e;
                errors.add(Errors.message(e));
            }
        }
        if (!warnings.isEmpty()) ctx.out().println(String.join("\n", warnings));
        Errors.throwJoined(errors);
        return 0;
    }

    private static long bytes(Invocation in, String flag) {
        String v = in.string(flag);
        return v == null ? 0 : GoParse.ramInBytes(v);
    }

    private static String str(String s) {
        return s == null ? "" : s;
    }
}
