package dev.berth.compose.plan;

import dev.berth.api.ContainerSummary;
import dev.berth.api.NetworkResource;
import dev.berth.compose.model.ComposeException;
import dev.berth.compose.model.ConfigHash;
import dev.berth.compose.model.Dependency;
import dev.berth.compose.model.Project;
import dev.berth.compose.model.Service;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares a project with an {@link ObservedState} and plans the API calls that make the engine match it.
 * Pure: no API calls, so plans are tested as text. Compose's rules:
 * <ul>
 * <li>missing networks and volumes are created; external ones must exist;</li>
 * <li>each service gets {@code scale} containers {@code <project>-<service>-<n>}; extra ones (highest numbers) are
 *     stopped and removed; a container whose config hash (or image) differs from its service's is recreated
 *     (created under a temporary name, the old one stopped and removed, the new one renamed), unless the policy
 *     says never (or always);</li>
 * <li>containers start after the services they depend on are started, healthy ({@code service_healthy}) or
 *     exited with 0 ({@code service_completed_successfully});</li>
 * <li>an unchanged, running project gives an empty plan.</li>
 * </ul>
 */
public final class Planner {
    /** When existing containers are recreated. */
    public enum Recreate { DIVERGED, FORCE, NEVER }

    /**
     * Options of {@code up}/{@code create}.
     *
     * @param services      the services named on the command line (empty: all)
     * @param recreate      the policy for them
     * @param recreateDeps  the policy for the services they depend on
     * @param noDeps        do not touch the services they depend on
     * @param scale         replicas by service, over the model's
     * @param removeOrphans remove containers of services the project no longer has
     * @param start         start the containers (false for {@code create} and {@code --no-start})
     */
    public record UpOptions(List<String> services, Recreate recreate, Recreate recreateDeps, boolean noDeps,
                            Map<String, Integer> scale, boolean removeOrphans, boolean start) {
        public static UpOptions defaults() {
            return new UpOptions(List.of(), Recreate.DIVERGED, Recreate.DIVERGED, false, Map.of(), false, true);
        }
    }

    private final Project project;
    private final ObservedState observed;
    private final Plan plan = new Plan();
    private final Map<String, PlanNode> networkNodes = new HashMap<>();
    private final Map<String, PlanNode> volumeNodes = new HashMap<>();
    /** Per service: the nodes after which its containers are started (for service_started dependents). */
    private final Map<String, List<PlanNode>> startNodes = new HashMap<>();
    private final Map<String, PlanNode> waitNodes = new HashMap<>();
    /**
     * Containers this plan stops and starts again, by id: because a dependency of theirs with {@code restart: true} is
     * recreated, or a network of theirs is.
     */
    private final Map<String, PlanNode> stoppedByPlan = new HashMap<>();
    /** The reconnections of containers to recreated networks, by container id. */
    private final Map<String, List<PlanNode>> reconnected = new HashMap<>();
    /** {@code --no-deps}: the services depended on are neither touched nor waited for. */
    private boolean noDeps;

    private Planner(Project project, ObservedState observed) {
        this.project = project;
        this.observed = observed;
    }

    // ---- up ----

    public static Plan up(Project project, ObservedState observed, UpOptions options) {
        Planner p = new Planner(project, observed);
        p.planUp(options);
        return p.plan;
    }

    /** The services an operation on {@code named} touches: those, and what they depend on (unless {@code noDeps}). */
    public static List<String> selected(Project project, List<String> named, boolean noDeps) {
        if (named.isEmpty()) return project.startOrder();
        Set<String> want = new LinkedHashSet<>();
        List<String> todo = new ArrayList<>();
        for (String n : named) {
            project.service(n);
            todo.add(n);
        }
        while (!todo.isEmpty()) {
            String n = todo.removeFirst();
            if (!want.add(n) || noDeps) continue;
            for (Map.Entry<String, Dependency> d : project.service(n).dependsOn().entrySet()) {
                if (project.services().containsKey(d.getKey())) todo.add(d.getKey());
            }
        }
        List<String> out = new ArrayList<>();
        for (String s : project.startOrder()) if (want.contains(s)) out.add(s);
        return out;
    }

