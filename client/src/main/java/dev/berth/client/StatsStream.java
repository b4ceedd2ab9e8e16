package dev.berth.client;

import dev.berth.api.ContainerStats;
import dev.berth.client.transport.HttpResponse;

/** {@code GET /containers/{id}/stats}: one sample at a time, as the daemon sends them (about one a second when streaming). */
public final class StatsStream extends JsonObjectStream<ContainerStats> {
    StatsStream(HttpResponse response) {
        super(response);
    }

    @Override
    ContainerStats decode(Object json) {
        return ContainerDecoders.stats(json);
    }
}
