package dev.berth.engine.volume;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.berth.common.AtomicFiles;
import dev.berth.common.EngineException;
import dev.berth.common.Ids;
import dev.berth.common.linux.Libc;
import dev.berth.common.linux.Mounts;
import dev.berth.engine.events.EventBus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Docker's volumes with the {@code local} driver, under {@code <data-root>/volumes}: each volume a directory
 * holding {@code volume.json} (its record, written last and atomically: a directory without it is a create that
 * did not finish) and {@code _data}, the files containers see. Options {@code type}/{@code device}/{@code o} make
 * {@code _data} a mount (a tmpfs, a bind of a host dir...) made when the first container mounts the volume and
 * undone when the last one lets go, as Docker's local driver does.
 *
 * <p>Containers reference the volumes they use ({@link #reference}); a referenced volume cannot be removed
 * (unless forced) and is not pruned. References live in memory: the container service registers its containers'
 * volumes again when it loads them.
 */
public final class VolumeService {
    private static final String RECORD = "volume.json";
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");
    private static final Set<String> OPTIONS = Set.of("type", "device", "o", "size");
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** {@code volume.json}. */
    private record Stored(String name, String createdAt, Map<String, String> labels, Map<String, String> options) {}

    /** What {@link #prune} removed. */
    public record PruneResult(List<String> removed, long spaceReclaimed) {}

    private final Path root;
    private final EventBus events;
    private final Clock clock;
    /** By name. Changes are made under {@code this}. */
    private final Map<String, Volume> volumes = new ConcurrentHashMap<>();
    /** Container ids by volume name. Guarded by {@code this}. */
    private final Map<String, Set<String>> users = new HashMap<>();
    /** Containers that have a device volume mounted, by volume name. Guarded by {@code this}. */
    private final Map<String, Set<String>> mountedBy = new HashMap<>();

    public VolumeService(Path root, EventBus events, Clock clock) {
        this.root = root.toAbsolutePath().normalize();
        this.events = events;
        this.clock = clock;
        try {
            Files.createDirectories(this.root);
            load();
        } catch (IOException e) {
            throw new EngineException.Unavailable("cannot read the volumes in " + this.root + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code docker volume create}: a new volume, or the existing one of that name (as Docker answers a create
     * of a volume that exists). A null or empty name makes an anonymous volume (a random 64-hex name).
     *
     * @throws EngineException.InvalidArgument for a bad name, driver or option
     */
    public synchronized Volume create(String name, String driver, Map<String, String> labels, Map<String, String> options) {
        if (name == null || name.isEmpty()) name = Ids.newId();
        if (!NAME.matcher(name).matches()) {
            throw new EngineException.InvalidArgument("create " + name + ": \"" + name + "\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path");
        }
        if (driver != null && !driver.isEmpty() && !driver.equals(Volume.DRIVER)) {
            throw new EngineException.NotFound("create " + name + ": error looking up volume plugin " + driver + ": plugin \"" + driver + "\" not found");
        }
        Volume existing = volumes.get(name);
        if (existing != null) return existing;
        Map<String, String> opts = options == null ? Map.of() : options;
        for (String k : opts.keySet()) {
            if (!OPTIONS.contains(k)) throw new EngineException.InvalidArgument("create " + name + ": invalid option: \"" + k + "\"");
        }
        if (opts.containsKey("type") != opts.containsKey("device") && !opts.containsKey("size")) {
            throw new EngineException.InvalidArgument("create " + name + ": missing required option: \"" + (opts.containsKey("type") ? "device" : "type") + "\"");
        }
        Path dir = root.resolve(name);
        Volume v = new Volume(name, dir.resolve("_data"), Instant.now(clock).truncatedTo(java.time.temporal.ChronoUnit.SECONDS), labels, opts);
        try {
            AtomicFiles.deleteTree(dir); // what a crash in a create left
            Files.createDirectories(v.mountpoint());
            AtomicFiles.write(dir.resolve(RECORD), JSON.writeValueAsBytes(
                    new Stored(name, v.createdAt().toString(), v.labels(), v.options())));
        } catch (IOException | RuntimeException e) {
            AtomicFiles.deleteTree(dir);
            throw new EngineException.Unavailable("create " + name + ": " + e.getMessage(), e);
        }
        volumes.put(name, v);
        events.publish("volume", "create", name, Map.of("driver", Volume.DRIVER));
        return v;
    }

    /** @throws EngineException.NotFound as Docker says it */
    public Volume inspect(String name) {
        Volume v = volumes.get(name);
        if (v == null) throw new EngineException.NotFound("get " + name + ": no such volume");
        return v;
    }

    /** Every volume, by name. */
    public List<Volume> list() {
        return volumes.values().stream().sorted(Comparator.comparing(Volume::name)).toList();
    }

    /**
     * {@code docker volume rm}: refused while a container uses it, unless {@code force} (Docker's force only
     * skips the not-found error; a volume in use stays).
     */
    public synchronized void remove(String name, boolean force) {
        Volume v = volumes.get(name);
        if (v == null) {
            if (force) return;
            throw new EngineException.NotFound("get " + name + ": no such volume");
        }
        Set<String> using = users(name);
        if (!using.isEmpty()) {
            throw new EngineException.Conflict("remove " + name + ": volume is in use - [" + String.join(", ", using) + "]");
        }
        delete(v);
    }

    /** {@code docker volume prune}: every volume no container uses that {@code selected} accepts. */
    public synchronized PruneResult prune(java.util.function.Predicate<Volume> selected) {
        List<String> removed = new ArrayList<>();
        long space = 0;
        for (Volume v : list()) {
            if (!users(v.name()).isEmpty() || !selected.test(v)) continue;
            long size = v.mountsDevice() ? 0 : size(v);
            delete(v);
            removed.add(v.name());
            space += size;
        }
        return new PruneResult(removed, space);
    }

    /** Bytes of files in the volume's data dir (what {@code system df -v} shows). */
    public long size(Volume v) {
        try (Stream<Path> files = Files.walk(v.mountpoint())) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException gone) {
                    return 0;
                }
            }).sum();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }

    // ---- containers' use --------------------------------------------------------------------

    /** Container {@code containerId} uses the volume from now on (until {@link #release}). */
    public synchronized void reference(String name, String containerId) {
        inspect(name);
        users.computeIfAbsent(name, k -> new LinkedHashSet<>()).add(containerId);
    }

    /** Container {@code containerId} no longer uses the volume. */
    public synchronized void release(String name, String containerId) {
        Set<String> s = users.get(name);
        if (s != null && s.remove(containerId) && s.isEmpty()) users.remove(name);
    }

    /** The containers that use a volume. */
    public synchronized Set<String> users(String name) {
        return Set.copyOf(users.getOrDefault(name, Set.of()));
    }

    /**
     * The host path of the volume's files for a container that starts: for a device volume, mounted now if no
     * other container has it mounted. Balanced by {@link #unmount}. {@code mountEvent}: publish dockerd's
     * {@code mount} event with these attributes (null: none, as for a container the daemon finds running).
     */
    public synchronized Path mount(String name, String containerId, Map<String, String> mountEvent) {
        Volume v = inspect(name);
        Set<String> by = mountedBy.computeIfAbsent(name, k -> new HashSet<>());
        if (by.isEmpty() && v.mountsDevice()) mountDevice(v);
        by.add(containerId);
        if (mountEvent != null) {
            Map<String, String> attrs = new HashMap<>(mountEvent);
            attrs.put("driver", Volume.DRIVER);
            attrs.put("container", containerId);
            events.publish("volume", "mount", name, attrs);
        }
        return v.mountpoint();
    }

    /** The container that {@link #mount}ed the volume stopped; the last one out unmounts a device volume. */
    public synchronized void unmount(String name, String containerId) {
        Set<String> by = mountedBy.get(name);
        if (by == null || !by.remove(containerId)) return;
        events.publish("volume", "unmount", name, Map.of("driver", Volume.DRIVER, "container", containerId));
        if (!by.isEmpty()) return;
        mountedBy.remove(name);
        Volume v = volumes.get(name);
        if (v != null && v.mountsDevice()) unmountDevice(v);
    }

    // ---- internals ----------------------------------------------------------------------------

    private void delete(Volume v) {
        if (v.mountsDevice()) unmountDevice(v);
        volumes.remove(v.name());
        try {
            Path dir = root.resolve(v.name());
            Files.deleteIfExists(dir.resolve(RECORD)); // first: a crash from here on leaves garbage, not a volume
            AtomicFiles.deleteTree(dir);
        } catch (IOException e) {
            throw new EngineException.Unavailable("remove " + v.name() + ": " + e.getMessage(), e);
        }
        events.publish("volume", "destroy", v.name(), Map.of("driver", Volume.DRIVER));
    }

    /**
     * {@code mount -t type -o o device _data}, as the local driver does; nothing if it is mounted (by this daemon
     * before a restart: running containers keep using it).
     */
    private static void mountDevice(Volume v) {
        if (Mounts.isMountPoint(v.mountpoint())) return;
        Map<String, String> o = v.options();
        String type = o.getOrDefault("type", "tmpfs");
        String device = o.getOrDefault("device", type);
        String data = o.getOrDefault("o", o.containsKey("size") ? "size=" + o.get("size") : "");
        long flags = 0;
        List<String> rest = new ArrayList<>();
        for (String opt : data.isEmpty() ? List.<String>of() : List.of(data.split(","))) {
            if (opt.equals("bind")) flags |= Libc.MS_BIND;
            else if (opt.equals("rbind")) flags |= Libc.MS_BIND | Libc.MS_REC;
            else if (opt.equals("ro")) flags |= Libc.MS_RDONLY;
            else rest.add(opt);
        }
        if ((flags & Libc.MS_BIND) != 0 && !Files.isDirectory(Path.of(device)) && !Files.exists(Path.of(device))) {
            throw new EngineException.InvalidArgument("error while mounting volume '" + v.mountpoint() + "': failed to mount local volume: mount "
                    + device + ":" + v.mountpoint() + ": no such file or directory");
        }
        try {
            Libc.mount(device, v.mountpoint(), type, flags, String.join(",", rest));
        } catch (IOException e) {
            throw new EngineException.InvalidArgument("error while mounting volume '" + v.mountpoint() + "': failed to mount local volume: mount "
                    + device + ":" + v.mountpoint() + ", flags: 0x" + Long.toHexString(flags) + ", data: " + String.join(",", rest) + ": " + e.getMessage(), e);
        }
    }

    private static void unmountDevice(Volume v) {
        try {
            Libc.umount2(v.mountpoint(), Libc.MNT_DETACH);
        } catch (IOException notMounted) {
            // nothing to undo
        }
    }

    private void load() throws IOException {
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.toList()) {
                Path record = dir.resolve(RECORD);
                if (!Files.isRegularFile(record)) {
                    AtomicFiles.deleteTree(dir); // a create that did not finish
                    continue;
                }
                Stored st = JSON.readValue(record.toFile(), Stored.class);
                Volume v = new Volume(st.name(), dir.resolve("_data"), Instant.parse(st.createdAt()), st.labels(), st.options());
                volumes.put(v.name(), v);
            }
        }
    }

}
