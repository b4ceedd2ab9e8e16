package dev.berth.compose.plan;

import dev.berth.api.ContainerCreateResponse;
import dev.berth.api.ContainerInspect;
import dev.berth.api.ContainerSummary;
import dev.berth.api.Filters;
import dev.berth.api.MountPoint;
import dev.berth.api.NetworkConnectRequest;
import dev.berth.api.NetworkCreateRequest;
import dev.berth.api.NetworkResource;
import dev.berth.api.VolumeResource;
import dev.berth.client.ContainerListOptions;
import dev.berth.client.DockerClient;
import dev.berth.common.EngineException;
import dev.berth.compose.model.ComposeException;
import dev.berth.compose.model.ConfigHash;
import dev.berth.compose.model.Project;
import dev.berth.compose.model.Service;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * Runs a plan: one virtual thread per node, each waiting for the nodes it depends on, so independent
 * services proceed in parallel. It decides nothing: every node is the API call its operation names.
 * A failed node fails the nodes after it (they are not run); the first failure is thrown at the end.
 */
public final class Executor {
    private final DockerClient client;
    private final Project project;
    private final Progress progress;
    private final Semaphore parallel;
    private final Map<Integer, String> created = new ConcurrentHashMap<>();
    private final Integer stopTimeout;
    private final boolean removeVolumes;

    /**
     * @param parallelism the most API calls at once; 0 or less for no limit
     * @param stopTimeout seconds before a stop kills, or null for each container's own
     * @param removeVolumes whether removed containers take their anonymous volumes
     */
    public Executor(DockerClient client, Project project, Progress progress, int parallelism, Integer stopTimeout, boolean removeVolumes) {
        this.client = client;
        this.project = project;
        this.progress = progress;
        this.parallel = new Semaphore(parallelism <= 0 ? Integer.MAX_VALUE : parallelism);
        this.stopTimeout = stopTimeout;
        this.removeVolumes = removeVolumes;
    }

