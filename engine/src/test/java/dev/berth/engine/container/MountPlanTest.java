package dev.berth.engine.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.common.EngineException;
import dev.berth.engine.events.EventBus;
import dev.berth.engine.volume.VolumeService;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountPlanTest {
    @TempDir Path dir;

    private VolumeService volumes() {
        return new VolumeService(dir.resolve("volumes"), new EventBus(Clock.systemUTC()), Clock.systemUTC());
    }

    @Test
    void registersMountsAsDockerdDoes() {
        VolumeService volumes = volumes();
        Map<String, Object> configVolumes = new LinkedHashMap<>();
        configVolumes.put("/data", Map.of());   // covered by the named volume below
        configVolumes.put("/cache/", Map.of()); // nothing covers it: an anonymous volume
        HostSpec h = HostSpec.defaults().withBinds(List.of("named:/data", dir + ":/host:ro"))
                .withMounts(List.of(new MountRequest("tmpfs", "", "/t", false, null, false, null, null, 1L << 20, 0700),
                        new MountRequest("volume", "", "/anon", true, null, true, Map.of("k", "v"), null, null, null)));
        List<MountPoint> mounts = MountPlan.resolve(h, configVolumes, other -> List.of(), volumes);

        assertEquals(List.of("/data", "/host", "/t", "/anon", "/cache"), mounts.stream().map(MountPoint::destination).toList());
        MountPoint named = mounts.getFirst();
        assertEquals(volumes.inspect("named").mountpoint().toString(), named.source());
        assertEquals("z", named.mode());
        assertTrue(named.named() && named.copyData());
        assertEquals(new MountPoint("bind", "", dir.toString(), "/host", "ro", false, "rprivate", false, false, ""), mounts.get(1));
        assertEquals("nosuid,nodev,noexec,size=1024k,mode=700", mounts.get(2).tmpfsOptions());
        MountPoint anon = mounts.get(3);
        assertTrue(anon.name().matches("[0-9a-f]{64}") && !anon.named() && !anon.copyData() && !anon.rw());
        assertEquals(Map.of("k", "v"), volumes.inspect(anon.name()).labels());
        assertEquals("", mounts.get(4).mode());
        assertEquals(3, volumes.list().size(), "named, the --mount one and the Config.Volumes one: " + volumes.list());

        // --volumes-from takes them all with their modes, forced read-only by :ro
        List<MountPoint> from = MountPlan.resolve(HostSpec.defaults().withVolumesFrom(List.of("c1:ro")), Map.of(),
                other -> { assertEquals("c1", other); return mounts; }, volumes);
        assertEquals(mounts.size(), from.size());
        assertTrue(from.stream().noneMatch(MountPoint::rw));
        assertTrue(from.stream().allMatch(m -> m.mode().isEmpty() && !m.copyData()));
    }

    @Test
    void refusesWhatDockerdRefusesAndCreatesNothing() {
        VolumeService volumes = volumes();
        HostSpec dup = HostSpec.defaults().withBinds(List.of("v1:/x")).withMounts(List.of(
                new MountRequest("volume", "v2", "/x", false, null, false, null, null, null, null)));
        var e = assertThrows(EngineException.InvalidArgument.class, () -> MountPlan.resolve(dup, Map.of(), o -> List.of(), volumes));
        assertEquals("Duplicate mount point: /x", e.getMessage());
        HostSpec missing = HostSpec.defaults().withMounts(List.of(
                new MountRequest("bind", "/nonexistent/berth", "/x", false, null, false, null, null, null, null)));
        e = assertThrows(EngineException.InvalidArgument.class, () -> MountPlan.resolve(missing, Map.of(), o -> List.of(), volumes));
        assertEquals("invalid mount config for type \"bind\": bind source path does not exist: /nonexistent/berth", e.getMessage());
        HostSpec tmpfsTwice = HostSpec.defaults().withTmpfs(Map.of("/t", "")).withBinds(List.of(dir + ":/t"));
        assertThrows(EngineException.InvalidArgument.class, () -> MountPlan.resolve(tmpfsTwice, Map.of(), o -> List.of(), volumes));
        assertThrows(EngineException.InvalidArgument.class, () -> MountPlan.resolve(
                HostSpec.defaults().withVolumesFrom(List.of("c:bogus")), Map.of(), o -> List.of(), volumes));
        assertEquals(List.of(), volumes.list());
    }
}
