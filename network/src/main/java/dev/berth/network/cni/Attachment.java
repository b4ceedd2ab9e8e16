package dev.berth.network.cni;

import java.nio.file.Path;
import java.util.Map;

/**
 * One container interface to attach: the CNI_* parameters, {@code CNI_ARGS} pairs (e.g. {@code IP} for
 * host-local's fixed address) and the runtime config offered to plugins that declare the capability
 * (e.g. {@code portMappings} for portmap).
 */
public record Attachment(String containerId, Path netns, String ifName, Map<String, String> args,
                         Map<String, Object> runtimeConfig) {
    public Attachment {
        args = Map.copyOf(args);
        runtimeConfig = Map.copyOf(runtimeConfig);
    }
}
