/**
 * The layer store: image layers unpacked once per chain id ({@link dev.berth.snapshot.LayerStore},
 * {@link dev.berth.snapshot.Layer}). Implementations live in subpackages named after their mechanism.
 */
package dev.berth.snapshot;
