package dev.berth.runtime.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.common.EngineException;
import dev.berth.runtime.spec.LinuxSpec.Namespace;
import dev.berth.runtime.spec.LinuxSpec.NamespaceType;
import dev.berth.runtime.spec.Spec.Mount;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecCustomizersTest {
    private static final String ARCH = "amd64";
    private static final String KERNEL = "6.1.0";

    private static Spec base(SpecCustomizer... more) {
        List<SpecCustomizer> all = new java.util.ArrayList<>(List.of(
                SpecCustomizers.withRootPath(Path.of("/rootfs")), SpecCustomizers.withProcessArgs(List.of("true"))));
        all.addAll(List.of(more));
        return SpecGenerator.generate(all);
    }

    private static List<String> caps(Spec s) {
        return s.process().capabilities().bounding();
    }

    @Test
    void capabilityArithmeticFollowsDocker() {
        List<String> all = KernelCapabilities.ALL;
        Spec added = base(SpecCustomizers.withCapabilities(List.of("sys_admin", "CAP_NET_ADMIN", "chown"), List.of("Mknod"), all));
        assertTrue(caps(added).containsAll(List.of("CAP_SYS_ADMIN", "CAP_NET_ADMIN")));
        assertFalse(caps(added).contains("CAP_MKNOD"));
        assertEquals(caps(added).stream().distinct().toList(), caps(added), "no duplicates");
        assertEquals(caps(added), added.process().capabilities().effective());
        assertEquals(caps(added), added.process().capabilities().permitted());
        assertTrue(added.process().capabilities().inheritable().isEmpty(), "no inheritable caps (CVE-2022-24769)");

        Spec allButOne = base(SpecCustomizers.withCapabilities(List.of("ALL"), List.of("SYS_MODULE"), all));
        assertEquals(all.size() - 1, caps(allButOne).size());
        assertFalse(caps(allButOne).contains("CAP_SYS_MODULE"));

        Spec onlyOne = base(SpecCustomizers.withCapabilities(List.of("NET_BIND_SERVICE"), List.of("all"), all));
        assertEquals(List.of("CAP_NET_BIND_SERVICE"), caps(onlyOne));

        EngineException.InvalidArgument bad = assertThrows(EngineException.InvalidArgument.class,
                () -> SpecCustomizers.withCapabilities(List.of("SYS_WIZARD"), List.of(), all));
        assertEquals("unknown capability: \"SYS_WIZARD\"", bad.getMessage());
    }

    @Test
    void seccompIsResolvedAgainstTheCapabilitiesSetBeforeIt() {
        SeccompProfile p = SeccompProfiles.defaultProfile();
        Spec plain = base(SpecCustomizers.withSeccompProfile(p, ARCH, KERNEL));
        assertFalse(allowed(plain.linux().seccomp()).contains("mount"));
        assertTrue(hasRule(plain.linux().seccomp(), "clone3", "SCMP_ACT_ERRNO"));

        Spec admin = base(SpecCustomizers.withCapabilities(List.of("SYS_ADMIN"), List.of(), KernelCapabilities.ALL),
                SpecCustomizers.withSeccompProfile(p, ARCH, KERNEL));
        assertTrue(allowed(admin.linux().seccomp()).containsAll(List.of("mount", "umount2", "unshare", "setns", "clone3")));
        assertFalse(hasRule(admin.linux().seccomp(), "clone3", "SCMP_ACT_ERRNO"));

        // The documented order dependency: seccomp first resolves against the old capabilities.
        Spec wrongOrder = base(SpecCustomizers.withSeccompProfile(p, ARCH, KERNEL),
                SpecCustomizers.withCapabilities(List.of("SYS_ADMIN"), List.of(), KernelCapabilities.ALL));
        assertFalse(allowed(wrongOrder.linux().seccomp()).contains("mount"));
    }

    @Test
    void privilegedOpensEverythingUp() {
        List<LinuxSpec.Device> devices = List.of(new LinuxSpec.Device("/dev/sda", "b", 8, 0, 0660, 0L, 6L));
        Spec s = base(SpecCustomizers.withDefaultSeccomp(), SpecCustomizers.withPrivileged(KernelCapabilities.ALL, devices));
        assertEquals(KernelCapabilities.ALL, caps(s));
        assertNull(s.linux().seccomp());
        assertTrue(s.linux().maskedPaths().isEmpty());
        assertTrue(s.linux().readonlyPaths().isEmpty());
        assertEquals(List.of(Resources.DeviceRule.allow(null, null, null, "rwm")), s.linux().resources().devices());
        assertEquals(devices, s.linux().devices());
        Mount sys = s.mounts().stream().filter(m -> m.destination().equals("/sys")).findFirst().orElseThrow();
        assertTrue(sys.options().contains("rw") && !sys.options().contains("ro"));
    }

    @Test
    void mountsReplaceSameDestinationAndAUserDevReplacesItsDefaults() {
        Spec s = base(SpecCustomizers.withMounts(List.of(Mount.tmpfs("/dev/shm", List.of("size=1m")), Mount.bind("/data", "/data", true))));
        List<Mount> shm = s.mounts().stream().filter(m -> m.destination().equals("/dev/shm")).toList();
        assertEquals(1, shm.size());
        assertEquals("tmpfs", shm.getFirst().source());
        assertEquals(List.of("rbind", "rprivate", "ro"), s.mounts().getLast().options());

        Spec dev = base(SpecCustomizers.withMounts(List.of(Mount.bind("/dev", "/dev", false))));
        assertTrue(dev.mounts().stream().noneMatch(m -> m.destination().startsWith("/dev/")), dev.mounts().toString());
    }

    @Test
    void shmSizeResizesOnlyTheDefaultShm() {
        Spec sized = base(SpecCustomizers.withShmSize(1L << 30));
        assertTrue(shm(sized).options().contains("size=1048576k"));
        assertFalse(shm(sized).options().contains("size=65536k"));
        Spec userShm = base(SpecCustomizers.withMounts(List.of(Mount.tmpfs("/dev/shm", List.of("size=1m")))), SpecCustomizers.withShmSize(1L << 30));
        assertEquals(List.of("nosuid", "nodev", "noexec", "size=1m"), shm(userShm).options());
        assertThrows(EngineException.InvalidArgument.class, () -> SpecCustomizers.withShmSize(0));
    }

    private static Mount shm(Spec s) {
        return s.mounts().stream().filter(m -> m.destination().equals("/dev/shm")).findFirst().orElseThrow();
    }

    @Test
    void envMergesByKeyInPlace() {
        Spec s = base(SpecCustomizers.withEnv(List.of("PATH=/bin", "A=1", "B=2")), SpecCustomizers.withEnv(List.of("A=3", "C=4")));
        assertEquals(List.of("PATH=/bin", "A=3", "B=2", "C=4"), s.process().env());
    }

    @Test
    void memoryAndSwapFollowDockersFlags() {
        assertEquals(2L << 20, mem(base(SpecCustomizers.withMemory(1L << 20, 0))).swap(), "no --memory-swap: twice the memory in total");
        assertEquals(-1L, mem(base(SpecCustomizers.withMemory(1L << 20, -1))).swap());
        assertEquals(3L << 20, mem(base(SpecCustomizers.withMemory(1L << 20, 3L << 20))).swap());
        assertThrows(EngineException.InvalidArgument.class, () -> SpecCustomizers.withMemory(2L << 20, 1L << 20));
        Resources.Memory m = mem(base(SpecCustomizers.withMemory(1L << 20, 0), SpecCustomizers.withOomKillDisable(true),
                SpecCustomizers.withMemorySwappiness(10)));
        assertEquals(1L << 20, m.limit());
        assertEquals(Boolean.TRUE, m.disableOOMKiller());
        assertEquals(10L, m.swappiness());
    }

    private static Resources.Memory mem(Spec s) {
        return s.linux().resources().memory();
    }

    @Test
    void cpusBecomeAQuotaPer100ms() {
        Resources.Cpu half = base(SpecCustomizers.withCpus(500_000_000L)).linux().resources().cpu();
        assertEquals(50_000L, half.quota());
        assertEquals(100_000L, half.period());
        assertEquals(250_000L, base(SpecCustomizers.withCpus(2_500_000_000L)).linux().resources().cpu().quota());
        assertThrows(EngineException.InvalidArgument.class, () -> SpecCustomizers.withCpus(1_000_000L));
        Resources.Cpu all = base(SpecCustomizers.withCpus(1_000_000_000L), SpecCustomizers.withCpuShares(2048),
                SpecCustomizers.withCpuset("1", null)).linux().resources().cpu();
        assertEquals(2048L, all.shares());
        assertEquals(100_000L, all.quota());
        assertEquals("1", all.cpus());
        assertNull(base(SpecCustomizers.withCpuShares(0)).linux().resources().cpu());
    }

    @Test
    void pidsLimitZeroOrNegativeIsUnlimited() {
        assertEquals(-1, base(SpecCustomizers.withPidsLimit(0)).linux().resources().pids().limit());
        assertEquals(-1, base(SpecCustomizers.withPidsLimit(-5)).linux().resources().pids().limit());
        assertEquals(7, base(SpecCustomizers.withPidsLimit(7)).linux().resources().pids().limit());
    }

    @Test
    void namespacesCanBeNewJoinedOrTheHosts() {
        Spec s = base(SpecCustomizers.withHostNamespace(NamespaceType.NETWORK),
                SpecCustomizers.withNamespacePath(NamespaceType.PID, Path.of("/proc/1/ns/pid")),
                SpecCustomizers.withNewNamespace(NamespaceType.CGROUP),
                SpecCustomizers.withNewNamespace(NamespaceType.CGROUP));
        assertEquals(List.of(new Namespace(NamespaceType.MOUNT, null), new Namespace(NamespaceType.UTS, null),
                new Namespace(NamespaceType.PID, "/proc/1/ns/pid"), new Namespace(NamespaceType.IPC, null),
                new Namespace(NamespaceType.CGROUP, null)), s.linux().namespaces());
    }

    @Test
    void generationRefusesWhatARuntimeWouldRejectObscurely() {
        assertEquals("no command specified", assertThrows(EngineException.InvalidArgument.class,
                () -> SpecGenerator.generate(SpecCustomizers.withRootPath(Path.of("/r")))).getMessage());
        assertThrows(EngineException.InvalidArgument.class, () -> SpecGenerator.generate(SpecCustomizers.withProcessArgs(List.of("x"))));
        assertThrows(EngineException.InvalidArgument.class, () -> SpecCustomizers.withCwd("relative"));
        assertThrows(IllegalArgumentException.class, () -> Spec.Rlimit.of("nofile", 10, 5));
        assertThrows(EngineException.InvalidArgument.class, () -> SpecCustomizers.withOomScoreAdj(-1001));
    }

    @Test
    void theDefaultSpecIsDockers() {
        Spec d = SpecGenerator.defaultSpec();
        assertEquals(14, d.process().capabilities().bounding().size());
        assertEquals(List.of("/proc", "/dev", "/dev/pts", "/sys", "/sys/fs/cgroup", "/dev/mqueue", "/dev/shm"),
                d.mounts().stream().map(Mount::destination).toList());
        assertEquals(11, d.linux().maskedPaths().size());
        assertEquals(5, d.linux().readonlyPaths().size());
        assertNull(d.linux().seccomp(), "seccomp is a customizer, composed after the capability ones");
        assertTrue(d.process().rlimits().isEmpty(), "rlimits only when asked");
        assertNull(d.process().oomScoreAdj(), "oom_score_adj inherited unless asked");
    }

    @Test
    void composeAppliesInOrderAndAndThenChains() {
        SpecCustomizer c = SpecCustomizers.withHostname("a").andThen(SpecCustomizers.withHostname("b"));
        assertEquals("b", SpecCustomizers.compose(SpecCustomizers.withHostname("z"), c).apply(SpecGenerator.defaultSpec()).hostname());
    }

    static List<String> allowed(Seccomp s) {
        return s.syscalls().stream().filter(r -> r.action().equals("SCMP_ACT_ALLOW")).flatMap(r -> r.names().stream()).toList();
    }

    static boolean hasRule(Seccomp s, String name, String action) {
        return s.syscalls().stream().anyMatch(r -> r.names().contains(name) && r.action().equals(action));
    }
}
