package dev.berth.image;

import dev.berth.common.EngineException;
import dev.berth.content.Catalog;
import dev.berth.content.Info;
import dev.berth.oci.Digest;
import dev.berth.snapshot.Layer;
import dev.berth.snapshot.LayerStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Mark and sweep over the layer store and the content store: given the live blobs and chain ids,
 * keeps those and every layer below a live one, and removes the rest, top layers first. The
 * caller makes sure nothing adds content meanwhile.
 */
final class Collector {
    private final Catalog content;
    private final LayerStore layers;

    Collector(Catalog content, LayerStore layers) {
        this.content = content;
        this.layers = layers;
    }

    GcResult sweep(Set<Digest> liveBlobs, Set<Digest> liveChainIds) {
        Map<Digest, Layer> all = new HashMap<>();
        for (Layer l : layers.list()) all.put(l.chainId(), l);
        Set<Digest> live = new HashSet<>(liveChainIds);
        Deque<Digest> todo = new ArrayDeque<>(live);
        while (!todo.isEmpty()) {
            Layer l = all.get(todo.pop());
            if (l != null && l.parent().isPresent() && live.add(l.parent().get())) todo.push(l.parent().get());
        }
        List<Layer> dead = all.values().stream().filter(l -> !live.contains(l.chainId()))
                .sorted(Comparator.comparingInt((Layer l) -> depth(l, all)).reversed().thenComparing(Layer::chainId))
                .toList();
        List<Digest> removedLayers = new ArrayList<>();
        long bytes = 0;
        for (Layer l : dead) {
            try {
                layers.remove(l.chainId());
                removedLayers.add(l.chainId());
                bytes += l.size();
            } catch (EngineException e) {
                // in use by something only the layer store knows of: the next gc tries again
            }
        }
        List<Info> deadBlobs = new ArrayList<>();
        content.walk(info -> {
            if (!liveBlobs.contains(info.digest())) deadBlobs.add(info);
        });
        deadBlobs.sort(Comparator.comparing(Info::digest));
        List<Digest> removedBlobs = new ArrayList<>();
        for (Info info : deadBlobs) {
            if (content.delete(info.digest())) {
                removedBlobs.add(info.digest());
                bytes += info.size();
            }
        }
        return new GcResult(removedLayers, removedBlobs, bytes);
    }

    private static int depth(Layer l, Map<Digest, Layer> all) {
        int d = 0;
        Optional<Digest> p = l.parent();
        while (p.isPresent() && d <= all.size()) {
            d++;
            Layer parent = all.get(p.get());
            p = parent == null ? Optional.empty() : parent.parent();
        }
        return d;
    }
}
