package dev.berth.engine.container;

import dev.berth.engine.network.EndpointSpec;
import dev.berth.oci.ContainerConfig;
import dev.berth.oci.Digest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container as the engine knows it: an immutable snapshot (take a new one after any change), and
 * what {@code <data-root>/containers/<id>/container.json} holds.
 *
 * @param id              64 hex digits
 * @param name            with the leading slash, as Docker keeps it ({@code /web}); {@link #shortName()} without
 * @param created         when it was created
 * @param imageId         the image it was created from ({@code sha256:...})
 * @param image           the image as the user named it ({@code Config.Image}; events' {@code image})
 * @param path            the command's executable (entrypoint or cmd, first word)
 * @param args            the rest of the command
 * @param config          the run configuration, merged with the image's as dockerd merges it
 * @param hostConfig      the host side, as given
 * @param stopTimeout     seconds {@code stop} waits by default (null: 10)
 * @param state           see {@link ContainerState}
 * @param restartCount    restarts by the restart policy since the last user start
 * @param manuallyStopped stopped or killed by the user since its last start (Docker's
 *                        {@code HasBeenManuallyStopped}: {@code unless-stopped} then stays down)
 * @param hostnamePath    the file bind-mounted at {@code /etc/hostname}
 * @param hostsPath       the file bind-mounted at {@code /etc/hosts}
 * @param resolvConfPath  the file bind-mounted at {@code /etc/resolv.conf}
 * @param logPath         conmon's {@code k8s-file} log of stdout and stderr
 * @param rootfs          the container's filesystem: image layers plus its own upper dir
 * @param execIds         exec sessions of this container (in memory only; empty after a daemon restart)
 * @param networks        the networks it is connected to, by name, in attach order (the network mode's first);
 *                        empty for {@code host}, {@code none} and {@code container:} modes
 */
public record Container(String id, String name, Instant created, Digest imageId, String image, String path,
                        List<String> args, ContainerConfig config, HostSpec hostConfig, Integer stopTimeout,
                        ContainerState state, int restartCount, boolean manuallyStopped, Path hostnamePath,
                        Path hostsPath, Path resolvConfPath, Path logPath, Rootfs rootfs, List<String> execIds,
                        Map<String, EndpointSpec> networks, List<MountPoint> mounts) {
    public Container {
        mounts = mounts == null ? List.of() : List.copyOf(mounts);
        args = args == null ? List.of() : List.copyOf(args);
        execIds = execIds == null ? List.of() : List.copyOf(execIds);
        networks = networks == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(networks));
    }

    /** The name without the leading slash, as events and the CLI show it. */
    public String shortName() {
        return name.startsWith("/") ? name.substring(1) : name;
    }

    /** The first 12 hex digits of the id. */
    public String shortId() {
        return id.substring(0, 12);
    }

    /** {@code Config.Labels}, never null. */
    public Map<String, String> labels() {
        return config.labels() == null ? Map.of() : config.labels();
    }

    /** {@code path} and {@code args} joined as {@code docker ps} shows the command (arguments with spaces quoted). */
    public String command() {
        StringBuilder b = new StringBuilder(path);
        for (String a : args) b.append(' ').append(a.contains(" ") ? "'" + a + "'" : a);
        return b.toString();
    }

    /** The signal {@code stop} sends first: {@code Config.StopSignal}, else {@code SIGTERM}. */
    public String stopSignal() {
        return config.stopSignal() == null || config.stopSignal().isEmpty() ? "SIGTERM" : config.stopSignal();
    }

    Container withState(ContainerState s) {
        return new Container(id, name, created, imageId, image, path, args, config, hostConfig, stopTimeout, s, restartCount, manuallyStopped, hostnamePath, hostsPath, resolvConfPath, logPath, rootfs, execIds, networks, mounts);
    }

    Container withName(String n) {
        return new Container(id, n, created, imageId, image, path, args, config, hostConfig, stopTimeout, state, restartCount, manuallyStopped, hostnamePath, hostsPath, resolvConfPath, logPath, rootfs, execIds, networks, mounts);
    }

    Container withRestartCount(int n) {
        return new Container(id, name, created, imageId, image, path, args, config, hostConfig, stopTimeout, state, n, manuallyStopped, hostnamePath, hostsPath, resolvConfPath, logPath, rootfs, execIds, networks, mounts);
    }

    Container withManuallyStopped(boolean m) {
        return new Container(id, name, created, imageId, image, path, args, config, hostConfig, stopTimeout, state, restartCount, m, hostnamePath, hostsPath, resolvConfPath, logPath, rootfs, execIds, networks, mounts);
    }

    Container withEtcFiles(Path hostname, Path hosts, Path resolvConf) {
        return new Container(id, name, created, imageId, image, path, args, config, hostConfig, stopTimeout, state, restartCount, manuallyStopped, hostname, hosts, resolvConf, logPath, rootfs, execIds, networks, mounts);
    }

    Container withHostConfig(HostSpec h) {
        return new Container(id, name, created, imageId, image, path, args, config, h, stopTimeout, state, restartCount, manuallyStopped, hostnamePath, hostsPath, resolvConfPath, logPath, rootfs, execIds, networks, mounts);
    }

    Container withExecIds(List<String> ids) {
        return new Container(id, name, created, imageId, image, path, args, config, hostConfig, stopTimeout, state, restartCount, manuallyStopped, hostnamePath, hostsPath, resolvConfPath, logPath, rootfs, ids, networks, mounts);
    }

    Container withNetworks(Map<String, EndpointSpec> n) {
        return new Container(id, name, created, imageId, image, path, args, config, hostConfig, stopTimeout, state, restartCount, manuallyStopped, hostnamePath, hostsPath, resolvConfPath, logPath, rootfs, execIds, n, mounts);
    }

    /**
     * The container's overlay filesystem (Docker's {@code GraphDriver.Data}).
     *
     * @param chainId   the image's top layer (the lower dirs are it and its parents); null for an image without layers
     * @param upperDir  the container's own changes
     * @param workDir   overlayfs' work dir
     * @param mergedDir where the root filesystem is mounted while the container runs
     */
    public record Rootfs(Digest chainId, Path upperDir, Path workDir, Path mergedDir) {}
}
