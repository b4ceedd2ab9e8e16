package dev.berth.cli.command;

import dev.berth.api.ContainerCreateRequest;
import dev.berth.api.ContainerCreateResponse;
import dev.berth.api.HostConfig;
import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.cli.Invocation;
import dev.berth.cli.auth.RegistryAuth;
import dev.berth.cli.render.JsonMessagePrinter;
import dev.berth.cli.run.ContainerSpec;
import dev.berth.cli.run.IpAddr;
import dev.berth.client.JsonMessageStream;
import dev.berth.common.EngineException;
import dev.berth.oci.ImageRef;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * docker's {@code createContainer} for {@code create} and {@code run}: the container ID file, the
 * pull policy (pull first with {@code always}, on "No such image" with {@code missing}), the
 * console size, the create request, and its warnings.
 */
final class Creation {
    private Creation() {}

    /** {@code validatePullOpt}: null when fine, else docker's message. */
    static String checkPull(String pull) {
        if (pull == null || pull.isEmpty() || pull.equals("always") || pull.equals("missing") || pull.equals("never")) {
            return null;
        }
        return "invalid pull option: '" + pull + "': must be one of \"always\", \"missing\" or \"never\"";
    }

    /** A failure before the container exists, in docker run/create's form: {@code berth: MESSAGE} + hint, status 125. */
    static CliException usage(String message, String command) {
        return new CliException("berth: " + message + "\n\nRun 'berth " + command + " --help' for more information", 125);
    }

