package dev.berth.compose.plan;

import dev.berth.api.ContainerSummary;
import dev.berth.api.Filters;
import dev.berth.api.NetworkResource;
import dev.berth.api.VolumeResource;
import dev.berth.client.ContainerListOptions;
import dev.berth.client.DockerClient;
import dev.berth.common.EngineException;
import dev.berth.compose.model.Project;
import dev.berth.compose.model.Service;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A snapshot of what the engine has for a project, taken with a few list calls and the compose labels;
 * the planners read only this, never the engine.
 *
 * @param containers the project's service containers by service, by replica number
 * @param orphans    project containers of services the project no longer has
 * @param oneoffs    containers made by {@code compose run}
 * @param networks   every network by name
 * @param volumes    every volume by name
 * @param imageIds   the id of each service's image, by image name, for the images the engine has
 */
public record ObservedState(Map<String, List<ObservedContainer>> containers, List<ContainerSummary> orphans,
                            List<ContainerSummary> oneoffs, Map<String, NetworkResource> networks,
                            Map<String, VolumeResource> volumes, Map<String, String> imageIds) {

    /** A container of a service, with what its labels say. */
    public record ObservedContainer(ContainerSummary summary, int number, String configHash) {
        public String id() {
            return summary.id();
        }

        public String name() {
            List<String> names = summary.names();
            if (names == null || names.isEmpty()) return summary.id().substring(0, 12);
            String n = names.getFirst();
            return n.startsWith("/") ? n.substring(1) : n;
        }

        public String state() {
            return summary.state() == null ? "" : summary.state();
        }

        public boolean running() {
            return state().equals("running") || state().equals("restarting") || state().equals("paused");
        }
    }

    public List<ObservedContainer> of(String service) {
        return containers.getOrDefault(service, List.of());
    }

    /** Every service container (not one-offs, not orphans). */
    public List<ObservedContainer> all() {
        List<ObservedContainer> out = new ArrayList<>();
        for (List<ObservedContainer> l : containers.values()) out.addAll(l);
        return out;
    }

    /** Takes the snapshot for {@code project}: its list calls and image inspections at once, each on a virtual thread. */
    public static ObservedState collect(DockerClient client, Project project) {
        try (ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<List<ContainerSummary>> listed = calls.submit(() -> client.listContainers(new ContainerListOptions(true, 0, false,
                    Filters.of(Map.of("label", List.of(ComposeLabels.PROJECT + "=" + project.name()))))));
            Future<List<NetworkResource>> networkList = calls.submit(() -> client.listNetworks(Filters.NONE));
            Future<List<VolumeResource>> volumeList = calls.submit(() -> client.listVolumes(Filters.NONE));
            Map<String, Future<String>> imageIds = new HashMap<>();
            for (Service s : project.services().values()) {
                String image = ContainerSpecs.imageName(project, s);
                imageIds.computeIfAbsent(image, i -> calls.submit(() -> {
                    try {
                        return client.inspectImage(i).id();
                    } catch (EngineException.NotFound e) {
                        return null; // not there: pulled or built before containers are created
                    }
                }));
            }
            Map<String, NetworkResource> networks = new HashMap<>();
            for (NetworkResource n : result(networkList)) networks.put(n.name(), n);
            Map<String, VolumeResource> volumes = new HashMap<>();
            for (VolumeResource v : result(volumeList)) volumes.put(v.name(), v);
            Map<String, String> images = new HashMap<>();
            for (Map.Entry<String, Future<String>> e : imageIds.entrySet()) {
                String id = result(e.getValue());
                if (id != null) images.put(e.getKey(), id);
            }
            return of(project, result(listed), networks, volumes, images);
        }
    }

    private static <T> T result(Future<T> f) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException.Unavailable("interrupted", e);
        }
    }

    /** Builds the snapshot from listings (also for tests). */
    public static ObservedState of(Project project, List<ContainerSummary> listed, Map<String, NetworkResource> networks,
                                   Map<String, VolumeResource> volumes, Map<String, String> imageIds) {
        Map<String, List<ObservedContainer>> byService = new TreeMap<>();
        List<ContainerSummary> orphans = new ArrayList<>();
        List<ContainerSummary> oneoffs = new ArrayList<>();
        for (ContainerSummary c : listed) {
            Map<String, String> labels = c.labels() == null ? Map.of() : c.labels();
            if (!project.name().equals(labels.get(ComposeLabels.PROJECT))) continue;
            if ("True".equalsIgnoreCase(labels.get(ComposeLabels.ONEOFF))) {
                oneoffs.add(c);
                continue;
            }
            String service = labels.get(ComposeLabels.SERVICE);
            if (service == null) continue;
            if (!project.services().containsKey(service)) {
                if (!project.disabled().containsKey(service)) orphans.add(c);
                continue;
            }
            int number;
            try {
                number = Integer.parseInt(labels.getOrDefault(ComposeLabels.CONTAINER_NUMBER, "0"));
            } catch (NumberFormatException e) {
                number = 0;
            }
            byService.computeIfAbsent(service, k -> new ArrayList<>()).add(new ObservedContainer(c, number, labels.get(ComposeLabels.CONFIG_HASH)));
        }
        for (List<ObservedContainer> l : byService.values()) l.sort((a, b) -> Integer.compare(a.number(), b.number()));
        orphans.sort((a, b) -> String.valueOf(a.names()).compareTo(String.valueOf(b.names())));
        return new ObservedState(byService, orphans, oneoffs, networks, volumes, imageIds);
    }
}
