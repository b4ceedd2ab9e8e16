/**
 * The content store: immutable blobs addressed by their sha256 digest, split by role as containerd does.
 *
 * <ul>
 *   <li>{@link dev.berth.content.Provider} reads committed blobs ({@code open}, {@code info}, {@code exists}).</li>
 *   <li>{@link dev.berth.content.Ingester} hands out a {@link dev.berth.content.Writer}. Bytes written to it
 *       are invisible to every reader until {@link dev.berth.content.Writer#commit(long, dev.berth.oci.Digest)}
 *       has checked their size and digest; a failed or abandoned write leaves nothing visible.</li>
 *   <li>{@link dev.berth.content.Catalog} lists, walks and deletes committed blobs.</li>
 *   <li>{@link dev.berth.content.ContentStore} is all three plus start-up {@code recover()}.</li>
 * </ul>
 *
 * The store knows nothing about what references a blob: deciding what is garbage belongs to its owners
 * (the image store's {@code gc()}). The implementation on disk is {@link dev.berth.content.local.LocalContentStore}.
 */
package dev.berth.content;
