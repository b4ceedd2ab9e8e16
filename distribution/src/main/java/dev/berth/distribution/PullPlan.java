package dev.berth.distribution;

import dev.berth.content.ContentStore;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import java.util.ArrayList;
import java.util.List;

/** A resolved pull: the manifest read, the blobs known, nothing fetched yet. Fetch it once. */
public final class PullPlan {
    private final Puller puller;
    private final Digest digest;
    private final Digest manifestDigest;
    private final Descriptor config;
    private final List<Descriptor> layers;

    PullPlan(Puller puller, Digest digest, Digest manifestDigest, Descriptor config, List<Descriptor> layers) {
        this.puller = puller;
        this.digest = digest;
        this.manifestDigest = manifestDigest;
        this.config = config;
        this.layers = List.copyOf(layers);
    }

    /** What the reference names (an index for a multi-platform image): Docker's repo digest. */
    public Digest digest() {
        return digest;
    }

    public Digest manifestDigest() {
        return manifestDigest;
    }

    public Descriptor config() {
        return config;
    }

    public List<Descriptor> layers() {
        return layers;
    }

    /** The config and layer blobs. */
    public List<Digest> blobs() {
        List<Digest> all = new ArrayList<>();
        all.add(config.digest());
        layers.forEach(l -> all.add(l.digest()));
        return all;
    }

    /** Fetches the config and the layers {@code content} lacks, verified, into {@code content}. */
    public PullResult fetch(ContentStore content, Progress.Listener listener) {
        return puller.fetch(this, content, listener);
    }
}
