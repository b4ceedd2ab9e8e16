package dev.berth.engine.container;

import dev.berth.oci.ContainerConfig;

/** Changes to {@link ContainerConfig} fields it has no {@code with} method for. */
final class Configs {
    private Configs() {}

    static ContainerConfig withIdentity(ContainerConfig c, String image, String hostname, String domainname) {
        return new ContainerConfig(hostname, domainname, c.user(), c.attachStdin(), c.attachStdout(), c.attachStderr(),
                c.exposedPorts(), c.tty(), c.openStdin(), c.stdinOnce(), c.env(), c.cmd(), c.healthcheck(),
                c.argsEscaped(), image, c.volumes(), c.workingDir(), c.entrypoint(), c.onBuild(), c.labels(),
                c.stopSignal(), c.shell());
    }
}
