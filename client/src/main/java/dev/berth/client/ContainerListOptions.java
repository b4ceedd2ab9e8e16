package dev.berth.client;

import dev.berth.api.Filters;

/**
 * Options of {@code GET /containers/json}: all states or running only, the {@code limit} newest
 * (0 or less for no limit), sizes, and filters.
 */
public record ContainerListOptions(boolean all, int limit, boolean size, Filters filters) {
    public static ContainerListOptions defaults() {
        return new ContainerListOptions(false, 0, false, Filters.NONE);
    }
}
