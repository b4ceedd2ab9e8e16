package dev.berth.client;

import dev.berth.api.EventMessage;
import dev.berth.client.transport.HttpResponse;

/**
 * The {@code GET /events} stream. It ends when the daemon ends it (an {@code until} in the past
 * or reached) or when closed, e.g. from another thread or a shutdown hook.
 */
public final class EventStream extends JsonObjectStream<EventMessage> {
    EventStream(HttpResponse response) {
        super(response);
    }

    @Override
    EventMessage decode(Object json) {
        return ApiDecoders.event(json);
    }
}
