package dev.berth.engine.container;

import dev.berth.engine.network.EndpointSpec;
import dev.berth.oci.ContainerConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a create request asks for ({@code POST /containers/create?name=...} with its body), in engine
 * terms: the run configuration as Docker's {@code Config} (merged with the image's at create) and
 * the host side.
 *
 * @param name        the container name, with or without the leading {@code /}; null or empty for a generated one
 * @param image       the image as the user named it ({@code busybox}, {@code sha256:...}, a short id);
 *                    null to take {@code config.Image}
 * @param config      Cmd, Entrypoint, Env, WorkingDir, User, Tty, OpenStdin, StdinOnce, Labels,
 *                    StopSignal, ExposedPorts, Volumes, Healthcheck, Hostname, Domainname...; null for none
 * @param host        the host side; null for {@link HostSpec#defaults()}
 * @param stopTimeout {@code Config.StopTimeout}: seconds {@code stop} waits before SIGKILL; null for 10
 * @param endpoints   {@code NetworkingConfig.EndpointsConfig}: networks to connect to, with aliases and addresses
 */
public record ContainerSpec(String name, String image, ContainerConfig config, HostSpec host, Integer stopTimeout,
                            Map<String, EndpointSpec> endpoints) {
    public ContainerSpec(String name, String image, ContainerConfig config, HostSpec host, Integer stopTimeout) {
        this(name, image, config, host, stopTimeout, Map.of());
    }

    public ContainerSpec {
        endpoints = endpoints == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(endpoints));
        if (config == null) config = ContainerConfig.empty();
        if (image == null || image.isEmpty()) image = config.image();
        if (host == null) host = HostSpec.defaults();
    }

    /** A container of {@code image} running {@code cmd} (the image's Cmd when empty), with default host settings. */
    public static ContainerSpec of(String image, String... cmd) {
        ContainerConfig c = ContainerConfig.empty();
        if (cmd.length > 0) c = c.withCmd(List.of(cmd));
        return new ContainerSpec(null, image, c, HostSpec.defaults(), null);
    }

    public ContainerSpec withName(String n) { return new ContainerSpec(n, image, config, host, stopTimeout, endpoints); }
    public ContainerSpec withConfig(ContainerConfig c) { return new ContainerSpec(name, image, c, host, stopTimeout, endpoints); }
    public ContainerSpec withHost(HostSpec h) { return new ContainerSpec(name, image, config, h, stopTimeout, endpoints); }
    public ContainerSpec withStopTimeout(Integer t) { return new ContainerSpec(name, image, config, host, t, endpoints); }
}
