package dev.berth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole harness once, minimally: a dedicated berthd with the docker CLI 28 against it, and Docker 20.10 with
 * the busybox fixture. Fails until bin/berthd exists and answers {@code docker version}.
 */
@RequiresRoot(tools = {Tool.DOCKER_CLI, Tool.DOCKERD, Tool.BUSYBOX})
class HarnessSmokeIT {
    @RegisterExtension
    static final BerthDaemon berthd = new BerthDaemon();

    @RegisterExtension
    static final Docker20 docker20 = new Docker20();

    @Test
    void dockerVersionAgainstBerthd() {
        CliResult r = berthd.docker().ok("version", "--format", "{{.Server.APIVersion}} {{.Server.Os}}");
        assertEquals("1.41 linux", r.stdout().strip(), r.describe());
    }

    @Test
    void dockerImagesAgainstDocker20() {
        DockerCli docker = docker20.docker();
        Images.busybox().importInto(docker);
        assertTrue(docker.ok("images", "--format", "{{.Repository}}:{{.Tag}}").stdoutLines().contains(Images.BUSYBOX_TAG));
    }
}
