package dev.berth.compose;

import dev.berth.api.ContainerSummary;
import dev.berth.api.Filters;
import dev.berth.api.JsonMessage;
import dev.berth.client.ContainerListOptions;
import dev.berth.client.DockerClient;
import dev.berth.client.JsonMessageStream;
import dev.berth.common.EngineException;
import dev.berth.compose.model.ComposeException;
import dev.berth.compose.model.Project;
import dev.berth.compose.model.Service;
import dev.berth.compose.plan.ComposeLabels;
import dev.berth.compose.plan.ContainerSpecs;
import dev.berth.compose.plan.Executor;
import dev.berth.compose.plan.InlineFiles;
import dev.berth.compose.plan.ObservedState;
import dev.berth.compose.plan.Plan;
import dev.berth.compose.plan.PlanNode;
import dev.berth.compose.plan.Planner;
import dev.berth.compose.plan.Progress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * berth compose's operations on one project, through the Engine API client only: each observes the
 * project's objects by their compose labels, plans, and executes the plan (or, with dry run, only
 * returns it).
 */
public final class Compose {
    /** Builds a service's image; the CLI provides it (it knows how to send a build context). */
    public interface ImageBuilder {
        /** Builds {@code service}'s image and tags it {@code tag}. */
        void build(Project project, Service service, String tag);
    }

    private final DockerClient client;
    private final Project project;
    private final Progress progress;
    private final ImageBuilder builder;
    private final int parallelism;
    private Function<String, String> registryAuth = host -> null;

    /**
     * @param builder     null when builds are not available
     * @param parallelism the most API calls at once (0 or less: no limit)
     */
    public Compose(DockerClient client, Project project, Progress progress, ImageBuilder builder, int parallelism) {
        this.client = client;
        this.project = project;
        this.progress = progress;
        this.builder = builder;
        this.parallelism = parallelism;
    }

    /** The same, with the {@code X-Registry-Auth} value for each registry host (pull and push; null: none). */
    public Compose withRegistryAuth(Function<String, String> auth) {
        Compose c = new Compose(client, project, progress, builder, parallelism);
        c.registryAuth = auth;
        return c;
    }

    public Project project() {
        return project;
    }

    public DockerClient client() {
        return client;
    }

    public ObservedState observe() {
        return ObservedState.collect(client, project);
    }

    // ---- up / create ----

    /**
     * Makes the engine match the project: images pulled or built when missing ({@code build}: always built),
     * then the plan executed; with {@code dryRun} nothing is done and the plan is returned.
     */
    public Plan up(Planner.UpOptions options, boolean build, boolean dryRun, Integer timeout) {
        return up(options, build, null, dryRun, timeout);
    }

    /** @param pull {@code always}, {@code missing}, {@code never}, or null for each service's {@code pull_policy} */
    public Plan up(Planner.UpOptions options, boolean build, String pull, boolean dryRun, Integer timeout) {
        List<String> services = Planner.selected(project, options.services(), options.noDeps());
        if (!dryRun) ensureImages(services, build, pull);
        ObservedState observed = observe();
        Plan plan = Planner.up(project, observed, options);
        if (!observed.orphans().isEmpty() && !options.removeOrphans()) {
            List<String> names = new ArrayList<>();
            for (ContainerSummary c : observed.orphans()) names.add(name(c));
            progress.warning("Found orphan containers (" + names + ") for this project. If you removed or renamed this service in your "
                    + "compose file, you can run this command with the --remove-orphans flag to clean it up.");
        }
        if (dryRun) return plan;
        execute(plan, timeout, false);
        // what the plan left alone is reported as it is
        Set<String> touched = new HashSet<>();
        for (PlanNode n : plan.nodes()) touched.add(n.operation().resource());
        for (String s : services) {
            for (ObservedState.ObservedContainer c : observed.of(s)) {
                if (c.number() > options.scale().getOrDefault(s, project.service(s).scale())) continue;
                if (!touched.contains("service:" + s + ":" + c.number()) && c.running()) progress.event("Container " + c.name(), "Running");
            }
        }
        return plan;
    }

