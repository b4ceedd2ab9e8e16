package dev.berth.oci;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The run defaults an image carries ({@code config} in an image config), with Docker's field names.
 * OCI's lowercase-free names are the same keys. Empty maps stand for Docker's {@code {}} sets
 * (ExposedPorts, Volumes).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContainerConfig(
        @JsonProperty("Hostname") String hostname,
        @JsonProperty("Domainname") String domainname,
        @JsonProperty("User") String user,
        @JsonProperty("AttachStdin") Boolean attachStdin,
        @JsonProperty("AttachStdout") Boolean attachStdout,
        @JsonProperty("AttachStderr") Boolean attachStderr,
        @JsonProperty("ExposedPorts") Map<String, Object> exposedPorts,
        @JsonProperty("Tty") Boolean tty,
        @JsonProperty("OpenStdin") Boolean openStdin,
        @JsonProperty("StdinOnce") Boolean stdinOnce,
        @JsonProperty("Env") List<String> env,
        @JsonProperty("Cmd") List<String> cmd,
        @JsonProperty("Healthcheck") Healthcheck healthcheck,
        @JsonProperty("ArgsEscaped") Boolean argsEscaped,
        @JsonProperty("Image") String image,
        @JsonProperty("Volumes") Map<String, Object> volumes,
        @JsonProperty("WorkingDir") String workingDir,
        @JsonProperty("Entrypoint") List<String> entrypoint,
        @JsonProperty("OnBuild") List<String> onBuild,
        @JsonProperty("Labels") Map<String, String> labels,
        @JsonProperty("StopSignal") String stopSignal,
        @JsonProperty("Shell") List<String> shell) {

    public static ContainerConfig empty() {
        return new ContainerConfig(null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null);
    }

    public ContainerConfig withEnv(List<String> v) { return copy(b -> b.env = v); }
    public ContainerConfig withCmd(List<String> v) { return copy(b -> b.cmd = v); }
    public ContainerConfig withEntrypoint(List<String> v) { return copy(b -> b.entrypoint = v); }
    public ContainerConfig withWorkingDir(String v) { return copy(b -> b.workingDir = v); }
    public ContainerConfig withUser(String v) { return copy(b -> b.user = v); }
    public ContainerConfig withExposedPorts(Map<String, Object> v) { return copy(b -> b.exposedPorts = v); }
    public ContainerConfig withVolumes(Map<String, Object> v) { return copy(b -> b.volumes = v); }
    public ContainerConfig withLabels(Map<String, String> v) { return copy(b -> b.labels = v); }
    public ContainerConfig withStopSignal(String v) { return copy(b -> b.stopSignal = v); }
    public ContainerConfig withHealthcheck(Healthcheck v) { return copy(b -> b.healthcheck = v); }
    public ContainerConfig withOnBuild(List<String> v) { return copy(b -> b.onBuild = v); }
    public ContainerConfig withShell(List<String> v) { return copy(b -> b.shell = v); }
    public ContainerConfig withArgsEscaped(Boolean v) { return copy(b -> b.argsEscaped = v); }

    private ContainerConfig copy(java.util.function.Consumer<Builder> change) {
        Builder b = new Builder(this);
        change.accept(b);
        return b.build();
    }

    /** Mutable scratch copy used only by the {@code with*} methods above. */
    private static final class Builder {
        String hostname, domainname, user, image, workingDir, stopSignal;
        Boolean attachStdin, attachStdout, attachStderr, tty, openStdin, stdinOnce, argsEscaped;
        Map<String, Object> exposedPorts, volumes;
        Map<String, String> labels;
        List<String> env, cmd, entrypoint, onBuild, shell;
        Healthcheck healthcheck;

        Builder(ContainerConfig c) {
            hostname = c.hostname; domainname = c.domainname; user = c.user; attachStdin = c.attachStdin;
            attachStdout = c.attachStdout; attachStderr = c.attachStderr; exposedPorts = c.exposedPorts; tty = c.tty;
            openStdin = c.openStdin; stdinOnce = c.stdinOnce; env = c.env; cmd = c.cmd; healthcheck = c.healthcheck;
            argsEscaped = c.argsEscaped; image = c.image; volumes = c.volumes; workingDir = c.workingDir;
            entrypoint = c.entrypoint; onBuild = c.onBuild; labels = c.labels; stopSignal = c.stopSignal; shell = c.shell;
        }

        ContainerConfig build() {
            return new ContainerConfig(hostname, domainname, user, attachStdin, attachStdout, attachStderr, exposedPorts,
                    tty, openStdin, stdinOnce, env, cmd, healthcheck, argsEscaped, image, volumes, workingDir, entrypoint,
                    onBuild, labels, stopSignal, shell);
        }
    }

    /** Docker's health check settings; durations in nanoseconds. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Healthcheck(@JsonProperty("Test") List<String> test, @JsonProperty("Interval") Long interval,
                              @JsonProperty("Timeout") Long timeout, @JsonProperty("StartPeriod") Long startPeriod,
                              @JsonProperty("StartInterval") Long startInterval, @JsonProperty("Retries") Integer retries) {}
}
