/**
 * The image store: which images exist, what they are made of and what they are called, plus the
 * archive formats images travel in ({@code docker import}, {@code docker load}, {@code docker save}).
 *
 * <p>Identity is Docker's: an image id is the sha256 of its config JSON, whose bytes are kept
 * verbatim in the content store and never re-serialised. An {@link dev.berth.image.Image} ties the
 * config to its layers: each layer is a diff id (the digest of the uncompressed tar, from the
 * config), a blob in the content store (plain, gzip or zstd) and a chain id in the
 * {@link dev.berth.snapshot.LayerStore}. Names are references normalised to their full form
 * ({@code docker.io/library/busybox:latest}) and shown familiar ({@code busybox:latest}).
 *
 * <p>Crash safety comes from the order of writes: blobs, then layers, then the image record, then
 * the names. Whatever a kill -9 leaves behind is either complete or unreferenced, and
 * {@link dev.berth.image.ImageStore#gc()} removes what is unreferenced.
 */
package dev.berth.image;