    /** The networks and volumes {@code services} need and that do not exist yet. */
    public static Plan infrastructure(Project project, ObservedState observed, List<String> services) {
        Planner p = new Planner(project, observed);
        p.planInfrastructure(services);
        return p.plan;
    }

    private void planInfrastructure(List<String> services) {
        Set<String> networks = new TreeSet<>();
        Set<String> volumes = new TreeSet<>();
        for (String s : services) {
            Service svc = project.service(s);
            networks.addAll(svc.networks().keySet());
            for (Service.Mount m : svc.volumes()) if (m.type().equals("volume") && m.source() != null) volumes.add(m.source());
        }
        Map<String, Map<String, Object>> netDefs = project.resources("networks");
        for (String key : networks) {
            Map<String, Object> def = netDefs.get(key);
            String name = String.valueOf(def.get("name"));
            if (observed.networks().containsKey(name)) {
                NetworkResource had = observed.networks().get(name);
                String hash = had == null || had.labels() == null ? null : had.labels().get(ComposeLabels.CONFIG_HASH);
                if (hash != null && !Boolean.TRUE.equals(def.get("external")) && !hash.equals(ConfigHash.network(key, def))) {
                    recreateNetwork(key, name);
                }
                continue;
            }
            if (Boolean.TRUE.equals(def.get("external"))) {
                throw new ComposeException("network " + name + " declared as external, but could not be found");
            }
            networkNodes.put(key, plan.add(Operation.Type.CreateNetwork, "network:" + key, "not found", null, 0, name, null, null, List.of()));
        }
        Map<String, Map<String, Object>> volDefs = project.resources("volumes");
        for (String key : volumes) {
            Map<String, Object> def = volDefs.get(key);
            String name = String.valueOf(def.get("name"));
            if (observed.volumes().containsKey(name)) continue;
            if (Boolean.TRUE.equals(def.get("external"))) throw new ComposeException("external volume \"" + name + "\" not found");
            volumeNodes.put(key, plan.add(Operation.Type.CreateVolume, "volume:" + key, "not found", null, 0, name, null, null, List.of()));
        }
    }

    /**
     * A network whose config hash changed, as Compose v2 recreates it: its containers stopped and disconnected, the
     * network removed and created again, the containers connected to it (and started again with their service).
     */
    private void recreateNetwork(String key, String name) {
        List<ObservedState.ObservedContainer> attached = new ArrayList<>();
        for (ObservedState.ObservedContainer c : observed.all()) {
            String svc = c.summary().labels().get(ComposeLabels.SERVICE);
            if (project.services().containsKey(svc) && project.service(svc).networks().containsKey(key)) attached.add(c);
        }
        List<PlanNode> disconnected = new ArrayList<>();
        for (ObservedState.ObservedContainer c : attached) {
            String svc = c.summary().labels().get(ComposeLabels.SERVICE);
            String res = "service:" + svc + ":" + c.number();
            PlanNode stop = stoppedByPlan.get(c.id());
            if (stop == null && c.running()) {
                stop = plan.add(Operation.Type.StopContainer, res, "network " + key + " config changed", svc, c.number(), null, c.summary(), null, List.of());
                stoppedByPlan.put(c.id(), stop);
            }
            disconnected.add(plan.add(Operation.Type.DisconnectNetwork, res, "network " + key + " recreate", svc, c.number(), name, c.summary(),
                    null, list(stop)));
        }
        PlanNode remove = plan.add(Operation.Type.RemoveNetwork, "network:" + key, "config hash diverged", null, 0, name, null, null, disconnected);
        PlanNode create = plan.add(Operation.Type.CreateNetwork, "network:" + key, "recreate after config change", null, 0, name, null, null, List.of(remove));
        networkNodes.put(key, create);
        for (ObservedState.ObservedContainer c : attached) {
            String svc = c.summary().labels().get(ComposeLabels.SERVICE);
            reconnected.computeIfAbsent(c.id(), k -> new ArrayList<>()).add(plan.add(Operation.Type.ConnectNetwork,
                    "service:" + svc + ":" + c.number(), "network " + key + " recreate", svc, c.number(), name, c.summary(), null, List.of(create)));
        }
    }

