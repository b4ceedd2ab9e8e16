package dev.berth.engine.container;

import dev.berth.common.EngineException;
import dev.berth.engine.volume.Volume;
import dev.berth.engine.volume.VolumeService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A new container's mounts, as dockerd registers them at create: {@code --volumes-from} first, then {@code -v}
 * binds and named volumes, then {@code --mount}s (two of these on one destination: "Duplicate mount point"), then an
 * anonymous volume for each {@code Config.Volumes} destination (the image's {@code VOLUME}s and {@code -v /path})
 * that nothing else covers. Volumes are created last, so that a refused request creates none.
 */
final class MountPlan {
    static final Set<String> PROPAGATIONS = Set.of("private", "rprivate", "shared", "rshared", "slave", "rslave");

    private MountPlan() {}

    /**
     * @param mountsOf the mounts of another container, by name or id ({@code --volumes-from})
     * @throws EngineException.InvalidArgument a malformed or conflicting mount
     * @throws EngineException.NotFound a {@code --volumes-from} container that does not exist
     */
    static List<MountPoint> resolve(HostSpec h, Map<String, Object> configVolumes,
                                    Function<String, List<MountPoint>> mountsOf, VolumeService volumes) {
        List<Pending> planned = plan(h, configVolumes, mountsOf);
        List<MountPoint> out = new ArrayList<>();
        try {
            for (Pending p : planned) {
                if (!p.mount.isVolume() || !p.mount.source().isEmpty()) {
                    out.add(p.mount);
                    continue;
                }
                Volume v = volumes.create(p.mount.name(), null, p.labels, p.options);
                out.add(new MountPoint(MountPoint.VOLUME, v.name(), v.mountpoint().toString(), p.mount.destination(),
                        p.mount.mode(), p.mount.rw(), "", p.mount.named(), p.mount.copyData(), ""));
            }
        } catch (RuntimeException e) {
            removeAnonymous(out, volumes);
            throw e;
        }
        return out;
    }

    /** Removes the anonymous volumes among {@code mounts} that no container uses (a create that failed, {@code rm -v}). */
    static void removeAnonymous(List<MountPoint> mounts, VolumeService volumes) {
        for (MountPoint m : mounts) {
            if (!m.isVolume() || m.named()) continue;
            try {
                volumes.remove(m.name(), true);
            } catch (EngineException.Conflict inUse) {
                // another container uses it too (--volumes-from): not an error, as in Docker
            }
        }
    }

    /** The checks of {@link #resolve} alone (no volume is created): what create validates up front. */
    static void validate(HostSpec h) {
        plan(h, Map.of(), id -> List.of());
    }

    /** A mount before its volume exists; {@code labels} and {@code options} are for the volume it creates. */
    private record Pending(MountPoint mount, Map<String, String> labels, Map<String, String> options) {}

    private static List<Pending> plan(HostSpec h, Map<String, Object> configVolumes, Function<String, List<MountPoint>> mountsOf) {
        Map<String, Pending> byDest = new LinkedHashMap<>();
        for (String from : h.volumesFrom()) {
            String[] p = from.split(":", 2);
            String mode = p.length == 2 ? p[1] : "";
            if (!Set.of("", "ro", "rw").contains(mode)) throw new EngineException.InvalidArgument("invalid mode for volumes-from: " + mode);
            for (MountPoint m : mountsOf.apply(p[0])) {
                boolean rw = mode.isEmpty() ? m.rw() : mode.equals("rw");
                byDest.put(m.destination(), new Pending(new MountPoint(m.type(), m.name(), m.source(), m.destination(), "", rw,
                        m.propagation(), m.named(), false, m.tmpfsOptions()), Map.of(), Map.of()));
            }
        }
        Set<String> user = new java.util.HashSet<>();
        for (String dest : h.tmpfs().keySet()) user.add(destination(dest, "--tmpfs " + dest));
        for (String spec : h.binds()) add(byDest, user, new Pending(bind(spec), Map.of(), Map.of()));
        for (MountRequest m : h.mounts()) add(byDest, user, mount(m));
        for (String dest : configVolumes == null ? Set.<String>of() : configVolumes.keySet()) {
            String d = destination(dest, dest);
            if (byDest.containsKey(d) || user.contains(d)) continue;
            byDest.put(d, new Pending(new MountPoint(MountPoint.VOLUME, "", "", d, "", true, "", false, true, ""), Map.of(), Map.of()));
        }
        return List.copyOf(byDest.values());
    }

    private static void add(Map<String, Pending> byDest, Set<String> user, Pending p) {
        String d = p.mount.destination();
        if (!user.add(d)) throw new EngineException.InvalidArgument("Duplicate mount point: " + d);
        byDest.put(d, p);
    }

    /** One {@code -v source:destination[:options]}, parsed as dockerd does on Linux. */
    static MountPoint bind(String spec) {
        String[] parts = spec.split(":");
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new EngineException.InvalidArgument("invalid volume specification: '" + spec + "'");
        }
        String dest = destination(parts[1], spec);
        boolean ro = false;
        boolean nocopy = false;
        String propagation = "rprivate";
        String mode = parts.length == 3 ? parts[2] : "";
        for (String o : mode.isEmpty() ? new String[0] : mode.split(",")) {
            switch (o) {
                case "ro" -> ro = true;
                case "nocopy" -> nocopy = true;
                case "rw", "z", "Z" -> { }
                default -> {
                    if (PROPAGATIONS.contains(o)) propagation = o;
                    else throw new EngineException.InvalidArgument("invalid mode: " + o);
                }
            }
        }
        if (parts[0].startsWith("/")) {
            return new MountPoint(MountPoint.BIND, "", Path.of(parts[0]).normalize().toString(), dest, mode, !ro, propagation, false, false, "");
        }
        checkVolumeName(parts[0]);
        return new MountPoint(MountPoint.VOLUME, parts[0], "", dest, mode.isEmpty() ? "z" : mode, !ro, "", true, !nocopy, "");
    }

    private static Pending mount(MountRequest m) {
        String dest = destination(m.target() == null ? "" : m.target(), m.target());
        return switch (m.type() == null ? "" : m.type()) {
            case MountPoint.BIND -> {
                if (m.source().isEmpty()) throw new EngineException.InvalidArgument("invalid mount config for type \"bind\": field Source must not be empty");
                if (!m.source().startsWith("/")) {
                    throw new EngineException.InvalidArgument("invalid mount config for type \"bind\": invalid mount path: '" + m.source() + "' mount path must be absolute");
                }
                if (!Files.exists(Path.of(m.source()))) {
                    throw new EngineException.InvalidArgument("invalid mount config for type \"bind\": bind source path does not exist: " + m.source());
                }
                String propagation = m.propagation() == null || m.propagation().isEmpty() ? "rprivate" : m.propagation();
                if (!PROPAGATIONS.contains(propagation)) throw new EngineException.InvalidArgument("invalid propagation mode: " + propagation);
                yield new Pending(new MountPoint(MountPoint.BIND, "", Path.of(m.source()).normalize().toString(), dest, "", !m.readOnly(),
                        propagation, false, false, ""), Map.of(), Map.of());
            }
            case MountPoint.VOLUME -> {
                if (!m.source().isEmpty()) checkVolumeName(m.source());
                yield new Pending(new MountPoint(MountPoint.VOLUME, m.source(), "", dest, "z", !m.readOnly(), "", !m.source().isEmpty(),
                        !m.noCopy(), ""), m.volumeLabels(), m.volumeOptions());
            }
            case MountPoint.TMPFS -> {
                if (!m.source().isEmpty()) throw new EngineException.InvalidArgument("invalid mount config for type \"tmpfs\": field Source must not be specified");
                List<String> opts = new ArrayList<>(List.of("nosuid", "nodev", "noexec"));
                if (m.tmpfsSize() != null && m.tmpfsSize() > 0) opts.add("size=" + (m.tmpfsSize() / 1024) + "k");
                if (m.tmpfsMode() != null && m.tmpfsMode() != 0) opts.add("mode=" + Integer.toOctalString(m.tmpfsMode()));
                yield new Pending(new MountPoint(MountPoint.TMPFS, "", "", dest, "", !m.readOnly(), "", false, false,
                        String.join(",", opts)), Map.of(), Map.of());
            }
            default -> throw new EngineException.InvalidArgument("mount type unknown: \"" + m.type() + "\"");
        };
    }

    private static void checkVolumeName(String name) {
        if (name.length() < 2) {
            throw new EngineException.InvalidArgument("create " + name + ": volume name is too short, names should be at least two alphanumeric characters");
        }
    }

    private static String destination(String dest, String spec) {
        if (!dest.startsWith("/")) {
            throw new EngineException.InvalidArgument("invalid mount config for type \"bind\": invalid mount path: '" + dest + "' mount path must be absolute");
        }
        String d = Path.of(dest).normalize().toString();
        if (d.equals("/")) throw new EngineException.InvalidArgument("invalid specification: destination can't be '/' in '" + spec + "'");
        return d;
    }
}