    private void ensureImages(List<String> services, boolean build, String pull) {
        Set<String> done = new LinkedHashSet<>();
        for (String s : services) {
            Service svc = project.service(s);
            String image = ContainerSpecs.imageName(project, svc);
            if (!done.add(image)) continue;
            boolean present = exists(image);
            String policy = pull != null && !pull.equals("policy") ? pull
                    : svc.string("pull_policy") == null ? "missing" : svc.string("pull_policy");
            if (svc.build() != null && (build || !present || policy.equals("build"))) {
                if (builder == null) {
                    throw new ComposeException("service \"" + s + "\" has a build section: building images is not yet supported by berth compose");
                }
                builder.build(project, svc, image);
            } else if (svc.build() == null && (!present || policy.equals("always"))) {
                if (policy.equals("never")) throw new ComposeException("No such image: " + image);
                pull(s, image);
            }
        }
    }

    private boolean exists(String image) {
        try {
            client.inspectImage(image);
            return true;
        } catch (EngineException.NotFound e) {
            return false;
        }
    }

    /** {@code pull}: the services' images (not the ones built). */
    public void pull(List<String> services, boolean ignoreFailures) {
        Set<String> done = new LinkedHashSet<>();
        for (String s : services.isEmpty() ? project.services().keySet() : services) {
            Service svc = project.service(s);
            if (svc.image() == null || !done.add(svc.image())) continue;
            try {
                pull(s, svc.image());
            } catch (RuntimeException e) {
                if (!ignoreFailures) throw e;
                progress.warning(e.getMessage());
            }
        }
    }

    private void pull(String service, String image) {
        progress.event(service, "Pulling");
        try (JsonMessageStream stream = client.pullImage(image, null, registryAuth.apply(registryHost(image)))) {
            while (stream.hasNext()) {
                JsonMessage m = stream.next();
                if (m.error() != null && !m.error().isEmpty()) throw new ComposeException(m.error());
            }
        } catch (RuntimeException e) {
            progress.event(service, "Error");
            throw e;
        }
        progress.event(service, "Pulled");
    }