    private void planUp(UpOptions o) {
        noDeps = o.noDeps();
        List<String> services = selected(project, o.services(), o.noDeps());
        planInfrastructure(services);
        for (String s : services) {
            Recreate policy = o.services().isEmpty() || o.services().contains(s) ? o.recreate() : o.recreateDeps();
            service(project.service(s), o.scale().getOrDefault(s, project.service(s).scale()), policy, o.start());
        }
        if (o.removeOrphans()) {
            for (ContainerSummary c : observed.orphans()) {
                String res = "service:" + c.labels().get(ComposeLabels.SERVICE) + ":" + c.labels().getOrDefault(ComposeLabels.CONTAINER_NUMBER, "0");
                PlanNode stop = "running".equals(c.state()) || "paused".equals(c.state()) || "restarting".equals(c.state())
                        ? plan.add(Operation.Type.StopContainer, res, "orphan", c.labels().get(ComposeLabels.SERVICE), 0, null, c, null, List.of())
                        : null;
                plan.add(Operation.Type.RemoveContainer, res, "orphan", c.labels().get(ComposeLabels.SERVICE), 0, null, c, null, list(stop));
            }
        }
    }

    private void service(Service s, int expected, Recreate policy, boolean start) {
        List<PlanNode> infra = new ArrayList<>();
        for (String n : s.networks().keySet()) infra.add(networkNodes.get(n));
        for (Service.Mount m : s.volumes()) if (m.source() != null && m.type().equals("volume")) infra.add(volumeNodes.get(m.source()));
        // services whose containers this one names at create (network_mode, volumes_from, links)
        List<PlanNode> createDeps = new ArrayList<>(infra);
        for (String ref : referencedServices(s)) createDeps.addAll(startNodes.getOrDefault(ref, List.of()));
        String hash = ConfigHash.of(s);
        String imageId = observed.imageIds().get(ContainerSpecs.imageName(project, s));
        List<ObservedState.ObservedContainer> containers = observed.of(s.name());
        List<PlanNode> started = new ArrayList<>();
        List<PlanNode> startDeps = null;
        int maxNumber = 0;
        for (int i = 0; i < containers.size(); i++) {
            ObservedState.ObservedContainer c = containers.get(i);
            maxNumber = Math.max(maxNumber, c.number());
            String res = "service:" + s.name() + ":" + c.number();
            if (i >= expected) {
                PlanNode stop = c.running() ? plan.add(Operation.Type.StopContainer, res, "scale down", s.name(), c.number(), null, c.summary(), null, List.of()) : null;
                started.add(plan.add(Operation.Type.RemoveContainer, res, "scale down", s.name(), c.number(), null, c.summary(), null, list(stop)));
                continue;
            }
            String why = recreateCause(policy, c, hash, imageId);
            PlanNode stoppedEarlier = stoppedByPlan.get(c.id());
            if (why != null) {
                String name = ContainerSpecs.containerName(project, s, c.number());
                List<PlanNode> before = new ArrayList<>(createDeps);
                before.addAll(stopDependents(s));
                PlanNode create = plan.add(Operation.Type.CreateContainer, res, why, s.name(), c.number(),
                        c.id().substring(0, Math.min(12, c.id().length())) + "_" + name, c.summary(), null, before);
                PlanNode stop = stoppedEarlier != null ? stoppedEarlier
                        : plan.add(Operation.Type.StopContainer, res, "replaced by #" + create.id(), s.name(), c.number(), null, c.summary(), null, List.of(create));
                List<PlanNode> removeDeps = new ArrayList<>(stop == stoppedEarlier ? List.of(create, stop) : List.of(stop));
                removeDeps.addAll(reconnected.getOrDefault(c.id(), List.of()));
                PlanNode remove = plan.add(Operation.Type.RemoveContainer, res, "replaced by #" + create.id(), s.name(), c.number(), null, c.summary(), null,
                        removeDeps);
                PlanNode rename = plan.add(Operation.Type.RenameContainer, res, "replaces the removed container", s.name(), c.number(), name, null, create, List.of(remove));
                if (start) {
                    if (startDeps == null) startDeps = startDeps(s);
                    List<PlanNode> deps = new ArrayList<>(startDeps);
                    deps.add(rename);
                    started.add(plan.add(Operation.Type.StartContainer, res, "recreated", s.name(), c.number(), name, null, create, deps));
                } else {
                    started.add(rename);
                }
            } else if (start && (!c.running() || stoppedEarlier != null)) {
                if (startDeps == null) startDeps = startDeps(s);
                List<PlanNode> deps = new ArrayList<>(infra);
                deps.addAll(startDeps);
                deps.addAll(list(stoppedEarlier));
                deps.addAll(reconnected.getOrDefault(c.id(), List.of()));
                started.add(plan.add(Operation.Type.StartContainer, res, stoppedEarlier != null ? "stopped by this plan" : "not running",
                        s.name(), c.number(), c.name(), c.summary(), null, deps));
            }
        }
        for (int i = containers.size(); i < expected; i++) {
            int number = ++maxNumber;
            String res = "service:" + s.name() + ":" + number;
            String name = ContainerSpecs.containerName(project, s, number);
            PlanNode create = plan.add(Operation.Type.CreateContainer, res, "no existing container", s.name(), number, name, null, null, createDeps);
            if (start) {
                if (startDeps == null) startDeps = startDeps(s);
                started.add(plan.add(Operation.Type.StartContainer, res, "created", s.name(), number, name, null, create, startDeps));
            } else {
                started.add(create);
            }
        }
        startNodes.put(s.name(), started);
    }

