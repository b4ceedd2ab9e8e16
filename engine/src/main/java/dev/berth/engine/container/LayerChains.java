package dev.berth.engine.container;

import dev.berth.oci.Digest;
import dev.berth.snapshot.overlay.OverlayChain;

/** The lower dirs of an image's layer chain ({@code OverlayLayerStore::chain}). */
@FunctionalInterface
public interface LayerChains {
    /** @throws dev.berth.common.EngineException.NotFound if the layer or one below it is missing */
    OverlayChain chain(Digest chainId);
}
