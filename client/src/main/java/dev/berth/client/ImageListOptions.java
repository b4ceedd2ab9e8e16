package dev.berth.client;

import dev.berth.api.Filters;

/** {@code GET /images/json}: {@code all} includes intermediate images; {@code filters} as the API defines them. */
public record ImageListOptions(boolean all, Filters filters) {
    public ImageListOptions {
        filters = filters == null ? Filters.NONE : filters;
    }

    public static ImageListOptions defaults() {
        return new ImageListOptions(false, Filters.NONE);
    }
}
