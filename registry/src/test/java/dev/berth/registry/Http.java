package dev.berth.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** A small test client for a registry on loopback: one request per call, bytes in and out. */
final class Http {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client;
    private final String base;
    private final List<String> defaultHeaders = new ArrayList<>();

    Http(String base) {
        this(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), base);
    }

    Http(HttpClient client, String base) {
        this.client = client;
        this.base = base;
    }

    Http withHeader(String name, String value) {
        Http h = new Http(client, base);
        h.defaultHeaders.addAll(defaultHeaders);
        h.defaultHeaders.add(name);
        h.defaultHeaders.add(value);
        return h;
    }

    HttpResponse<byte[]> send(String method, String path, byte[] body, String... headers) throws IOException, InterruptedException {
        String url = path.startsWith("http") ? path : base + path;
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < defaultHeaders.size(); i += 2) b.header(defaultHeaders.get(i), defaultHeaders.get(i + 1));
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<byte[]> get(String path, String... headers) throws IOException, InterruptedException {
        return send("GET", path, null, headers);
    }

    static JsonNode json(HttpResponse<byte[]> r) throws IOException {
        return JSON.readTree(r.body());
    }

    /** The first error's code of a spec error body, after checking its shape. */
    static String errorCode(HttpResponse<byte[]> r) throws IOException {
        JsonNode body = json(r);
        JsonNode errors = body.get("errors");
        if (errors == null || !errors.isArray() || errors.isEmpty()) throw new AssertionError("not an error body: " + body);
        JsonNode e = errors.get(0);
        if (!e.has("code") || !e.has("message") || !e.get("message").isTextual()) throw new AssertionError("bad error: " + e);
        return e.get("code").asText();
    }

    /** The upload location of a response, absolute. */
    String location(HttpResponse<byte[]> r) {
        String loc = r.headers().firstValue("Location").orElseThrow(() -> new AssertionError("no Location"));
        return loc.startsWith("http") ? loc : base + loc;
    }
}
