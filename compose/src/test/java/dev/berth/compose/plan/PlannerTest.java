package dev.berth.compose.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.ContainerSummary;
import dev.berth.api.NetworkResource;
import dev.berth.api.VolumeResource;
import dev.berth.compose.model.ConfigHash;
import dev.berth.compose.model.Project;
import dev.berth.compose.model.ProjectLoader;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Plans of up, down, stop and start for one project in several observed states, compared with golden
 * text under {@code plan/} ({@code -Dgolden.update=true} rewrites them).
 */
class PlannerTest {
    private final Project project = load("app", List.of());
    private final List<ContainerSummary> containers = new ArrayList<>();
    private final Map<String, NetworkResource> networks = new HashMap<>();
    private final Map<String, VolumeResource> volumes = new HashMap<>();
    private final Map<String, String> images = new HashMap<>(Map.of("busybox", "sha256:bb"));

    static Project load(String name, List<String> profiles) {
        try {
            Path dir = Path.of(PlannerTest.class.getResource("/plan/" + name).toURI());
            return ProjectLoader.load(new ProjectLoader.Options(dir, List.of(), "app", null, List.of(), profiles, k -> null, List.of()), w -> {});
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private ObservedState observed() {
        return ObservedState.of(project, containers, networks, volumes, images);
    }

    /** Everything of the project exists and runs, as {@code up} left it. */
    private void upToDate() {
        networks.put("app_front", null);
        networks.put("app_back", null);
        volumes.put("app_data", null);
        for (String s : List.of("cache", "db", "migrate", "web")) container(s, 1, ConfigHash.of(project.service(s)), "running");
    }

    private void container(String service, int n, String hash, String state) {
        Map<String, String> labels = new HashMap<>();
        labels.put(ComposeLabels.PROJECT, "app");
        labels.put(ComposeLabels.SERVICE, service);
        labels.put(ComposeLabels.CONTAINER_NUMBER, Integer.toString(n));
        labels.put(ComposeLabels.CONFIG_HASH, hash);
        labels.put(ComposeLabels.ONEOFF, "False");
        String id = (service + n + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef").substring(0, 64);
        containers.add(new ContainerSummary(id, List.of("/app-" + service + "-" + n), "busybox", "sha256:bb", "", 0, List.of(), null, null,
                labels, state, "", null, null, List.of()));
    }

    private static void golden(String name, String actual) throws IOException, URISyntaxException {
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(Path.of("src/test/resources/plan", name + ".txt"), actual);
            return;
        }
        Path file = Path.of(PlannerTest.class.getResource("/plan/" + name + ".txt").toURI());
        assertEquals(Files.readString(file), actual, name);
    }

    @Test
    void aNewProjectIsCreatedInDependencyOrderWithWaits() throws Exception {
        golden("up-new", Planner.up(project, observed(), Planner.UpOptions.defaults()).toString());
    }

    @Test
    void anUnchangedRunningProjectNeedsNothing() {
        upToDate();
        assertTrue(Planner.up(project, observed(), Planner.UpOptions.defaults()).isEmpty());
    }

    @Test
    void onlyTheServiceWhoseHashChangedIsRecreated() throws Exception {
        upToDate();
        containers.removeIf(c -> c.labels().get(ComposeLabels.SERVICE).equals("db"));
        container("db", 1, "an-older-hash", "running");
        golden("up-changed", Planner.up(project, observed(), Planner.UpOptions.defaults()).toString());
    }

    @Test
    void scaleUpAndDown() throws Exception {
        upToDate();
        container("cache", 2, ConfigHash.of(project.service("cache")), "running");
        container("cache", 3, ConfigHash.of(project.service("cache")), "running");
        golden("up-scale", Planner.up(project, observed(), new Planner.UpOptions(List.of(), Planner.Recreate.DIVERGED,
                Planner.Recreate.DIVERGED, false, Map.of("cache", 1, "web", 3), false, true)).toString());
    }

    @Test
    void stoppedContainersAreStartedAndForceRecreateAndOrphans() throws Exception {
        upToDate();
        containers.replaceAll(c -> c.labels().get(ComposeLabels.SERVICE).equals("db") ? new ContainerSummary(c.id(), c.names(), c.image(),
                c.imageId(), "", 0, List.of(), null, null, c.labels(), "exited", "", null, null, List.of()) : c);
        container("old", 1, "x", "running");
        golden("up-start-force-orphans", Planner.up(project, observed(), new Planner.UpOptions(List.of("web"), Planner.Recreate.FORCE,
                Planner.Recreate.DIVERGED, false, Map.of(), true, true)).toString());
    }

    @Test
    void noStartOnlyCreates() throws Exception {
        golden("create", Planner.up(project, observed(), new Planner.UpOptions(List.of("db"), Planner.Recreate.DIVERGED,
                Planner.Recreate.DIVERGED, false, Map.of(), false, false)).toString());
    }

    @Test
    void downStopsDependentsFirstThenRemovesNetworksVolumesImages() throws Exception {
        upToDate();
        golden("down", Planner.down(project, observed(), new Planner.DownOptions(false, true, "all")).toString());
    }

    @Test
    void stopAndStart() throws Exception {
        upToDate();
        golden("stop", Planner.stop(project, observed(), List.of()).toString());
        containers.clear();
        networks.clear();
        volumes.clear();
        upToDate();
        containers.replaceAll(c -> new ContainerSummary(c.id(), c.names(), c.image(), c.imageId(), "", 0, List.of(), null, null, c.labels(),
                "exited", "", null, null, List.of()));
        golden("start", Planner.start(project, observed(), List.of()).toString());
    }

    @Test
    void aNetworkWhoseConfigChangedIsRecreatedWithItsContainersReconnected() throws Exception {
        upToDate();
        networks.put("app_front", new NetworkResource("app_front", "f1", "", "local", "bridge", false, null, false, true, false,
                Map.of(), false, Map.of(), Map.of(), Map.of(ComposeLabels.CONFIG_HASH, "an-older-hash")));
        networks.put("app_back", new NetworkResource("app_back", "b1", "", "local", "bridge", false, null, false, true, false,
                Map.of(), false, Map.of(), Map.of(), Map.of(ComposeLabels.CONFIG_HASH, ConfigHash.network("back", project.resources("networks").get("back")))));
        golden("up-network-changed", Planner.up(project, observed(), Planner.UpOptions.defaults()).toString());
    }
}
