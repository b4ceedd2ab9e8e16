package dev.berth.engine.image;

import dev.berth.content.ContentStore;
import dev.berth.distribution.RegistryClient;
import java.util.Objects;

/** What pulls and pushes need besides the image store: the registry client, the content store, the pull journal. */
public record Registries(RegistryClient client, ContentStore content, PullJournal journal) {
    public Registries {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(journal, "journal");
    }
}
