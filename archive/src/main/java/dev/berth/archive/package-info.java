/**
 * Layer tars. {@link dev.berth.archive.LayerUnpacker} unpacks untrusted uncompressed layer tars
 * (never writing outside its root) either as overlayfs lower dirs or flattened;
 * {@link dev.berth.archive.LayerWriter} writes a directory or an overlay upper dir as a
 * deterministic layer tar. Both hash what passes through (the diff id). The tar codec itself
 * ({@code TarReader}, {@code TarWriter}) is internal: it keeps PAX values as raw bytes, which binary
 * xattrs such as {@code security.capability} need. Compression is the caller's business.
 */
package dev.berth.archive;
