package dev.berth.daemon;

import dev.berth.distribution.RegistryOptions;
import dev.berth.registry.RegistryConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * How a berthd instance is set up. Several daemons can run side by side when each has its own
 * data root, exec root and sockets.
 *
 * @param hosts    listen addresses: {@code unix:///path} or {@code tcp://127.0.0.1:PORT}
 * @param dataRoot persistent state (images, layers, containers): {@code /var/lib/berth}
 * @param execRoot runtime state that a reboot clears (sockets, pid files): {@code /run/berth}
 * @param runtime  the default OCI runtime binary name or path
 * @param initPath the static init bind-mounted for {@code --init} ({@code --init-path}), or null to look for
 *                 {@code docker-init}, {@code tini-static} or {@code catatonit} on the host
 * @param insecureRegistries {@code --insecure-registry}: registries ({@code host[:port]} or CIDR) reached over
 *                 plain HTTP or unverified TLS, besides 127.0.0.0/8
 * @param registry how pulls and pushes go: {@code --max-concurrent-downloads/uploads}, {@code --max-download-attempts}
 *                 (and the upload chunk size from the {@code berth.registry.chunkSize} system property)
 * @param embeddedRegistry the registry berthd serves beside the Engine API ({@code --registry-listen}), or null
 */
public record DaemonConfig(List<String> hosts, Path dataRoot, Path execRoot, String runtime, boolean debug, Path initPath,
                           String bridge, String bip, String addressPool, List<String> insecureRegistries,
                           RegistryOptions registry, RegistryConfig embeddedRegistry) {
    public static final String DEFAULT_HOST = "unix:///run/berth/berth.sock";

    public DaemonConfig {
        hosts = hosts == null || hosts.isEmpty() ? List.of(DEFAULT_HOST) : List.copyOf(hosts);
        insecureRegistries = insecureRegistries == null ? List.of() : List.copyOf(insecureRegistries);
        if (registry == null) registry = RegistryOptions.defaults();
        registry = registry.withInsecureRegistries(insecureRegistries);
    }
}
