package dev.berth.client;

import java.io.InputStream;
import java.util.List;

/**
 * {@code POST /images/create?fromSrc=...}: import a root file system tarball as an image. Either
 * {@code source} is a stream sent as the body ({@code fromSrc=-}), or {@code sourceUrl} names an
 * http(s) URL for the daemon to fetch. {@code repository} is the new name, optionally with a tag
 * ({@code app:v1}); {@code changes} are Dockerfile instructions ({@code CMD ["sh"]}).
 */
public record ImportOptions(InputStream source, String sourceUrl, String repository, String tag,
                            List<String> changes, String message, String platform) {
    public ImportOptions {
        if ((source == null) == (sourceUrl == null)) {
            throw new IllegalArgumentException("exactly one of source and sourceUrl must be set");
        }
        changes = changes == null ? List.of() : List.copyOf(changes);
    }

    public static ImportOptions fromStream(InputStream source, String repository) {
        return new ImportOptions(source, null, repository, null, List.of(), null, null);
    }

    public static ImportOptions fromUrl(String url, String repository) {
        return new ImportOptions(null, url, repository, null, List.of(), null, null);
    }
}
