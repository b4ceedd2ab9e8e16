package dev.berth.runtime.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.berth.common.AtomicFiles;
import dev.berth.common.Ids;
import dev.berth.common.linux.Libc;
import dev.berth.runtime.RuncRuntime;
import dev.berth.runtime.conmon.Conmon;
import dev.berth.runtime.conmon.ConmonContainer;
import dev.berth.runtime.conmon.ConmonOptions;
import dev.berth.runtime.conmon.CreateOptions;
import dev.berth.runtime.conmon.ExecRoot;
import dev.berth.runtime.spec.KernelCapabilities;
import dev.berth.runtime.spec.Spec;
import dev.berth.runtime.spec.SpecCustomizer;
import dev.berth.runtime.spec.SpecCustomizers;
import dev.berth.runtime.spec.SpecGenerator;
import dev.berth.snapshot.overlay.OverlayChain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Real containers for tests: a private exec root (long on purpose, so attach sockets need the
 * long-path connect), runc state, a busybox root filesystem per container on overlayfs, and
 * cgroups under {@code /berth-test-<random>}. Register it in a static field:
 *
 * <pre>{@code @RegisterExtension static final RuntimeSandbox sandbox = new RuntimeSandbox();}</pre>
 *
 * After each test it removes every container it created (runc delete -f, conmon killed, overlay
 * unmounted, directories deleted); after all tests it asserts that no process mentions the
 * sandbox and nothing is mounted in it, then deletes it. Fails (never skips) without root,
 * runc, conmon or busybox-static.
 */
