package dev.berth.client;

import dev.berth.client.transport.Hijack;
import dev.berth.client.transport.HttpRequest;
import dev.berth.client.transport.HttpResponse;
import dev.berth.client.transport.Transport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** A transport that records requests (bodies read) and answers with queued responses. */
final class RecordingTransport implements Transport {
    record Answer(int status, String contentType, byte[] body) {}

    record Sent(HttpRequest request, byte[] body) {}

    final List<Sent> sent = new ArrayList<>();
    private final Deque<Answer> answers = new ArrayDeque<>();
    IOException failure;
    boolean closed;

    RecordingTransport answer(int status, String body) {
        return answer(status, "application/json", body);
    }

    RecordingTransport answer(int status, String contentType, String body) {
        answers.add(new Answer(status, contentType, body.getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    HttpRequest last() {
        return sent.get(sent.size() - 1).request();
    }

    @Override
    public HttpResponse send(HttpRequest r) throws IOException {
        if (failure != null) throw failure;
        byte[] body = r.body() != null ? r.body() : r.bodyStream() != null ? r.bodyStream().readAllBytes() : null;
        sent.add(new Sent(r, body));
        Answer a = answers.isEmpty() ? new Answer(200, "application/json", "{}".getBytes(StandardCharsets.UTF_8)) : answers.poll();
        InputStream in = new ByteArrayInputStream(a.body());
        return new HttpResponse() {
            @Override
            public int status() {
                return a.status();
            }

            @Override
            public String header(String name) {
                if (name.equalsIgnoreCase("Content-Type")) return a.contentType();
                if (name.equalsIgnoreCase("Api-Version")) return "1.41";
                if (name.equalsIgnoreCase("Ostype")) return "linux";
                return null;
            }

            @Override
            public InputStream body() {
                return in;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public Hijack hijack(HttpRequest request) throws IOException {
        throw new IOException("no hijack");
    }

    @Override
    public void close() {
        closed = true;
    }
}
