package dev.berth.image;

import dev.berth.oci.Digest;
import java.util.Map;
import java.util.Optional;

/**
 * An image archive after one pass over its stream: every data file is a blob in the content store
 * (so a multi-GB archive never sits in memory or in a temporary directory), the few small metadata
 * files are in memory, and symbolic and hard links are kept to resolve paths the way Docker does
 * (following links, never leaving the archive).
 */
final class SpooledArchive {
    /** Top-level files read into memory instead of the content store. */
    static final java.util.Set<String> METADATA = java.util.Set.of(
            DockerArchiveReader.MANIFEST, OciLayoutReader.INDEX, OciLayoutReader.LAYOUT, ArchiveWriter.REPOSITORIES);
    private static final int MAX_LINK_HOPS = 64;

    /** A data file of the archive, now a blob in the content store. */
    record File(Digest digest, long size) {}

    private final Map<String, File> files;
    private final Map<String, byte[]> metadata;
    private final Map<String, String> links;

    SpooledArchive(Map<String, File> files, Map<String, byte[]> metadata, Map<String, String> links) {
        this.files = Map.copyOf(files);
        this.metadata = Map.copyOf(metadata);
        this.links = Map.copyOf(links);
    }

    /** The data file at a path named by the archive's own metadata, following links inside the archive. */
    Optional<File> file(String path) {
        return Optional.ofNullable(files.get(resolve(ArchivePaths.normalise(path))));
    }

    Optional<byte[]> metadata(String name) {
        return Optional.ofNullable(metadata.get(name));
    }

    boolean isEmpty() {
        return files.isEmpty() && metadata.isEmpty();
    }

    private String resolve(String path) {
        for (int hop = 0; hop < MAX_LINK_HOPS; hop++) {
            String replaced = null;
            // the longest prefix of path that is a link wins; a path is a prefix of itself
            for (String prefix = path; !prefix.isEmpty(); prefix = ArchivePaths.parent(prefix)) {
                String target = links.get(prefix);
                if (target != null) {
                    String rest = path.substring(prefix.length());
                    replaced = ArchivePaths.normalise(target + rest);
                    break;
                }
            }
            if (replaced == null) return path;
            path = replaced;
        }
        throw new dev.berth.common.EngineException.InvalidArgument(
                "invalid archive: too many levels of links at " + path);
    }
}