    /**
     * Before {@code s} is recreated: stops the running containers of the services that depend on it with
     * {@code restart: true} (once each); they start again after it, as their dependency conditions say.
     */
    private List<PlanNode> stopDependents(Service s) {
        List<PlanNode> out = new ArrayList<>();
        if (noDeps) return out;
        for (Service d : project.services().values()) {
            Dependency dep = d.dependsOn().get(s.name());
            if (dep == null || !dep.restart()) continue;
            for (ObservedState.ObservedContainer c : observed.of(d.name())) {
                if (!c.running() || stoppedByPlan.containsKey(c.id())) continue;
                PlanNode stop = plan.add(Operation.Type.StopContainer, "service:" + d.name() + ":" + c.number(),
                        "dependency " + s.name() + " being recreated", d.name(), c.number(), null, c.summary(), null, List.of());
                stoppedByPlan.put(c.id(), stop);
                out.add(stop);
            }
        }
        return out;
    }

    private static String recreateCause(Recreate policy, ObservedState.ObservedContainer c, String hash, String imageId) {
        switch (policy) {
            case NEVER:
                return null;
            case FORCE:
                return "forced recreate";
            default:
                if (!hash.equals(c.configHash())) return "config hash changed";
                if (imageId != null && c.summary().imageId() != null && !c.summary().imageId().isEmpty()
                        && !imageId.equals(c.summary().imageId())) {
                    return "image changed";
                }
                return null;
        }
    }

    /** What must be done before {@code s}'s containers start: each dependency started, healthy or completed. */
    private List<PlanNode> startDeps(Service s) {
        List<PlanNode> deps = new ArrayList<>();
        if (noDeps) return deps;
        for (Map.Entry<String, Dependency> d : s.dependsOn().entrySet()) {
            String dep = d.getKey();
            if (!project.services().containsKey(dep)) continue;
            List<PlanNode> ready = startNodes.getOrDefault(dep, List.of());
            switch (d.getValue().condition()) {
                case Dependency.HEALTHY -> deps.add(wait(Operation.Type.WaitHealthy, dep, s.name(), ready));
                case Dependency.COMPLETED -> deps.add(wait(Operation.Type.WaitCompleted, dep, s.name(), ready));
                default -> deps.addAll(ready);
            }
        }
        return deps;
    }

