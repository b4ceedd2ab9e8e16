package dev.berth.image;

import dev.berth.oci.ContainerConfig;
import dev.berth.oci.Descriptor.Platform;
import dev.berth.oci.ImageRef;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Parameters of {@code docker import}.
 *
 * @param config run defaults for the image (the engine turns {@code --change} lines into this)
 * @param message the history comment and config {@code comment}; Docker writes "Imported from -" for stdin
 *                or "Imported from &lt;url&gt;"
 * @param tag the name to give the image, if any (tagged form, e.g. {@code docker.io/library/app:latest})
 * @param platform the platform recorded in the config; defaults to the host's
 * @param engineVersion written to the config's {@code docker_version}
 * @param created the creation time; empty means now
 */
public record ImportOptions(ContainerConfig config, String message, Optional<ImageRef> tag, Platform platform,
                            String engineVersion, Optional<Instant> created) {
    public static final String DEFAULT_MESSAGE = "Imported from -";
    public static final String DEFAULT_ENGINE_VERSION = "berth-0.1.0";

    public ImportOptions {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(engineVersion, "engineVersion");
        Objects.requireNonNull(created, "created");
        if (platform.os() == null || platform.architecture() == null) {
            throw new IllegalArgumentException("platform needs an os and an architecture: " + platform);
        }
    }

    /** Empty config, Docker's stdin message, no tag, the host platform, now. */
    public static ImportOptions defaults() {
        return new ImportOptions(ContainerConfig.empty(), DEFAULT_MESSAGE, Optional.empty(), hostPlatform(),
                DEFAULT_ENGINE_VERSION, Optional.empty());
    }

    public ImportOptions withConfig(ContainerConfig c) {
        return new ImportOptions(c, message, tag, platform, engineVersion, created);
    }

    public ImportOptions withMessage(String m) {
        return new ImportOptions(config, m, tag, platform, engineVersion, created);
    }

    public ImportOptions withTag(ImageRef t) {
        return new ImportOptions(config, message, Optional.of(t), platform, engineVersion, created);
    }

    public ImportOptions withPlatform(Platform p) {
        return new ImportOptions(config, message, tag, p, engineVersion, created);
    }

    public ImportOptions withEngineVersion(String v) {
        return new ImportOptions(config, message, tag, platform, v, created);
    }

    public ImportOptions withCreated(Instant t) {
        return new ImportOptions(config, message, tag, platform, engineVersion, Optional.of(t));
    }

    /** The platform of this machine in OCI terms ({@code linux/amd64}, {@code linux/arm64}...). */
    public static Platform hostPlatform() {
        String arch = switch (System.getProperty("os.arch", "amd64")) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i486", "i586", "i686" -> "386";
            case "arm" -> "arm";
            case "ppc64le" -> "ppc64le";
            case "s390x" -> "s390x";
            case "riscv64" -> "riscv64";
            default -> System.getProperty("os.arch");
        };
        return new Platform(arch, "linux", null, "arm64".equals(arch) ? "v8" : null);
    }
}