    /** Runs every node; throws the first failure after the others have finished or been skipped. */
    public void execute(Plan plan) {
        Map<PlanNode, CompletableFuture<Void>> done = new LinkedHashMap<>();
        for (PlanNode n : plan.nodes()) done.put(n, new CompletableFuture<>());
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (PlanNode n : plan.nodes()) {
                threads.submit(() -> {
                    CompletableFuture<Void> mine = done.get(n);
                    try {
                        for (PlanNode d : n.dependsOn()) done.get(d).get();
                    } catch (InterruptedException | ExecutionException e) {
                        mine.completeExceptionally(new Skipped());
                        return;
                    }
                    try {
                        parallel.acquireUninterruptibly();
                        try {
                            run(n);
                        } finally {
                            parallel.release();
                        }
                        mine.complete(null);
                    } catch (RuntimeException e) {
                        mine.completeExceptionally(e);
                    }
                });
            }
        }
        for (CompletableFuture<Void> f : done.values()) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Skipped) continue;
                if (e.getCause() instanceof RuntimeException r) throw r;
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ComposeException("interrupted");
            }
        }
    }

    /** Marks a node not run because one before it failed. */
    private static final class Skipped extends RuntimeException {
        Skipped() {
            super(null, null, false, false);
        }
    }

    private void run(PlanNode n) {
        Operation o = n.operation();
        switch (o.type()) {
            case CreateNetwork -> createNetwork(o);
            case RemoveNetwork -> step("Network " + o.name(), "Removing", "Removed", () -> client.removeNetwork(o.name()));
            case CreateVolume -> createVolume(o);
            case RemoveVolume -> step("Volume " + o.name(), "Removing", "Removed", () -> client.removeVolume(o.name(), false));
            case CreateContainer -> createContainer(n);
            case StartContainer -> step("Container " + displayName(o), "Starting", "Started", () -> client.startContainer(id(o)));
            case StopContainer -> {
                if (o.cause().startsWith("replaced by")) client.stopContainer(id(o), stopTimeout, null);
                else step("Container " + displayName(o), "Stopping", "Stopped", () -> client.stopContainer(id(o), stopTimeout, null));
            }
            case KillContainer -> step("Container " + displayName(o), "Killing", "Killed", () -> client.killContainer(id(o), o.name()));
            case RemoveContainer -> {
                if (o.cause().startsWith("replaced by")) {
                    client.removeContainer(id(o), false, true, false);
                } else {
                    step("Container " + displayName(o), "Removing", "Removed", () -> client.removeContainer(id(o), removeVolumes, true, false));
                }
            }
            case RenameContainer -> {
                client.renameContainer(id(o), o.name());
                progress.event("Container " + o.name(), "Recreated");
            }
            case WaitHealthy -> waitFor(o.service(), true);
            case WaitCompleted -> waitFor(o.service(), false);
            case RemoveImage -> step("Image " + o.name(), "Removing", "Removed", () -> client.removeImage(o.name(), false, false));
            case DisconnectNetwork -> client.connectNetwork(o.name(), new NetworkConnectRequest(id(o), null, true), false);
            case ConnectNetwork -> {
                Service s = project.service(o.service());
                String key = null;
                for (Map.Entry<String, Map<String, Object>> e : project.resources("networks").entrySet()) {
                    if (o.name().equals(String.valueOf(e.getValue().get("name")))) key = e.getKey();
                }
                client.connectNetwork(o.name(), new NetworkConnectRequest(id(o),
                        ContainerSpecs.endpointSettings(s, key, displayName(o)), null), true);
            }
        }
    }

    private interface Call {
        void run();
    }

    private void step(String resource, String doing, String done, Call call) {
        progress.event(resource, doing);
        try {
            call.run();
        } catch (RuntimeException e) {
            progress.event(resource, "Error");
            throw e;
        }
        progress.event(resource, done);
    }

    private String id(Operation o) {
        if (o.createdBy() != null) return created.get(o.createdBy().id());
        return o.containerId();
    }

    private static String displayName(Operation o) {
        if (o.container() != null) return Planner.name(o.container());
        return o.name();
    }

    private void createNetwork(Operation o) {
        String key = o.resource().substring("network:".length());
        Map<String, Object> def = project.resources("networks").get(key);
        Map<String, String> labels = new TreeMap<>(stringMap(def.get("labels")));
        labels.put(ComposeLabels.PROJECT, project.name());
        labels.put(ComposeLabels.NETWORK, key);
        labels.put(ComposeLabels.VERSION, ComposeLabels.COMPOSE_VERSION);
        labels.put(ComposeLabels.CONFIG_HASH, ConfigHash.network(key, def));
        NetworkResource.Ipam ipam = null;
        if (def.get("ipam") instanceof Map<?, ?> i) {
            List<NetworkResource.IpamConfig> configs = new ArrayList<>();
            if (i.get("config") instanceof List<?> l) {
                for (Object c : l) {
                    Map<?, ?> m = (Map<?, ?>) c;
                    configs.add(new NetworkResource.IpamConfig(str(m.get("subnet")), str(m.get("ip_range")), str(m.get("gateway"))));
                }
            }
            ipam = new NetworkResource.Ipam(i.get("driver") == null ? "default" : String.valueOf(i.get("driver")), stringMap(i.get("options")), configs);
        }
        NetworkCreateRequest req = new NetworkCreateRequest(o.name(), true,
                def.get("driver") == null ? "bridge" : String.valueOf(def.get("driver")),
                Boolean.TRUE.equals(def.get("internal")), Boolean.TRUE.equals(def.get("attachable")), false, ipam,
                Boolean.TRUE.equals(def.get("enable_ipv6")), stringMap(def.get("driver_opts")), labels);
        step("Network " + o.name(), "Creating", "Created", () -> client.createNetwork(req));
    }

    private void createVolume(Operation o) {
        String key = o.resource().substring("volume:".length());
        Map<String, Object> def = project.resources("volumes").get(key);
        Map<String, String> labels = new TreeMap<>(stringMap(def.get("labels")));
        labels.put(ComposeLabels.PROJECT, project.name());
        labels.put(ComposeLabels.VOLUME, key);
        labels.put(ComposeLabels.VERSION, ComposeLabels.COMPOSE_VERSION);
        VolumeResource.CreateRequest req = new VolumeResource.CreateRequest(o.name(),
                def.get("driver") == null ? "local" : String.valueOf(def.get("driver")), stringMap(def.get("driver_opts")), labels);
        step("Volume " + o.name(), "Creating", "Created", () -> client.createVolume(req));
    }

    private void createContainer(PlanNode n) {
        Operation o = n.operation();
        Service s = project.service(o.service());
        boolean recreate = o.container() != null;
        String finalName = ContainerSpecs.containerName(project, s, o.number());
        List<MountPoint> inherited = recreate && o.container().mounts() != null ? o.container().mounts() : List.of();
        Map<String, String> labels = new LinkedHashMap<>();
        if (recreate) labels.put(ComposeLabels.REPLACE, o.container().id());
        ContainerSpecs.Spec spec = ContainerSpecs.create(project, s, o.number(), finalName, labels, inherited, this::firstContainer);
        String resource = "Container " + finalName;
        progress.event(resource, recreate ? "Recreate" : "Creating");
        try {
            ContainerCreateResponse r = client.createContainer(spec.request(), o.name(), null);
            created.put(n.id(), r.id());
            InlineFiles.inject(client, r.id(), project, s);
            for (Map.Entry<String, dev.berth.api.EndpointSettings> e : spec.extraNetworks().entrySet()) {
                client.connectNetwork(e.getKey(), new NetworkConnectRequest(r.id(), e.getValue(), null), true);
            }
            for (String w : r.warnings() == null ? List.<String>of() : r.warnings()) progress.warning(w);
        } catch (RuntimeException e) {
            progress.event(resource, "Error");
            throw e;
        }
        if (!recreate) progress.event(resource, "Created");
    }

    /** The name of a service's first container (for network_mode: service:x, volumes_from, links). */
    private String firstContainer(String service) {
        List<ContainerSummary> l = client.listContainers(new ContainerListOptions(true, 0, false, Filters.of(Map.of("label", List.of(
                ComposeLabels.PROJECT + "=" + project.name(), ComposeLabels.SERVICE + "=" + service, ComposeLabels.ONEOFF + "=False")))));
        if (l.isEmpty()) throw new ComposeException("service \"" + service + "\" has no container");
        ContainerSummary first = l.getFirst();
        for (ContainerSummary c : l) {
            if ("1".equals(c.labels().get(ComposeLabels.CONTAINER_NUMBER))) first = c;
        }
        return Planner.name(first);
    }

    /** Waits until every container of {@code service} is healthy ({@code healthy}) or has exited with 0. */
    private void waitFor(String service, boolean healthy) {
        List<ContainerSummary> l = client.listContainers(new ContainerListOptions(true, 0, false, Filters.of(Map.of("label", List.of(
                ComposeLabels.PROJECT + "=" + project.name(), ComposeLabels.SERVICE + "=" + service, ComposeLabels.ONEOFF + "=False")))));
        for (ContainerSummary c : l) {
            String name = Planner.name(c);
            progress.event("Container " + name, "Waiting");
            while (true) {
                ContainerInspect i;
                try {
                    i = client.inspectContainer(c.id(), false);
                } catch (EngineException.NotFound e) {
                    throw new ComposeException("container " + name + " is gone");
                }
                if (healthy) {
                    if (i.state().health() == null) {
                        progress.event("Container " + name, "Error");
                        throw new ComposeException("container " + name + " has no healthcheck configured");
                    }
                    String st = i.state().health().status();
                    if ("healthy".equals(st)) {
                        progress.event("Container " + name, "Healthy");
                        break;
                    }
                    if ("unhealthy".equals(st)) {
                        progress.event("Container " + name, "Error");
                        throw new ComposeException("dependency failed to start: container " + name + " is unhealthy");
                    }
                    if (!i.state().running()) {
                        progress.event("Container " + name, "Error");
                        throw new ComposeException("dependency failed to start: container " + name + " exited (" + i.state().exitCode() + ")");
                    }
                } else if (!i.state().running() && !"created".equals(i.state().status())) {
                    if (i.state().exitCode() != 0) {
                        progress.event("Container " + name, "Error");
                        throw new ComposeException("service \"" + service + "\" didn't complete successfully: exit " + i.state().exitCode());
                    }
                    progress.event("Container " + name, "Exited");
                    break;
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ComposeException("interrupted");
                }
            }
        }
    }

    private static String str(Object o) {
        return o == null ? null : String.valueOf(o);
    }

    private static Map<String, String> stringMap(Object o) {
        Map<String, String> out = new TreeMap<>();
        if (o instanceof Map<?, ?> m) m.forEach((k, v) -> out.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        return out;
    }
}
