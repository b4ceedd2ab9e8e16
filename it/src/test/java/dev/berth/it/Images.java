package dev.berth.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Image fixtures built from local packages, never pulled: the busybox rootfs of {@code scripts/mkimage-busybox}
 * and Debian rootfs tars of {@code scripts/mkimage-debootstrap}. Each tar is built once per JVM and cached in
 * {@code ${BERTH_CACHE:-/var/cache/berth}/images} across runs (keyed by the script and its inputs).
 *
 * <pre>{@code
 * Images.busybox().importInto(berthd.docker());            // tags busybox:latest, CMD ["sh"]
 * Images.busybox().importInto(docker20.docker(), "bb:local");
 * String diffId = Images.busybox().diffId();                 // sha256 of the tar = the layer's DiffID
 * }</pre>
 */
public final class Images {
    /** The tag {@link ImageTar#importInto(Cli)} gives the busybox image. */
    public static final String BUSYBOX_TAG = "busybox:latest";

    private static final Map<String, ImageTar> BUILT = new ConcurrentHashMap<>();

    private Images() {}

    /** A rootfs tar to import, with the {@code --change} the image needs and the tag it gets by default. */
    public record ImageTar(Path tar, String diffId, String defaultTag, String cmdChange) {
        /** {@code <cli> import --change <cmd> <tar> <defaultTag>}; returns the successful result (stdout: image id). */
        public CliResult importInto(Cli cli) {
            return importInto(cli, defaultTag);
        }

        public CliResult importInto(Cli cli, String tag) {
            return cli.withTimeout(Duration.ofMinutes(5))
                    .run("import", "--change", cmdChange, tar.toString(), tag)
                    .assertSuccess();
        }

        public long size() {
            try {
                return Files.size(tar);
            } catch (IOException e) {
                throw ProcessRunner.unchecked("cannot stat " + tar, e);
            }
        }
    }

    /** Cache dir: {@code $BERTH_CACHE/images} (or {@code -Dberth.cache}), default {@code /var/cache/berth/images}. */
    public static Path cacheDir() {
        String base = System.getProperty("berth.cache", System.getenv().getOrDefault("BERTH_CACHE", "/var/cache/berth"));
        return Path.of(base, "images");
    }

    /** The busybox image: /bin/busybox of busybox-static, a symlink per applet, /etc basics; CMD ["sh"]. */
    public static ImageTar busybox() {
        return BUILT.computeIfAbsent("busybox", k -> {
            Tool.BUSYBOX.require();
            Path script = Repo.script("mkimage-busybox");
            String key = sha256(script, Tool.BUSYBOX.path()).substring(0, 16);
            Path tar = cacheDir().resolve("busybox-" + key + ".tar");
            if (!Files.isRegularFile(tar)) {
                runScript(List.of(script.toString(), "--tar-only", tar.toString()), Duration.ofMinutes(2));
            }
            return new ImageTar(tar, "sha256:" + sha256(tar), BUSYBOX_TAG, "CMD [\"sh\"]");
        });
    }

    /**
     * A Debian bookworm minbase rootfs with extra packages (debootstrap {@code --include}); CMD ["bash"]. Needs root
     * and the Debian mirror apt uses; about 35 s and 74 MB the first time, cached after that.
     */
    public static ImageTar debootstrap(String... includePackages) {
        String include = String.join(",", includePackages);
        return BUILT.computeIfAbsent("debootstrap:" + include, k -> {
            Preconditions.requireRoot();
            Tool.DEBOOTSTRAP.require();
            Path script = Repo.script("mkimage-debootstrap");
            List<String> cmd = new ArrayList<>(List.of(script.toString(), "--print-path"));
            if (!include.isEmpty()) {
                cmd.add("--include=" + include);
            }
            // The script keeps the tar in the cache (keyed by its arguments) and prints where.
            Path tar = Path.of(runScript(cmd, Duration.ofMinutes(15)).stdout().strip());
            return new ImageTar(tar, "sha256:" + sha256(tar), "debian:bookworm", "CMD [\"bash\"]");
        });
    }

    private static CliResult runScript(List<String> cmd, Duration timeout) {
        Map<String, String> env = ProcessRunner.baseEnvironment();
        env.put("BERTH_CACHE", cacheDir().getParent().toString());
        String mirror = System.getenv("BERTH_DEBIAN_MIRROR");
        if (mirror != null) {
            env.put("BERTH_DEBIAN_MIRROR", mirror);
        }
        return ProcessRunner.run(cmd, env, null, timeout).assertSuccess();
    }

    static String sha256(Path... files) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (Path f : files) {
                try (InputStream in = Files.newInputStream(f)) {
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        md.update(buf, 0, n);
                    }
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw ProcessRunner.unchecked("cannot hash " + List.of(files), e);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