    /** {@code services} and, transitively, the services that depend on one of them with {@code restart: true}. */
    public List<String> withRestartDependents(List<String> services) {
        Set<String> out = new LinkedHashSet<>(services);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Service s : project.services().values()) {
                if (out.contains(s.name())) continue;
                for (Map.Entry<String, dev.berth.compose.model.Dependency> d : s.dependsOn().entrySet()) {
                    if (d.getValue().restart() && out.contains(d.getKey())) {
                        grew = out.add(s.name());
                        break;
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    /**
     * {@code push}: the images of the services built and named ({@code build:} and {@code image:}, and their
     * {@code build.tags}), through the engine ({@code POST /images/{name}/push}), as Compose pushes them; other services
     * are skipped.
     */
    public void push(List<String> services, boolean ignoreFailures) {
        for (String s : services.isEmpty() ? project.services().keySet() : services) {
            Service svc = project.service(s);
            if (svc.build() == null || svc.image() == null) {
                progress.event(s, "Skipped");
                continue;
            }
            List<String> tags = new ArrayList<>(List.of(svc.image()));
            if (svc.build().get("tags") instanceof List<?> more) for (Object t : more) tags.add(String.valueOf(t));
            for (String tag : tags) {
                try {
                    pushImage(tag);
                } catch (RuntimeException e) {
                    if (!ignoreFailures) throw e;
                    progress.warning(e.getMessage());
                }
            }
        }
    }

    private void pushImage(String reference) {
        progress.event(reference, "Pushing");
        int slash = reference.lastIndexOf('/');
        int colon = reference.lastIndexOf(':');
        boolean tagged = colon > slash;
        String name = tagged ? reference.substring(0, colon) : reference;
        String tag = tagged ? reference.substring(colon + 1) : "latest";
        try (JsonMessageStream stream = client.pushImage(name, tag, registryAuth.apply(registryHost(name)))) {
            while (stream.hasNext()) {
                JsonMessage m = stream.next();
                if (m.error() != null && !m.error().isEmpty()) throw new ComposeException(m.error());
            }
        } catch (RuntimeException e) {
            progress.event(reference, "Error");
            throw e;
        }
        progress.event(reference, "Pushed");
    }

    /** The registry of an image name, as Docker reads it: a first component with a dot or a port, or localhost. */
    static String registryHost(String name) {
        int slash = name.indexOf('/');
        if (slash < 0) return "docker.io";
        String first = name.substring(0, slash);
        return first.contains(".") || first.contains(":") || first.equals("localhost") ? first : "docker.io";
    }

    // ---- down, stop, start ----

    public Plan down(Planner.DownOptions options, boolean dryRun, Integer timeout) {
        Plan plan = Planner.down(project, observe(), options);
        if (!dryRun) execute(plan, timeout, options.volumes());
        return plan;
    }

    public Plan stop(List<String> services, boolean dryRun, Integer timeout) {
        Plan plan = Planner.stop(project, observe(), services);
        if (!dryRun) execute(plan, timeout, false);
        return plan;
    }

    public Plan start(List<String> services, boolean dryRun) {
        Plan plan = Planner.start(project, observe(), services);
        if (!dryRun) execute(plan, null, false);
        return plan;
    }

    public void execute(Plan plan, Integer timeout, boolean removeVolumes) {
        new Executor(client, project, progress, parallelism, timeout, removeVolumes).execute(plan);
    }

    // ---- run ----

    /**
     * Prepares a one-off container of {@code service}: its dependencies brought up (unless {@code noDeps}), its
     * networks and volumes created, its image there; then creates the container (labelled one-off) with
     * {@code customize} changing the request; returns its id.
     */
    public String createOneOff(String service, boolean noDeps, String name, java.util.function.Consumer<Map<String, Object>> customize) {
        Service svc = project.service(service);
        if (!noDeps) {
            List<String> deps = new ArrayList<>(Planner.selected(project, List.of(service), false));
            deps.remove(service);
            if (!deps.isEmpty()) {
                up(new Planner.UpOptions(deps, Planner.Recreate.DIVERGED, Planner.Recreate.DIVERGED, false, Map.of(), false, true),
                        false, false, null);
            }
        }
        ensureImages(List.of(service), false, null);
        execute(Planner.infrastructure(project, observe(), List.of(service)), null, false);
        Map<String, String> labels = new java.util.LinkedHashMap<>();
        labels.put(ComposeLabels.ONEOFF, "True");
        labels.put(ComposeLabels.SLUG, name.substring(name.lastIndexOf('-') + 1));
        ContainerSpecs.Spec spec = ContainerSpecs.create(project, svc, 0, name, labels, List.of(), this::firstContainer, customize);
        String id = client.createContainer(spec.request(), name, null).id();
        InlineFiles.inject(client, id, project, svc);
        for (Map.Entry<String, dev.berth.api.EndpointSettings> e : spec.extraNetworks().entrySet()) {
            client.connectNetwork(e.getKey(), new dev.berth.api.NetworkConnectRequest(id, e.getValue(), null), true);
        }
        return id;
    }

    private String firstContainer(String service) {
        for (ContainerSummary c : containers(List.of(service), true, false)) {
            if ("1".equals(c.labels().get(ComposeLabels.CONTAINER_NUMBER))) return name(c);
        }
        throw new ComposeException("service \"" + service + "\" has no container");
    }

    // ---- containers ----

    /**
     * The project's containers, sorted by name: of {@code services} (all when empty), running only unless
     * {@code all}, with one-off ({@code run}) containers when {@code oneoffs}.
     */
    public List<ContainerSummary> containers(List<String> services, boolean all, boolean oneoffs) {
        if (!project.files().isEmpty()) for (String s : services) project.service(s);
        List<ContainerSummary> out = new ArrayList<>();
        for (ContainerSummary c : client.listContainers(new ContainerListOptions(all, 0, false,
                Filters.of(Map.of("label", List.of(ComposeLabels.PROJECT + "=" + project.name())))))) {
            Map<String, String> l = c.labels() == null ? Map.of() : c.labels();
            boolean oneoff = "True".equalsIgnoreCase(l.get(ComposeLabels.ONEOFF));
            if (oneoff && !oneoffs) continue;
            if (!services.isEmpty() && !services.contains(l.get(ComposeLabels.SERVICE))) continue;
            out.add(c);
        }
        out.sort((a, b) -> name(a).compareTo(name(b)));
        return out;
    }

    public static String name(ContainerSummary c) {
        if (c.names() == null || c.names().isEmpty()) return c.id();
        String n = c.names().getFirst();
        return n.startsWith("/") ? n.substring(1) : n;
    }
}
