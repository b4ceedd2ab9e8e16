package dev.berth.engine.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.common.EngineException;
import dev.berth.engine.events.Event;
import dev.berth.engine.events.EventBus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local driver's plain volumes (no mounts, so no root needed): records, names, references, prune. */
class VolumeServiceTest {
    @TempDir
    Path root;

    private final EventBus events = new EventBus(Clock.systemUTC());

    private VolumeService service() {
        return new VolumeService(root, events, Clock.systemUTC());
    }

    @Test
    void aVolumeAndItsDataOutliveTheService() throws IOException {
        VolumeService s = service();
        Volume v = s.create("notes", "local", Map.of("team", "a"), Map.of());
        assertEquals(root.resolve("notes/_data"), v.mountpoint());
        Files.writeString(v.mountpoint().resolve("f"), "kept");
        assertEquals(v, s.create("notes", null, Map.of(), Map.of()), "a create of an existing volume answers it");

        Volume again = service().inspect("notes");
        assertEquals(v, again);
        assertEquals("kept", Files.readString(again.mountpoint().resolve("f")));
    }

    @Test
    void anonymousVolumesGet64HexNames() {
        String name = service().create(null, null, Map.of(), Map.of()).name();
        assertTrue(name.matches("[0-9a-f]{64}"), name);
    }

    @Test
    void badNamesDriversAndOptionsAreRefusedAsDockerdDoes() {
        VolumeService s = service();
        var bad = assertThrows(EngineException.InvalidArgument.class, () -> s.create("a/b", null, Map.of(), Map.of()));
        assertTrue(bad.getMessage().startsWith("create a/b: \"a/b\" includes invalid characters for a local volume name"), bad.getMessage());
        assertThrows(EngineException.InvalidArgument.class, () -> s.create("x", null, Map.of(), Map.of()));
        assertThrows(EngineException.InvalidArgument.class, () -> s.create(".x", null, Map.of(), Map.of()));
        var plugin = assertThrows(EngineException.NotFound.class, () -> s.create("ok", "nfs", Map.of(), Map.of()));
        assertEquals("create ok: error looking up volume plugin nfs: plugin \"nfs\" not found", plugin.getMessage());
        var opt = assertThrows(EngineException.InvalidArgument.class, () -> s.create("ok", null, Map.of(), Map.of("foo", "1")));
        assertEquals("create ok: invalid option: \"foo\"", opt.getMessage());
        var missing = assertThrows(EngineException.InvalidArgument.class, () -> s.create("ok", null, Map.of(), Map.of("type", "tmpfs")));
        assertEquals("create ok: missing required option: \"device\"", missing.getMessage());
        assertTrue(s.list().isEmpty(), "nothing half made: " + s.list());
        assertFalse(Files.exists(root.resolve("ok")));
    }

    @Test
    void aCreateThatDidNotFinishIsGoneAfterARestart() throws IOException {
        Files.createDirectories(root.resolve("half/_data"));
        VolumeService s = service();
        assertEquals(List.of(), s.list());
        assertFalse(Files.exists(root.resolve("half")));
        assertThrows(EngineException.NotFound.class, () -> s.inspect("half"));
    }

    @Test
    void aVolumeInUseIsNeitherRemovedNorPruned() throws IOException {
        VolumeService s = service();
        s.create("used", null, Map.of(), Map.of());
        Volume free = s.create("free", null, Map.of(), Map.of());
        Files.writeString(free.mountpoint().resolve("f"), "12345");
        s.reference("used", "c1");

        var inUse = assertThrows(EngineException.Conflict.class, () -> s.remove("used", true));
        assertEquals("remove used: volume is in use - [c1]", inUse.getMessage());
        var pruned = s.prune(v -> true);
        assertEquals(List.of("free"), pruned.removed());
        assertEquals(5, pruned.spaceReclaimed());

        s.release("used", "c1");
        s.remove("used", false);
        assertEquals(List.of(), s.list());
        assertThrows(EngineException.NotFound.class, () -> s.remove("used", false));
        s.remove("used", true); // force: a missing volume is no error
    }

    @Test
    void createAndDestroyAreEvents() {
        try (var sub = events.subscribe(e -> e.type().equals("volume"), -1)) {
            VolumeService s = service();
            s.create("ev", null, Map.of(), Map.of());
            s.reference("ev", "c1");
            assertEquals(root.resolve("ev/_data"), s.mount("ev", "c1", Map.of("destination", "/d", "read/write", "true", "propagation", "")));
            s.mount("ev", "c1", null); // a container found running after a restart: counted, no event
            s.unmount("ev", "c1");
            s.unmount("ev", "c1"); // once only
            s.release("ev", "c1");
            s.remove("ev", false);
            List<Event> got = sub.drain();
            assertEquals(List.of("create ev", "mount ev", "unmount ev", "destroy ev"),
                    got.stream().map(e -> e.action() + " " + e.actorId()).toList());
            assertEquals(Map.of("driver", "local", "container", "c1", "destination", "/d", "read/write", "true", "propagation", ""),
                    got.get(1).attributes());
            assertEquals(Map.of("driver", "local", "container", "c1"), got.get(2).attributes());
        }
    }
}
