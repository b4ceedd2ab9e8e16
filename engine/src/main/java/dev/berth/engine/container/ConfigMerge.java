package dev.berth.engine.container;

import dev.berth.common.EngineException;
import dev.berth.oci.ContainerConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * dockerd's merge of a create request's config with its image's ({@code daemon/commit.go merge}) and
 * its choice of the command ({@code getEntrypointAndArgs}).
 */
final class ConfigMerge {
    private ConfigMerge() {}

    /** The executable and its arguments. */
    record Command(String path, List<String> args) {
        List<String> argv() {
            List<String> all = new ArrayList<>();
            all.add(path);
            all.addAll(args);
            return all;
        }
    }

    /**
     * The request's config with the image's defaults filled in: User, WorkingDir, StopSignal and
     * Healthcheck when unset; Env merged by key (the request's entries win, the image's others are
     * appended); Labels, ExposedPorts and Volumes merged; Cmd from the image only if the request gives
     * neither Entrypoint nor Cmd (a given Entrypoint resets the image's Cmd); Entrypoint from the image
     * only if the request's is null.
     */
    static ContainerConfig merge(ContainerConfig user, ContainerConfig image) {
        if (image == null) return user;
        ContainerConfig c = user;
        if (isEmpty(c.user())) c = c.withUser(image.user());
        c = c.withExposedPorts(mergeSets(c.exposedPorts(), image.exposedPorts()));
        c = c.withEnv(mergeEnv(c.env(), image.env()));
        Map<String, String> labels = new LinkedHashMap<>();
        if (image.labels() != null) labels.putAll(image.labels());
        if (c.labels() != null) labels.putAll(c.labels());
        c = c.withLabels(labels);
        if (c.entrypoint() == null || c.entrypoint().isEmpty()) {
            if (c.cmd() == null || c.cmd().isEmpty()) c = c.withCmd(image.cmd()).withArgsEscaped(image.argsEscaped());
            if (c.entrypoint() == null) c = c.withEntrypoint(image.entrypoint());
        }
        if (c.healthcheck() == null) {
            c = c.withHealthcheck(image.healthcheck());
        } else if (image.healthcheck() != null) {
            ContainerConfig.Healthcheck u = c.healthcheck();
            ContainerConfig.Healthcheck i = image.healthcheck();
            c = c.withHealthcheck(new ContainerConfig.Healthcheck(
                    u.test() == null || u.test().isEmpty() ? i.test() : u.test(),
                    zero(u.interval()) ? i.interval() : u.interval(),
                    zero(u.timeout()) ? i.timeout() : u.timeout(),
                    zero(u.startPeriod()) ? i.startPeriod() : u.startPeriod(),
                    zero(u.startInterval()) ? i.startInterval() : u.startInterval(),
                    u.retries() == null || u.retries() == 0 ? i.retries() : u.retries()));
        }
        if (isEmpty(c.workingDir())) c = c.withWorkingDir(image.workingDir());
        c = c.withVolumes(mergeSets(c.volumes(), image.volumes()));
        if (isEmpty(c.stopSignal())) c = c.withStopSignal(image.stopSignal());
        return c;
    }

    /**
     * Entrypoint then Cmd; an Entrypoint of {@code [""]} (the CLI's {@code --entrypoint ""}) counts as none.
     *
     * @throws EngineException.InvalidArgument "No command specified", as dockerd says
     */
    static Command command(ContainerConfig c) {
        List<String> all = new ArrayList<>();
        List<String> ep = c.entrypoint();
        if (ep != null && !(ep.size() == 1 && ep.getFirst().isEmpty())) all.addAll(ep);
        if (c.cmd() != null) all.addAll(c.cmd());
        if (all.isEmpty()) throw new EngineException.InvalidArgument("No command specified");
        return new Command(all.getFirst(), all.subList(1, all.size()));
    }

    private static List<String> mergeEnv(List<String> user, List<String> image) {
        if (user == null || user.isEmpty()) return image;
        if (image == null) return user;
        List<String> out = new ArrayList<>(user);
        for (String ie : image) {
            String key = key(ie);
            if (user.stream().noneMatch(ue -> key(ue).equals(key))) out.add(ie);
        }
        return out;
    }

    private static Map<String, Object> mergeSets(Map<String, Object> user, Map<String, Object> image) {
        if (user == null || user.isEmpty()) return image;
        if (image == null) return user;
        Map<String, Object> out = new LinkedHashMap<>(user);
        for (String k : image.keySet()) out.putIfAbsent(k, Map.of());
        return out;
    }

    static String key(String envEntry) {
        int eq = envEntry.indexOf('=');
        return eq < 0 ? envEntry : envEntry.substring(0, eq);
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }

    private static boolean zero(Long l) {
        return l == null || l == 0;
    }
}
