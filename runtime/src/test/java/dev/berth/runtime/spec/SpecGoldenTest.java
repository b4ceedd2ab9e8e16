package dev.berth.runtime.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.berth.runtime.spec.LinuxSpec.NamespaceType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Complete generated {@code config.json} files compared byte for byte with
 * {@code src/test/resources/golden/}. To accept a deliberate change, regenerate them:
 * {@code scripts/mvn -q -pl runtime test -Dtest=SpecGoldenTest -Dgolden.update=true}, and review the diff.
 * Everything host-dependent (capabilities, devices, architecture, kernel) is fixed here.
 */
class SpecGoldenTest {
    private static final String ID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static final Path CONTAINER = Path.of("/var/lib/berth/containers", ID);
    private static final String ARCH = "amd64";
    private static final String KERNEL = "6.1.0-18-amd64";

    @Test
    void defaultBusyboxShell() throws IOException {
        Spec spec = SpecGenerator.generate(
                SpecCustomizers.withRootPath(CONTAINER.resolve("rootfs")),
                SpecCustomizers.withProcessArgs(List.of("sh")),
                SpecCustomizers.withEnv(List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOSTNAME=0123456789ab")),
                SpecCustomizers.withHostname("0123456789ab"),
                SpecCustomizers.withEtcFiles(CONTAINER.resolve("hostname"), CONTAINER.resolve("hosts"), CONTAINER.resolve("resolv.conf")),
                SpecCustomizers.withCgroupsPath("/berth/" + ID),
                SpecCustomizers.withSeccompProfile(SeccompProfiles.defaultProfile(), ARCH, KERNEL));
        assertGolden("default-busybox.json", spec);
    }

    @Test
    void privilegedWithTerminalLimitsAndHostNetwork() throws IOException {
        List<LinuxSpec.Device> hostDevices = List.of(
                new LinuxSpec.Device("/dev/vda", "b", 254, 0, 0660, 0L, 6L),
                new LinuxSpec.Device("/dev/kmsg", "c", 1, 11, 0644, 0L, 0L));
        Spec spec = SpecGenerator.generate(
                SpecCustomizers.withRootPath(CONTAINER.resolve("rootfs")),
                SpecCustomizers.withProcessArgs(List.of("/bin/sh", "-l")),
                SpecCustomizers.withEnv(List.of("PATH=/bin", "TERM=xterm")),
                SpecCustomizers.withTerminal(true, new Spec.ConsoleSize(40, 120)),
                SpecCustomizers.withHostNamespace(NamespaceType.NETWORK),
                SpecCustomizers.withNamespacePath(NamespaceType.IPC, Path.of("/proc/4242/ns/ipc")),
                SpecCustomizers.withCgroupsPath("/berth/" + ID),
                SpecCustomizers.withMemory(512L << 20, 0),
                SpecCustomizers.withMemoryReservation(256L << 20),
                SpecCustomizers.withOomKillDisable(true),
                SpecCustomizers.withCpus(1_500_000_000L),
                SpecCustomizers.withCpuShares(512),
                SpecCustomizers.withCpuset("0-1", "0"),
                SpecCustomizers.withPidsLimit(100),
                SpecCustomizers.withBlkioWeight(300),
                SpecCustomizers.withRlimits(List.of(Spec.Rlimit.of("nofile", 1024, 4096), Spec.Rlimit.of("nproc", 512, 512))),
                SpecCustomizers.withDefaultSeccomp(), // removed again by privileged, which comes last
                SpecCustomizers.withPrivileged(KernelCapabilities.ALL, hostDevices));
        assertGolden("privileged-tty-limits.json", spec);
    }

    @Test
    void hardenedReadOnlyWithCustomProfile() throws IOException {
        SeccompProfile custom;
        try (InputStream in = getClass().getResourceAsStream("/seccomp/docker-format-profile.json")) {
            custom = SeccompProfiles.parse(in.readAllBytes(), "docker-format-profile.json");
        }
        Spec spec = SpecGenerator.generate(
                SpecCustomizers.withRootPath(CONTAINER.resolve("rootfs")),
                SpecCustomizers.withProcessArgs(List.of("/app/server", "--port", "8080")),
                SpecCustomizers.withEnv(List.of("PATH=/bin", "MODE=prod")),
                SpecCustomizers.withEnv(List.of("MODE=test")),
                SpecCustomizers.withCwd("/app"),
                SpecCustomizers.withUser(1000, 1000, List.of(10L, 20L)),
                SpecCustomizers.withReadonlyRootfs(true),
                SpecCustomizers.withNoNewPrivileges(true),
                SpecCustomizers.withCapabilities(List.of("net_bind_service"), List.of("ALL"), KernelCapabilities.ALL),
                SpecCustomizers.withSeccompProfile(custom, ARCH, KERNEL),
                SpecCustomizers.withMounts(List.of(
                        Spec.Mount.tmpfs("/run", List.of("size=16m")),
                        Spec.Mount.bind("/srv/config", "/app/config", true))),
                SpecCustomizers.withShmSize(128L << 20),
                SpecCustomizers.withNamespacePath(NamespaceType.NETWORK, Path.of("/run/berth/netns/cni-1234")),
                SpecCustomizers.withSysctls(Map.of("net.ipv4.ip_unprivileged_port_start", "0", "kernel.msgmax", "65536")),
                SpecCustomizers.withAnnotations(Map.of("org.opencontainers.image.title", "server", "berth.container.name", "web")),
                SpecCustomizers.withCgroupsPath("/berth/" + ID));
        assertGolden("hardened-readonly.json", spec);
    }

    /** Compares with the golden file, or rewrites it with {@code -Dgolden.update=true}. */
    static void assertGolden(String name, Spec spec) throws IOException {
        byte[] actual = SpecJson.write(spec);
        Path dir = Path.of(System.getProperty("golden.dir", "src/test/resources/golden"));
        Path file = dir.resolve(name);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(dir);
            Files.write(file, actual);
            return;
        }
        if (!Files.exists(file)) fail("no golden file " + file + "; create it with -Dgolden.update=true and review it");
        String expected = Files.readString(file);
        String got = new String(actual, StandardCharsets.UTF_8);
        if (!expected.equals(got)) {
            List<String> e = expected.lines().toList();
            List<String> g = got.lines().toList();
            int line = 0;
            while (line < Math.min(e.size(), g.size()) && e.get(line).equals(g.get(line))) line++;
            fail(name + " differs from the golden file at line " + (line + 1) + ":\n  expected: "
                    + (line < e.size() ? e.get(line) : "<end>") + "\n  actual:   " + (line < g.size() ? g.get(line) : "<end>")
                    + "\nIf the change is intended, rerun with -Dgolden.update=true and review the diff.");
        }
        // and the file reads back into the same spec
        assertEquals(spec, SpecJson.read(Files.readAllBytes(file), Spec.class, name));
    }
}
