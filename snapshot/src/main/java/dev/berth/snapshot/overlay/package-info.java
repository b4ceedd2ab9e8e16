/**
 * Layers as overlayfs lower dirs: {@link dev.berth.snapshot.overlay.OverlayLayerStore} (crash-safe
 * directory layout) and {@link dev.berth.snapshot.overlay.OverlayChain} (the lower dirs and mount
 * options of a chain, as data).
 */
package dev.berth.snapshot.overlay;
