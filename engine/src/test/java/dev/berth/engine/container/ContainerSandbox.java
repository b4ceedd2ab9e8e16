package dev.berth.engine.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.berth.archive.LayerWriter;
import dev.berth.common.AtomicFiles;
import dev.berth.common.linux.Libc;
import dev.berth.content.local.LocalContentStore;
import dev.berth.engine.events.EventBus;
import dev.berth.engine.network.NetworkService;
import dev.berth.engine.volume.VolumeService;
import dev.berth.engine.network.NetworkServiceConfig;
import dev.berth.engine.image.ImageService;
import dev.berth.image.Image;
import dev.berth.image.ImageStore;
import dev.berth.runtime.RuncRuntime;
import dev.berth.runtime.conmon.Conmon;
import dev.berth.runtime.conmon.ConmonOptions;
import dev.berth.runtime.conmon.ExecRoot;
import dev.berth.snapshot.overlay.OverlayLayerStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Real containers for engine tests: a private data root and exec root in a temp dir, an image store
 * holding {@code busybox:test} (imported from a rootfs tar made of the host's static busybox and its
 * applet links), cgroups under {@code /berth-test-<random>}. Register it in a static field; get a
 * {@link ContainerService} per test with {@link #service()}. After each test, every container is
 * removed by force and the services are closed (even when the test failed); after all tests it checks
 * that nothing is left (processes, mounts, cgroups, directories) and deletes the temp dir.
 */
public final class ContainerSandbox implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
    public static final String IMAGE = "busybox:test";

    private Path root;
    private String cgroupParent;
    private ImageService images;
    private OverlayLayerStore layers;
    private Image image;
    private final EventBus events = new EventBus(Clock.systemUTC());
    private final List<ContainerService> services = new ArrayList<>();
    private final List<NetworkService> networkServices = new ArrayList<>();
    private String bridge;
    private String bip;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        assertEquals(0, uid, "container tests need root (runc, conmon, mounts, cgroups)");
        root = Files.createTempDirectory("berth-ct-");
        cgroupParent = "/berth-test-" + root.getFileName().toString().replace("berth-ct-", "");
        int r = java.util.concurrent.ThreadLocalRandom.current().nextInt(1 << 24);
        bridge = "bct" + Integer.toHexString(r);
        bip = "10." + (200 + (r >> 16) % 50) + "." + ((r >> 8) & 255) + ".1/24";
        Path data = Files.createDirectories(root.resolve("data"));
        layers = new OverlayLayerStore(data.resolve("layers"));
        ContainerGcRoots gcRoots = new ContainerGcRoots(data.resolve("containers"));
        ImageStore store = new ImageStore(data.resolve("images"), new LocalContentStore(data.resolve("content")), layers, gcRoots);
        images = new ImageService(store, events);
        image = images.importImage(new ByteArrayInputStream(busyboxLayer(root.resolve("busybox-rootfs"))), IMAGE, List.of(), null, null);
    }

    /** A tar of a minimal busybox root filesystem. */
    static byte[] busyboxLayer(Path dir) throws IOException, InterruptedException {
        Path busybox = Path.of("/bin/busybox");
        if (!Files.isExecutable(busybox)) throw new IllegalStateException("the container tests need busybox-static at " + busybox);
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.copy(busybox, bin.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
        Process p = new ProcessBuilder(busybox.toString(), "--list").start();
        String applets = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IllegalStateException("busybox --list failed");
        for (String a : applets.split("\n")) {
            if (!a.isBlank() && !a.equals("busybox")) Files.createSymbolicLink(bin.resolve(a.strip()), Path.of("busybox"));
        }
        Path etc = Files.createDirectories(dir.resolve("etc"));
        Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n"
                + "user:x:1000:1000:user:/home/user:/bin/sh\n");
        Files.writeString(etc.resolve("group"), "root:x:0:\nwheel:x:10:root\ntty:x:5:\nnogroup:x:65534:\nuser:x:1000:\nstaff:x:50:user\n");
        for (String d : new String[] {"proc", "sys", "dev", "root", "home/user", "tmp", "var"}) Files.createDirectories(dir.resolve(d));
        Files.setAttribute(dir.resolve("tmp"), "unix:mode", 01777);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LayerWriter.forDirectory().write(dir, out);
        return out.toByteArray();
    }

    public Path root() { return root; }
    public Path dataRoot() { return root.resolve("data"); }
    public Path execRoot() { return root.resolve("exec"); }
    public ImageService images() { return images; }
    public Image image() { return image; }
    public EventBus events() { return events; }
    public String cgroupParent() { return cgroupParent; }

    /** A new service over the sandbox's directories, recovered. */
    public ContainerService service() {
        ExecRoot execRoot = new ExecRoot(execRoot());
        Conmon conmon = new Conmon(RuncRuntime.find("runc", execRoot.runtimeRoot()), execRoot, ConmonOptions.defaults());
        ContainerServiceConfig config = ContainerServiceConfig.defaults(dataRoot()).withCgroupParent(cgroupParent);
        NetworkService networks = new NetworkService(NetworkServiceConfig.defaults(dataRoot(), execRoot())
                .withDefaultBridge(bridge, bip), events, Clock.systemUTC());
        ContainerService s = new ContainerService(config, images, networks,
                new VolumeService(dataRoot().resolve("volumes"), events, Clock.systemUTC()), layers::chain, conmon, events, Clock.systemUTC());
        synchronized (services) {
            services.add(s);
            networkServices.add(networks);
        }
        s.recover();
        return s;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<String> problems = new ArrayList<>();
        List<ContainerService> all;
        synchronized (services) {
            all = List.copyOf(services);
            services.clear();
        }
        // The newest open service removes everything (a closed one cannot).
        ContainerService cleaner = null;
        for (ContainerService s : all.reversed()) {
            if (cleaner == null) {
                try {
                    s.list(ContainerQuery.everything());
                    cleaner = s;
                    continue;
                } catch (RuntimeException closed) {
                    // closed by the test
                }
            }
            s.close();
        }
        if (cleaner == null) cleaner = service();
        for (Container c : cleaner.list(ContainerQuery.everything())) {
            try {
                cleaner.remove(c.id(), true);
            } catch (RuntimeException e) {
                problems.add(c.id() + ": " + e);
            }
        }
        cleaner.close();
        synchronized (services) {
            services.remove(cleaner);
            networkServices.forEach(NetworkService::close);
            networkServices.clear();
        }
        if (!problems.isEmpty()) fail("cleanup failed: " + problems);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            List<String> left = leftovers();
            if (Files.exists(Path.of("/sys/class/net", bridge))) left.add("bridge " + bridge);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!left.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
                left = leftovers();
            }
            if (!left.isEmpty()) fail("the container tests left " + left);
        } finally {
            for (Path m : mountsUnder(root).reversed()) {
                try { Libc.umount2(m, Libc.MNT_DETACH); } catch (IOException ignored) { }
            }
            removeCgroupParent();
            AtomicFiles.deleteTree(root);
            List<String> parents = cgroupDirs(cgroupParent);
            if (!parents.isEmpty()) fail("cgroups left: " + parents);
        }
    }

    /** Processes, mounts, cgroups and container directories that should not exist when no container does. */
    public List<String> leftovers() throws IOException {
        List<String> out = new ArrayList<>();
        processesMentioning(root).forEach(p -> out.add("process " + p));
        mountsUnder(root).forEach(m -> out.add("mount " + m));
        for (String parent : cgroupDirs(cgroupParent)) {
            try (DirectoryStream<Path> children = Files.newDirectoryStream(Path.of(parent), Files::isDirectory)) {
                children.forEach(c -> out.add("cgroup " + c));
            }
        }
        for (Path dir : List.of(dataRoot().resolve("containers"), execRoot().resolve("containers"))) {
            if (Files.isDirectory(dir)) {
                try (var list = Files.list(dir)) {
                    list.forEach(p -> out.add("file " + p));
                }
            }
        }
        if (Files.isDirectory(execRoot().resolve("exits"))) {
            try (var list = Files.list(execRoot().resolve("exits"))) {
                list.forEach(p -> out.add("exit file " + p));
            }
        }
        return out;
    }

    /** {@code /sys/fs/cgroup/<controller>/<parent>} directories that exist. */
    public static List<String> cgroupDirs(String parent) throws IOException {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> controllers = Files.newDirectoryStream(Path.of("/sys/fs/cgroup"))) {
            for (Path c : controllers) {
                Path p = c.resolve(parent.substring(1));
                if (Files.isDirectory(p)) out.add(p.toString());
            }
        }
        return out;
    }

    private void removeCgroupParent() throws IOException {
        for (String p : cgroupDirs(cgroupParent)) {
            try { Files.delete(Path.of(p)); } catch (IOException ignored) { }
        }
    }

    /** Live processes with an argument inside {@code dir}. */
    public static List<String> processesMentioning(Path dir) {
        String d = dir.toAbsolutePath().toString();
        long self = ProcessHandle.current().pid();
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path p : procs) {
                if (Long.parseLong(p.getFileName().toString()) == self) continue;
                try {
                    byte[] raw = Files.readAllBytes(p.resolve("cmdline"));
                    if (raw.length == 0) continue;
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

    public static List<Path> mountsUnder(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] f = line.split(" ");
            if (f.length > 4 && Path.of(f[4]).startsWith(dir)) out.add(Path.of(f[4]));
        }
        return out;
    }
}