    private PlanNode wait(Operation.Type type, String dep, String requiredBy, List<PlanNode> after) {
        return waitNodes.computeIfAbsent(type + ":" + dep, k -> plan.add(type, "service:" + dep, "required by " + requiredBy,
                dep, 0, null, null, null, after));
    }

    private static List<String> referencedServices(Service s) {
        List<String> out = new ArrayList<>();
        String mode = s.string("network_mode");
        if (mode != null && mode.startsWith("service:")) out.add(mode.substring(8));
        for (String vf : s.strings("volumes_from")) if (!vf.startsWith("container:")) out.add(vf.split(":")[0]);
        for (String l : s.strings("links")) out.add(l.split(":")[0]);
        return out;
    }

    private static List<PlanNode> list(PlanNode n) {
        return n == null ? List.of() : List.of(n);
    }

    // ---- down, stop, start ----

    /**
     * Options of {@code down}.
     *
     * @param rmi "local", "all" or null
     */
    public record DownOptions(boolean removeOrphans, boolean volumes, String rmi) {}

    /** Stops and removes the project's containers (dependents first), then its networks, volumes and images. */
    public static Plan down(Project project, ObservedState observed, DownOptions o) {
        Planner p = new Planner(project, observed);
        List<PlanNode> removed = p.stopAll(project.startOrder(), true, o.volumes() ? "and its anonymous volumes" : null);
        List<ContainerSummary> extra = new ArrayList<>(observed.oneoffs());
        // without a compose file (down -p NAME), everything labelled with the project goes
        boolean byName = project.files().isEmpty();
        if (o.removeOrphans() || byName) extra.addAll(observed.orphans());
        for (ContainerSummary c : extra) {
            String res = "container:" + name(c);
            PlanNode stop = "running".equals(c.state()) || "paused".equals(c.state())
                    ? p.plan.add(Operation.Type.StopContainer, res, o.removeOrphans() && observed.orphans().contains(c) ? "orphan" : "one-off", null, 0, null, c, null, List.of())
                    : null;
            removed.add(p.plan.add(Operation.Type.RemoveContainer, res, "down", null, 0, null, c, null, list(stop)));
        }
        for (Map.Entry<String, Map<String, Object>> n : project.resources("networks").entrySet()) {
            String name = String.valueOf(n.getValue().get("name"));
            if (Boolean.TRUE.equals(n.getValue().get("external")) || !observed.networks().containsKey(name)) continue;
            p.plan.add(Operation.Type.RemoveNetwork, "network:" + n.getKey(), "down", null, 0, name, null, null, removed);
        }
        if (o.volumes()) {
            for (Map.Entry<String, Map<String, Object>> v : project.resources("volumes").entrySet()) {
                String name = String.valueOf(v.getValue().get("name"));
                if (Boolean.TRUE.equals(v.getValue().get("external")) || !observed.volumes().containsKey(name)) continue;
                p.plan.add(Operation.Type.RemoveVolume, "volume:" + v.getKey(), "down -v", null, 0, name, null, null, removed);
            }
        }
        if (byName) {
            for (dev.berth.api.NetworkResource n : new java.util.TreeMap<>(observed.networks()).values()) {
                if (n != null && n.labels() != null && project.name().equals(n.labels().get(ComposeLabels.PROJECT))) {
                    p.plan.add(Operation.Type.RemoveNetwork, "network:" + n.labels().getOrDefault(ComposeLabels.NETWORK, n.name()), "down",
                            null, 0, n.name(), null, null, removed);
                }
            }
            if (o.volumes()) {
                for (dev.berth.api.VolumeResource v : new java.util.TreeMap<>(observed.volumes()).values()) {
                    if (v != null && v.labels() != null && project.name().equals(v.labels().get(ComposeLabels.PROJECT))) {
                        p.plan.add(Operation.Type.RemoveVolume, "volume:" + v.labels().getOrDefault(ComposeLabels.VOLUME, v.name()), "down -v",
                                null, 0, v.name(), null, null, removed);
                    }
                }
            }
        }
        if (o.rmi() != null) {
            Set<String> images = new TreeSet<>();
            for (Service s : project.services().values()) {
                if (o.rmi().equals("all") || s.image() == null) images.add(ContainerSpecs.imageName(project, s));
            }
            for (String image : images) {
                if (!observed.imageIds().containsKey(image)) continue;
                p.plan.add(Operation.Type.RemoveImage, "image:" + image, "down --rmi " + o.rmi(), null, 0, image, null, null, removed);
            }
        }
        return p.plan;
    }