public final class RuntimeSandbox implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
    /** The PATH every test container gets. */
    public static final String PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private Path root;
    private Path lower;
    private RuncRuntime runtime;
    private Conmon conmon;
    private String cgroupParent;
    private final Set<String> containers = ConcurrentHashMap.newKeySet();

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        assertEquals(0, uid, "runtime tests need root (runc, conmon, mounts, cgroups)");
        root = Files.createTempDirectory("berth-rt-");
        lower = BusyboxRootfs.create(root.resolve("busybox"));
        Path execRoot = root.resolve("exec-root-with-a-long-name-to-make-attach-socket-paths-longer-than-108-bytes");
        runtime = RuncRuntime.find("runc", execRoot.resolve("runtime"));
        conmon = new Conmon(runtime, new ExecRoot(execRoot), ConmonOptions.defaults());
        cgroupParent = "/berth-test-" + root.getFileName().toString().replace("berth-rt-", "");
    }

    public Conmon conmon() { return conmon; }
    public RuncRuntime runtime() { return runtime; }
    public Path root() { return root; }

    /** The cgroups path of a test container. */
    public String cgroupsPath(String id) {
        return cgroupParent + "/" + id;
    }

    /** A new container id. */
    public String newId() {
        String id = Ids.newId();
        containers.add(id);
        return id;
    }

    /** A writable overlay over the busybox tree for container {@code id}, mounted at {@code <root>/rootfs/<id>/merged}. */
    public Path rootfs(String id) throws IOException {
        Path dir = root.resolve("rootfs").resolve(id);
        Path upper = Files.createDirectories(dir.resolve("upper"));
        Path work = Files.createDirectories(dir.resolve("work"));
        Path merged = Files.createDirectories(dir.resolve("merged"));
        Libc.mount("overlay", merged, "overlay", 0, new OverlayChain(List.of(lower)).mountData(upper, work));
        return merged;
    }

    /** The log file of container {@code id}. */
    public Path logPath(String id) {
        return root.resolve("logs").resolve(id + ".log");
    }

    /**
     * A spec for {@code args} in a fresh overlay rootfs: Docker's defaults, PATH, hostname, cgroup,
     * default seccomp, then {@code extra} (which may override any of it).
     */
    public Spec spec(String id, List<String> args, SpecCustomizer... extra) throws IOException {
        List<SpecCustomizer> c = new ArrayList<>(List.of(
                SpecCustomizers.withRootPath(rootfs(id)),
                SpecCustomizers.withProcessArgs(args),
                SpecCustomizers.withEnv(List.of(PATH, "HOSTNAME=" + id.substring(0, 12))),
                SpecCustomizers.withHostname(id.substring(0, 12)),
                SpecCustomizers.withCgroupsPath(cgroupsPath(id))));
        c.addAll(List.of(extra));
        if (List.of(extra).stream().noneMatch(x -> x instanceof NoSeccomp)) c.add(SpecCustomizers.withDefaultSeccomp());
        return SpecGenerator.generate(c);
    }

    /** Marks a spec built by {@link #spec} as one that must not get the default seccomp filter appended. */
    public static SpecCustomizer noDefaultSeccomp() {
        return new NoSeccomp();
    }

    private record NoSeccomp() implements SpecCustomizer {
        @Override
        public Spec apply(Spec spec) {
            return spec;
        }
    }

    /** Creates container {@code id} running {@code args} (not started). */
    public ConmonContainer create(String id, List<String> args, SpecCustomizer... extra) throws IOException {
        return conmon.create(CreateOptions.of(id, spec(id, args, extra), logPath(id)));
    }

    /** All host capabilities this test JVM can grant (for privileged and cap-add ALL). */
    public static List<String> grantable() {
        return KernelCapabilities.grantable();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<String> problems = new ArrayList<>();
        for (String id : List.copyOf(containers)) {
            try {
                removeContainer(id);
                containers.remove(id);
            } catch (Exception e) {
                problems.add(id + ": " + e);
            }
        }
        if (!problems.isEmpty()) fail("cleanup failed: " + problems);
    }

    private void removeContainer(String id) throws IOException {
        if (Files.isDirectory(conmon.execRoot().container(id).dir())) conmon.remove(id);
        else runtime.delete(id, true);
        Path dir = root.resolve("rootfs").resolve(id);
        Path merged = dir.resolve("merged");
        if (Files.isDirectory(merged) && isMountPoint(merged)) Libc.umount2(merged, Libc.MNT_DETACH);
        AtomicFiles.deleteTree(dir);
        Files.deleteIfExists(logPath(id));
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            afterEach(context);
            conmon.close();
            // Processes whose command line mentions the sandbox: conmon, runc, runc init, container processes.
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            List<String> procs = processesMentioning(root);
            while (!procs.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
                procs = processesMentioning(root);
            }
            List<String> mounts = mountsUnder(root);
            removeCgroupParents();
            if (!procs.isEmpty() || !mounts.isEmpty()) {
                fail("the runtime tests left processes " + procs + " and mounts " + mounts);
            }
        } finally {
            for (String m : mountsUnder(root).reversed()) {
                try { Libc.umount2(Path.of(m), Libc.MNT_DETACH); } catch (IOException ignored) { }
            }
            AtomicFiles.deleteTree(root);
        }
    }

    /** runc removes each container's cgroup, not the shared test parent. */
    private void removeCgroupParents() {
        for (Path hierarchy : List.of(Path.of("/sys/fs/cgroup"), Path.of("/sys/fs/cgroup/unified"))) {
            try (DirectoryStream<Path> controllers = Files.newDirectoryStream(hierarchy)) {
                for (Path c : controllers) {
                    Path parent = c.resolve(cgroupParent.substring(1));
                    if (Files.isDirectory(parent)) Files.delete(parent);
                }
            } catch (IOException ignored) {
                // a controller without our parent, or not a directory
            }
            Path direct = hierarchy.resolve(cgroupParent.substring(1));
            try { if (Files.isDirectory(direct)) Files.delete(direct); } catch (IOException ignored) { }
        }
    }

    /** Live (non-zombie) processes with an argument inside {@code dir}. */
    public static List<String> processesMentioning(Path dir) {
        String d = dir.toAbsolutePath().toString();
        long self = ProcessHandle.current().pid();
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path p : procs) {
                if (Long.parseLong(p.getFileName().toString()) == self) continue;
                try {
                    byte[] raw = Files.readAllBytes(p.resolve("cmdline"));
                    if (raw.length == 0) continue; // kernel thread or zombie
                    String cmd = new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
                    if (cmd.contains(d)) out.add(p.getFileName() + ": " + cmd.strip());
                } catch (IOException gone) {
                    // exited meanwhile
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** Mount points at or below {@code dir}. */
    public static List<String> mountsUnder(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] f = line.split(" ");
            if (f.length > 4 && Path.of(f[4]).startsWith(dir)) out.add(f[4]);
        }
        return out;
    }

    private static boolean isMountPoint(Path p) throws IOException {
        return mountsUnder(p).contains(p.toString());
    }
}
