package dev.berth.client;

import java.util.List;

/**
 * Options of {@code POST /commit}: the new image's reference ({@code repo[:tag]}, null for none),
 * message, author, Dockerfile instructions to apply ({@code CMD ["sh"]}), and whether to pause
 * the container meanwhile.
 */
public record CommitOptions(String reference, String comment, String author, List<String> changes, boolean pause) {
    public CommitOptions {
        changes = changes == null ? List.of() : List.copyOf(changes);
    }
}
