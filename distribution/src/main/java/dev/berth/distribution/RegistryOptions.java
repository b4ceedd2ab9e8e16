package dev.berth.distribution;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How the daemon talks to registries.
 *
 * @param insecureRegistries {@code host[:port]} entries or CIDR ranges served over plain HTTP (or
 *        HTTPS without verification); 127.0.0.0/8 is always insecure, as in Docker
 * @param certsDir per-registry CA certificates: {@code certsDir/HOST:PORT/*.crt} (Docker's certs.d)
 * @param attempts tries per request on transient errors (5xx, 429, connection failures)
 * @param backoff the first back-off delay; it doubles per try
 * @param concurrentDownloads layers downloaded at once (dockerd's max-concurrent-downloads)
 * @param concurrentUploads layers uploaded at once (dockerd's max-concurrent-uploads)
 * @param chunkSize blobs larger than this are uploaded in PATCH chunks of this size; smaller ones in one PUT
 * @param maxManifestBytes largest manifest or index accepted
 */
public record RegistryOptions(List<String> insecureRegistries, Path certsDir, int attempts, Duration backoff,
                              int concurrentDownloads, int concurrentUploads, long chunkSize, int maxManifestBytes) {
    public static final Path DEFAULT_CERTS_DIR = Path.of("/etc/berth/certs.d");

    public RegistryOptions {
        insecureRegistries = List.copyOf(insecureRegistries);
        if (attempts < 1) throw new IllegalArgumentException("attempts must be at least 1");
        if (concurrentDownloads < 1 || concurrentUploads < 1) throw new IllegalArgumentException("concurrency must be at least 1");
        if (chunkSize < 1) throw new IllegalArgumentException("chunk size must be positive");
    }

    public static RegistryOptions defaults() {
        return new RegistryOptions(List.of(), DEFAULT_CERTS_DIR, 5, Duration.ofMillis(250), 3, 5, 16L << 20, 4 << 20);
    }

    public RegistryOptions withInsecureRegistries(List<String> r) {
        return new RegistryOptions(r, certsDir, attempts, backoff, concurrentDownloads, concurrentUploads, chunkSize,
                maxManifestBytes);
    }

    public RegistryOptions withCertsDir(Path d) {
        return new RegistryOptions(insecureRegistries, d, attempts, backoff, concurrentDownloads, concurrentUploads,
                chunkSize, maxManifestBytes);
    }

    public RegistryOptions withRetries(int a, Duration b) {
        return new RegistryOptions(insecureRegistries, certsDir, a, b, concurrentDownloads, concurrentUploads, chunkSize,
                maxManifestBytes);
    }

    public RegistryOptions withChunkSize(long c) {
        return new RegistryOptions(insecureRegistries, certsDir, attempts, backoff, concurrentDownloads, concurrentUploads, c,
                maxManifestBytes);
    }

    public RegistryOptions withMaxManifestBytes(int m) {
        return new RegistryOptions(insecureRegistries, certsDir, attempts, backoff, concurrentDownloads, concurrentUploads,
                chunkSize, m);
    }
}
