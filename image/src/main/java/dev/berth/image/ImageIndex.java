package dev.berth.image;

import dev.berth.common.EngineException;
import dev.berth.image.RecordStore.ImageRecord;
import dev.berth.image.RecordStore.Reference;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageConfig;
import dev.berth.oci.ImageRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The stored images and their names in memory, mirroring the record files, and the lookups on
 * them: Docker's name-or-id resolution and {@code docker save}'s selection. Not thread-safe: the
 * {@link ImageStore} lock guards it.
 */
final class ImageIndex {
    private static final Pattern FULL_HEX = Pattern.compile("[a-f0-9]{64}");
    private static final Pattern HEX_PREFIX = Pattern.compile("[a-f0-9]{1,64}");

    /** A stored image: its record and its parsed config. */
    record Entry(ImageRecord record, ImageConfig config) {
        Digest id() {
            return record.id();
        }
    }

    private final Map<Digest, Entry> images = new HashMap<>();
    /** Full reference (tagged or digest-only) → image. */
    private final SortedMap<String, Reference> refs;

    ImageIndex(SortedMap<String, Reference> refs) {
        this.refs = new TreeMap<>(refs);
    }

    Optional<Entry> entry(Digest id) {
        return Optional.ofNullable(images.get(id));
    }

    boolean contains(Digest id) {
        return images.containsKey(id);
    }

    Collection<Entry> entries() {
        return List.copyOf(images.values());
    }

    void put(Entry e) {
        images.put(e.id(), e);
    }

    void remove(Digest id) {
        images.remove(id);
    }

    /** The names, for writing them out or changing them (the caller writes the file). */
    SortedMap<String, Reference> refs() {
        return refs;
    }

    SortedMap<String, Reference> copyOfRefs() {
        return new TreeMap<>(refs);
    }

    void restoreRefs(SortedMap<String, Reference> saved) {
        refs.clear();
        refs.putAll(saved);
    }

    Image image(Entry e) {
        return image(e, namesById());
    }

    List<Image> images() {
        Map<Digest, List<ImageRef>> names = namesById();
        return images.values().stream().map(e -> image(e, names)).toList();
    }

    /** Familiar tags of an image, for history. */
    List<String> familiarTags(Digest id) {
        return namesById().getOrDefault(id, List.of()).stream().filter(r -> r.tag() != null)
                .map(ImageRef::familiar).toList();
    }

    /** Docker's lookup order: a name, then the id (full, or a unique prefix). */
    Digest resolveId(String input) {
        if (input == null || input.isEmpty()) throw noSuchImage("");
        if (Digest.isDigest(input)) return existing(Digest.parse(input), input);
        if (FULL_HEX.matcher(input).matches()) return existing(new Digest(input), input);
        EngineException.InvalidArgument invalidName = null;
        try {
            ImageRef ref = ImageRef.parseNamed(input);
            ImageRef stored = ref.digest() != null ? new ImageRef(ref.domain(), ref.path(), null, ref.digest())
                    : storedForm(ref);
            Reference hit = refs.get(stored.toString());
            if (hit != null && images.containsKey(hit.id())) return hit.id();
        } catch (EngineException.InvalidArgument e) {
            invalidName = e;
        }
        String hex = input.startsWith("sha256:") ? input.substring(7) : input;
        if (HEX_PREFIX.matcher(hex).matches()) {
            List<Digest> matches = images.keySet().stream().filter(d -> d.hex().startsWith(hex)).limit(2).toList();
            if (matches.size() == 1) return matches.getFirst();
            if (matches.size() > 1) {
                throw new EngineException.InvalidArgument("image id prefix " + input
                        + " is ambiguous: more than one image id starts with it; give more digits");
            }
        }
        if (invalidName != null) throw invalidName;
        throw noSuchImage(input);
    }

    /**
     * What {@code docker save names...} saves, in order: {@code name:tag} is that image under that
     * tag, a bare repository is every tag of it, anything else (id, prefix, digest) the image unnamed.
     */
    Map<Digest, List<ImageRef>> selectForSave(List<String> names) {
        Map<Digest, LinkedHashSet<ImageRef>> chosen = new LinkedHashMap<>();
        for (String name : names) {
            ImageRef ref = null;
            if (!Digest.isDigest(name) && !FULL_HEX.matcher(name).matches()) {
                try {
                    ref = ImageRef.parseNamed(name);
                } catch (EngineException.InvalidArgument notAName) {
                    // maybe an id prefix: resolveId decides
                }
            }
            if (ref != null && ref.tag() == null && ref.digest() == null) {
                boolean any = false;
                for (var e : refs.entrySet()) {
                    ImageRef r = ImageRef.parseNamed(e.getKey());
                    if (r.name().equals(ref.name()) && r.tag() != null && images.containsKey(e.getValue().id())) {
                        chosen.computeIfAbsent(e.getValue().id(), k -> new LinkedHashSet<>()).add(r);
                        any = true;
                    }
                }
                if (any) continue;
            }
            Digest id = resolveId(name);
            LinkedHashSet<ImageRef> tags = chosen.computeIfAbsent(id, k -> new LinkedHashSet<>());
            if (ref != null && ref.tag() != null && ref.digest() == null && refs.containsKey(ref.toString())) {
                tags.add(ref);
            }
        }
        Map<Digest, List<ImageRef>> out = new LinkedHashMap<>();
        chosen.forEach((id, tags) -> out.put(id, List.copyOf(tags)));
        return out;
    }

    /** The form a name is stored in: tagged ({@code latest} by default), or digest-only. */
    static ImageRef storedForm(ImageRef ref) {
        if (ref.tag() != null && ref.digest() != null) {
            throw new EngineException.InvalidArgument("refusing to create a tag with a digest reference: " + ref.familiar());
        }
        return ref.tag() == null && ref.digest() == null ? ref.withTag(ImageRef.DEFAULT_TAG) : ref;
    }

    static EngineException.NotFound noSuchImage(String input) {
        return new EngineException.NotFound("No such image: " + input);
    }

    private Digest existing(Digest id, String input) {
        if (!images.containsKey(id)) throw noSuchImage(input);
        return id;
    }

    private Map<Digest, List<ImageRef>> namesById() {
        Map<Digest, List<ImageRef>> names = new HashMap<>();
        refs.forEach((name, r) -> names.computeIfAbsent(r.id(), k -> new ArrayList<>()).add(ImageRef.parseNamed(name)));
        return names;
    }

    private Image image(Entry e, Map<Digest, List<ImageRef>> names) {
        ImageRecord r = e.record();
        List<ImageRef> all = names.getOrDefault(r.id(), List.of());
        Optional<Instant> lastTag = refs.values().stream().filter(ref -> ref.id().equals(r.id()))
                .map(ref -> Timestamps.parse(ref.taggedAt())).flatMap(Optional::stream).max(Comparator.naturalOrder());
        return new Image(r.id(), r.config(), e.config(), r.layers(),
                all.stream().filter(n -> n.tag() != null).toList(),
                all.stream().filter(n -> n.tag() == null && n.digest() != null).toList(),
                Optional.ofNullable(r.parent()), lastTag);
    }
}
