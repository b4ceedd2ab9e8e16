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
    record Answer(int status, String contentType, byte[] body, java.util.Map<String, String> headers) {
        Answer(int status, String contentType, byte[] body) {
            this(status, contentType, body, java.util.Map.of());
        }
    }

    record Sent(HttpRequest request, byte[] body) {}

    final List<Sent> sent = new ArrayList<>();
    /** What the next hijack answers: status and the raw stream; null refuses. */
    final Deque<FakeHijack> hijacks = new ArrayDeque<>();
    final List<HttpRequest> hijacked = new ArrayList<>();
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

    RecordingTransport answer(int status, String contentType, String body, String header, String value) {
        answers.add(new Answer(status, contentType, body.getBytes(StandardCharsets.UTF_8), java.util.Map.of(header, value)));
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
                for (var e : a.headers().entrySet()) if (e.getKey().equalsIgnoreCase(name)) return e.getValue();
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
        hijacked.add(request);
        if (hijacks.isEmpty()) throw new IOException("no hijack");
        FakeHijack h = hijacks.poll();
        if (h.status != 101 && h.status != 200) {
            throw new dev.berth.client.transport.UnexpectedStatusException(h.status, "application/json", h.output);
        }
        return h;
    }

    /** A hijacked connection with canned output; records what is written and whether it was half-closed. */
    static final class FakeHijack implements Hijack {
        final int status;
        final byte[] output;
        final java.io.ByteArrayOutputStream written = new java.io.ByteArrayOutputStream();
        boolean writeClosed;
        boolean closed;

        FakeHijack(int status, byte[] output) {
            this.status = status;
            this.output = output;
        }

        @Override
        public int status() {
            return status;
        }

        @Override
        public InputStream input() {
            return new ByteArrayInputStream(output);
        }

        @Override
        public java.io.OutputStream output() {
            return written;
        }

        @Override
        public void closeWrite() {
            writeClosed = true;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