    /** Parses the flags into a create request, failing as docker does (status 125). */
    static ContainerSpec spec(CliContext ctx, Invocation in, boolean detach, String command) {
        String pullProblem = checkPull(in.string("pull"));
        if (pullProblem != null) throw usage(pullProblem, command);
        if (in.bool("use-api-socket")) throw usage("flag --use-api-socket is not supported by berth", command);
        if (!in.list("annotation").isEmpty()) ApiFeatures.require("--annotation", "1.43");
        if (in.string("health-start-interval") != null) ApiFeatures.require("--health-start-interval", "1.44");
        try {
            return ContainerSpec.parse(in, ctx.envFunction(), ctx.cwd(), detach);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage(), command);
        }
    }

    /** Creates the container; returns its id. Failures are thrown as they come (daemon errors as EngineException). */
    static String create(CliContext ctx, ContainerSpec spec) throws IOException {
        ContainerCreateRequest request = spec.request();
        HostConfig hc = request.hostConfig();
        String cidFile = hc.containerIdFile();
        Path cid = null;
        if (cidFile != null && !cidFile.isEmpty()) {
            cid = ctx.cwd().resolve(cidFile);
            if (Files.exists(cid)) {
                throw new CliException("container ID file found, make sure the other container isn't running or delete "
                        + cidFile);
            }
            try {
                Files.createFile(cid);
            } catch (FileAlreadyExistsException e) {
                throw new CliException("container ID file found, make sure the other container isn't running or delete "
                        + cidFile);
            } catch (IOException e) {
                throw new CliException("failed to create the container ID file: " + e.getMessage());
            }
        }
        boolean written = false;
        try {
            String image = request.image();
            String platform = platform(spec.platform());
            if ("always".equals(spec.pull())) pull(ctx, image, spec);
            request = withConsoleSize(request, ctx);
            ContainerCreateResponse response;
            try {
                response = ctx.client().createContainer(request, spec.name(), platform);
            } catch (EngineException.NotFound e) {
                String named = namedReference(image);
                if (named == null || !"missing".equals(spec.pull())) throw e;
                if (!spec.quiet()) ctx.err().println("Unable to find image '" + named + "' locally");
                pull(ctx, image, spec);
                response = ctx.client().createContainer(request, spec.name(), platform);
            }
            List<String> warnings = new ArrayList<>();
            if (response.warnings() != null) warnings.addAll(response.warnings());
            String dnsWarning = localhostDnsWarning(hc.dns());
            if (dnsWarning != null) warnings.add(dnsWarning);
            for (String w : warnings) ctx.err().println("WARNING: " + w);
            if (cid != null) {
                try {
                    Files.writeString(cid, response.id(), StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
                    written = true;
                } catch (IOException e) {
                    throw new CliException("failed to write the container ID to the file: " + e.getMessage());
                }
            }
            return response.id();
        } finally {
            if (cid != null && !written) Files.deleteIfExists(cid);
        }
    }

    private static ContainerCreateRequest withConsoleSize(ContainerCreateRequest r, CliContext ctx) {
        if (!ctx.streams().outIsTerminal() || ctx.terminal() == null) return r;
        int[] size = ctx.terminal().size();
        if (size == null) return r;
        HostConfig h = r.hostConfig();
        HostConfig sized = new HostConfig(h.binds(), h.containerIdFile(), h.logConfig(), h.networkMode(), h.portBindings(),
                h.restartPolicy(), h.autoRemove(), h.volumeDriver(), h.volumesFrom(), List.of(size[0], size[1]),
                h.annotations(), h.capAdd(), h.capDrop(), h.cgroupnsMode(), h.dns(), h.dnsOptions(), h.dnsSearch(),
                h.extraHosts(), h.groupAdd(), h.ipcMode(), h.cgroup(), h.links(), h.oomScoreAdj(), h.pidMode(),
                h.privileged(), h.publishAllPorts(), h.readonlyRootfs(), h.securityOpt(), h.storageOpt(), h.tmpfs(),
                h.utsMode(), h.usernsMode(), h.shmSize(), h.sysctls(), h.runtime(), h.isolation(), h.cpuShares(),
                h.memory(), h.nanoCpus(), h.cgroupParent(), h.blkioWeight(), h.blkioWeightDevice(),
                h.blkioDeviceReadBps(), h.blkioDeviceWriteBps(), h.blkioDeviceReadIOps(), h.blkioDeviceWriteIOps(),
                h.cpuPeriod(), h.cpuQuota(), h.cpuRealtimePeriod(), h.cpuRealtimeRuntime(), h.cpusetCpus(),
                h.cpusetMems(), h.devices(), h.deviceCgroupRules(), h.deviceRequests(), h.kernelMemory(),
                h.kernelMemoryTcp(), h.memoryReservation(), h.memorySwap(), h.memorySwappiness(), h.oomKillDisable(),
                h.pidsLimit(), h.ulimits(), h.cpuCount(), h.cpuPercent(), h.ioMaximumIOps(), h.ioMaximumBandwidth(),
                h.mounts(), h.maskedPaths(), h.readonlyPaths(), h.init());
        return new ContainerCreateRequest(r.hostname(), r.domainname(), r.user(), r.attachStdin(), r.attachStdout(),
                r.attachStderr(), r.exposedPorts(), r.tty(), r.openStdin(), r.stdinOnce(), r.env(), r.cmd(),
                r.healthcheck(), r.argsEscaped(), r.image(), r.volumes(), r.workingDir(), r.entrypoint(),
                r.networkDisabled(), r.macAddress(), r.onBuild(), r.labels(), r.stopSignal(), r.stopTimeout(), r.shell(),
                sized, r.networkingConfig());
    }

    /** docker pulls through {@code /images/create} and shows the progress on stderr (nothing with -q). */
    private static void pull(CliContext ctx, String image, ContainerSpec spec) {
        String auth;
        try {
            auth = RegistryAuth.header(ctx, ImageRef.parseNamed(image).domain());
        } catch (EngineException.InvalidArgument e) {
            auth = "e30=";
        }
        try (JsonMessageStream messages = ctx.client().pullImage(image, platform(spec.platform()), auth)) {
            PrintStream out = spec.quiet() ? new PrintStream(OutputStream.nullOutputStream()) : ctx.err();
            new JsonMessagePrinter(out, false, 200).display(messages, null);
        }
    }

    /** The image as docker names it in "Unable to find image", or null for an image id (never pulled). */
    private static String namedReference(String image) {
        if (image == null || isHexId(image)) return null;
        try {
            return ImageRef.parse(image).familiar();
        } catch (EngineException.InvalidArgument e) {
            return null;
        }
    }

    private static boolean isHexId(String s) {
        String h = s.startsWith("sha256:") ? s.substring(7) : s;
        if (h.length() != 64) return false;
        for (int i = 0; i < h.length(); i++) if (Character.digit(h.charAt(i), 16) < 0 || Character.isUpperCase(h.charAt(i))) return false;
        return true;
    }

    private static String localhostDnsWarning(List<String> dns) {
        if (dns == null) return null;
        for (String d : dns) {
            if (IpAddr.isLoopback(d)) return "Localhost DNS (" + IpAddr.canonical(d) + ") may fail in containers.";
        }
        return null;
    }

    /** {@code platforms.Parse} then {@code os/arch[/variant]}, with common architecture aliases normalised. */
    static String platform(String p) {
        if (p == null || p.isEmpty()) return null;
        String[] parts = p.toLowerCase(Locale.ROOT).split("/", -1);
        String os;
        String arch;
        String variant = "";
        if (parts.length == 1) {
            if (isOs(parts[0])) {
                os = parts[0];
                arch = "amd64";
            } else {
                os = "linux";
                arch = parts[0];
            }
        } else {
            os = parts[0];
            arch = parts[1];
            if (parts.length > 2) variant = parts[2];
        }
        switch (arch) {
            case "x86_64", "x86-64" -> arch = "amd64";
            case "aarch64" -> arch = "arm64";
            case "armhf" -> {
                arch = "arm";
                variant = "v7";
            }
            case "armel" -> {
                arch = "arm";
                variant = "v6";
            }
            case "i386" -> arch = "386";
            default -> { }
        }
        if (arch.equals("arm64") && variant.equals("v8")) variant = "";
        return os + "/" + arch + (variant.isEmpty() ? "" : "/" + variant);
    }

    private static boolean isOs(String s) {
        return s.equals("linux") || s.equals("windows") || s.equals("darwin") || s.equals("freebsd");
    }
}
