package dev.berth.client;

import dev.berth.api.Filters;

/**
 * {@code GET /events}. {@code since} and {@code until} take what docker accepts: a Unix timestamp
 * ({@code 1700000000.5}), an RFC 3339 date or date-time, or a Go duration ({@code 10m}, {@code 1h30m})
 * counted back from now; null for none.
 */
public record EventsOptions(String since, String until, Filters filters) {
    public EventsOptions {
        filters = filters == null ? Filters.NONE : filters;
    }

    public static EventsOptions all() {
        return new EventsOptions(null, null, Filters.NONE);
    }
}
