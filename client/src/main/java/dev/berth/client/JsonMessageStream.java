package dev.berth.client;

import dev.berth.api.JsonMessage;
import dev.berth.client.transport.HttpResponse;

/**
 * A JSON progress stream (load, import, pull, push, build). {@link #next()} throws
 * {@link JsonStreamException} when it reaches a message with {@code errorDetail} (or the legacy
 * {@code error} alone), carrying the code and message, as docker's {@code jsonmessage} does.
 */
public final class JsonMessageStream extends JsonObjectStream<JsonMessage> {
    JsonMessageStream(HttpResponse response) {
        super(response);
    }

    @Override
    JsonMessage decode(Object json) {
        return ApiDecoders.message(json);
    }

    @Override
    JsonMessage check(JsonMessage m) {
        if (m.errorDetail() != null) {
            Integer code = m.errorDetail().code();
            String msg = m.errorDetail().message() != null ? m.errorDetail().message() : m.error();
            throw new JsonStreamException(code == null ? 0 : code, msg == null ? "" : msg);
        }
        if (m.error() != null) throw new JsonStreamException(0, m.error());
        return m;
    }
}
