package dev.berth.runtime.spec;

import dev.berth.common.EngineException;
import java.io.IOException;
import dev.berth.runtime.internal.KernelFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Capability names and Docker's capability arithmetic: the names the kernel knows, Docker's 14
 * default capabilities, what this host can grant, and {@code --cap-add/--cap-drop} with {@code ALL}.
 */
public final class KernelCapabilities {
    /** Every capability of Linux 6.x, in number order (CAP_CHOWN is 0, CAP_CHECKPOINT_RESTORE 40). */
    public static final List<String> ALL = List.of(
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
            "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
            "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE",
            "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT",
            "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
            "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG",
            "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE");

    /** Docker's default set (moby {@code oci/caps/defaults.go}), in its order. */
    public static final List<String> DOCKER_DEFAULT = List.of(
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
            "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL",
            "CAP_AUDIT_WRITE");

    private KernelCapabilities() {}

    /**
     * The capabilities a container started by this process can actually hold: those the running
     * kernel knows ({@code cap_last_cap}) that are in this process's permitted set. A runtime
     * cannot grant more: on a host without CAP_SYS_RESOURCE, asking for it fails the start. This
     * is what "all capabilities" ({@code --privileged}, {@code --cap-add ALL}) means here.
     */
    public static List<String> grantable() {
        try {
            int last = Integer.parseInt(KernelFiles.read(Path.of("/proc/sys/kernel/cap_last_cap")).trim());
            long permitted = 0;
            for (String line : KernelFiles.read(Path.of("/proc/self/status")).split("\n")) {
                if (line.startsWith("CapPrm:")) permitted = Long.parseUnsignedLong(line.substring(7).trim(), 16);
            }
            List<String> result = new ArrayList<>();
            for (int i = 0; i <= last && i < ALL.size(); i++) {
                if ((permitted & (1L << i)) != 0) result.add(ALL.get(i));
            }
            return List.copyOf(result);
        } catch (IOException | NumberFormatException e) {
            throw new EngineException.FailedPrecondition("cannot read this process's capabilities from /proc: " + e.getMessage(), e);
        }
    }

    /**
     * Normalises user-given names as Docker does: case-insensitive, {@code CAP_} optional,
     * {@code ALL} kept as is.
     *
     * @throws EngineException.InvalidArgument for a name the kernel does not know
     */
    public static List<String> normalize(List<String> names) {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            String upper = n.trim().toUpperCase(Locale.ROOT);
            if (upper.equals("ALL")) {
                out.add("ALL");
                continue;
            }
            String name = upper.startsWith("CAP_") ? upper : "CAP_" + upper;
            if (!ALL.contains(name)) throw new EngineException.InvalidArgument("unknown capability: \"" + n + "\"");
            out.add(name);
        }
        return out;
    }

    /**
     * Docker's {@code TweakCapabilities}: with {@code ALL} in {@code add}, every capability of
     * {@code all} except the dropped ones; with {@code ALL} in {@code drop}, only the added ones;
     * otherwise {@code base} minus {@code drop}, plus {@code add}. Order is kept, duplicates are removed.
     *
     * @param all what "all" means on this host, see {@link #grantable()}
     */
    public static List<String> tweak(List<String> base, List<String> add, List<String> drop, List<String> all) {
        List<String> adds = normalize(add);
        List<String> drops = normalize(drop);
        Set<String> result = new LinkedHashSet<>();
        if (adds.contains("ALL")) {
            for (String c : all) if (!drops.contains(c)) result.add(c);
        } else if (drops.contains("ALL")) {
            result.addAll(adds);
        } else {
            for (String c : base) if (!drops.contains(c)) result.add(c);
            result.addAll(adds);
        }
        return List.copyOf(result);
    }
}