    /**
     * Stops the running containers of {@code services}, each after the containers that depend on it have stopped (as
     * docker-compose does; their removal runs meanwhile), and removes them when {@code remove}; returns the last nodes.
     */
    private List<PlanNode> stopAll(List<String> services, boolean remove, String removeCause) {
        Map<String, List<PlanNode>> stopped = new HashMap<>();
        List<PlanNode> last = new ArrayList<>();
        List<String> reverse = new ArrayList<>(services);
        java.util.Collections.reverse(reverse);
        for (String s : reverse) {
            List<PlanNode> after = new ArrayList<>();
            for (Service other : project.services().values()) {
                if (other.dependsOn().containsKey(s)) after.addAll(stopped.getOrDefault(other.name(), List.of()));
            }
            List<PlanNode> mine = new ArrayList<>();
            for (ObservedState.ObservedContainer c : observed.of(s)) {
                String res = "service:" + s + ":" + c.number();
                PlanNode stop = c.running() ? plan.add(Operation.Type.StopContainer, res, remove ? "down" : "stop", s, c.number(), null, c.summary(), null, after) : null;
                if (stop != null) mine.add(stop);
                else mine.addAll(after); // the order passes through a container that is not running
                if (remove) {
                    List<PlanNode> deps = stop == null ? after : List.of(stop);
                    last.add(plan.add(Operation.Type.RemoveContainer, res, removeCause == null ? "down" : "down, " + removeCause, s, c.number(), null, c.summary(), null, deps));
                }
            }
            stopped.put(s, mine);
            if (!remove) last.addAll(mine);
        }
        return last;
    }

    /** {@code stop}: the running containers of {@code services}, dependents first. */
    public static Plan stop(Project project, ObservedState observed, List<String> services) {
        Planner p = new Planner(project, observed);
        p.stopAll(selectedReverseClosure(project, services), false, null);
        return p.plan;
    }

    /** The named services and those that depend on them (what stopping them also stops); all when none named. */
    private static List<String> selectedReverseClosure(Project project, List<String> named) {
        if (named.isEmpty()) return project.startOrder();
        Set<String> want = new LinkedHashSet<>(named);
        for (String n : named) project.service(n);
        return project.startOrder().stream().filter(want::contains).toList();
    }

    /** {@code start}: the stopped containers of {@code services}, each after its dependencies are ready. */
    public static Plan start(Project project, ObservedState observed, List<String> services) {
        Planner p = new Planner(project, observed);
        for (String s : selected(project, services, false)) {
            Service svc = project.service(s);
            List<PlanNode> started = new ArrayList<>();
            List<PlanNode> deps = null;
            for (ObservedState.ObservedContainer c : observed.of(s)) {
                if (c.running()) continue;
                if (deps == null) deps = p.startDeps(svc);
                started.add(p.plan.add(Operation.Type.StartContainer, "service:" + s + ":" + c.number(), "start", s, c.number(), c.name(),
                        c.summary(), null, deps));
            }
            p.startNodes.put(s, started);
        }
        return p.plan;
    }

    static String name(ContainerSummary c) {
        if (c.names() == null || c.names().isEmpty()) return c.id();
        String n = c.names().getFirst();
        return n.startsWith("/") ? n.substring(1) : n;
    }
}
