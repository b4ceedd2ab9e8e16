package dev.berth.engine.container;

import dev.berth.oci.ContainerConfig;
import dev.berth.oci.ImageRef;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Parameters of {@code docker commit}.
 *
 * @param reference the name to give the image ({@code repo:tag}), if any
 * @param comment   the commit message ({@code -m})
 * @param author    {@code -a}
 * @param changes   Dockerfile instructions applied to the config ({@code -c}: CMD, ENV, EXPOSE...)
 * @param pause     pause a running container while its changes are read (Docker's default)
 * @param config    a run configuration to start from instead of the container's (the API's request body);
 *                  what it leaves unset still comes from the container's, as dockerd merges them
 */
public record CommitOptions(Optional<ImageRef> reference, String comment, String author, List<String> changes,
                            boolean pause, Optional<ContainerConfig> config) {
    public CommitOptions {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(config, "config");
        comment = comment == null ? "" : comment;
        author = author == null ? "" : author;
        changes = List.copyOf(changes);
    }
}
