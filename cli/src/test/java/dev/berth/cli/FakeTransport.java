package dev.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.client.transport.DaemonUnreachableException;
import dev.berth.client.transport.Hijack;
import dev.berth.client.transport.HttpRequest;
import dev.berth.client.transport.HttpResponse;
import dev.berth.client.transport.Transport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link Transport} that answers from canned responses keyed by {@code "METHOD /path"} (the
 * path without its {@code /v1.41} prefix and query), in the format of {@code golden/routes.json}:
 * {@code {"status":200,"body":<json>}} or {@code {"status":200,"raw":"text","contentType":"..."}}.
 * Records every request.
 */
public final class FakeTransport implements Transport {
    /** A request as sent, with its body read. */
    public record Sent(String method, String path, Map<String, List<String>> query, Map<String, String> headers, byte[] body) {}

    private final Map<String, JsonNode> routes = new HashMap<>();
    private final List<Sent> sent = new ArrayList<>();
    private final ObjectMapper json = new ObjectMapper();
    private boolean unreachable;

    public static FakeTransport fromResource(String name) {
        FakeTransport t = new FakeTransport();
        try (InputStream in = FakeTransport.class.getResourceAsStream(name)) {
            JsonNode root = t.json.readTree(in);
            root.properties().forEach(e -> t.routes.put(e.getKey(), e.getValue()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return t;
    }

    /** Answers {@code method path} with {@code status} and a JSON body. */
    public FakeTransport route(String method, String path, int status, String jsonBody) {
        try {
            routes.put(method + " " + path, json.createObjectNode().put("status", status).set("body", json.readTree(jsonBody)));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
        return this;
    }

    /** Answers {@code method path} with a raw body and content type. */
    public FakeTransport raw(String method, String path, int status, String contentType, String body) {
        routes.put(method + " " + path, json.createObjectNode().put("status", status).put("raw", body).put("contentType", contentType));
        return this;
    }

    /** Makes every request fail as if no daemon listened. */
    public FakeTransport unreachable() {
        unreachable = true;
        return this;
    }

    public List<Sent> sent() {
        return sent;
    }

    @Override
    public HttpResponse send(HttpRequest r) throws IOException {
        if (unreachable) {
            throw new DaemonUnreachableException("unix:///run/berth/berth.sock", new ConnectException("No such file or directory"));
        }
        byte[] body = r.body() != null ? r.body() : r.bodyStream() != null ? r.bodyStream().readAllBytes() : new byte[0];
        sent.add(new Sent(r.method(), r.path(), r.query(), r.headers(), body));
        String path = r.path().startsWith("/v1.41/") ? r.path().substring(6) : r.path();
        JsonNode route = routes.get(r.method() + " " + path);
        int status;
        String contentType = "application/json";
        byte[] out;
        if (route == null) {
            status = 404;
            out = "{\"message\":\"page not found\"}\n".getBytes(StandardCharsets.UTF_8);
        } else {
            status = route.get("status").asInt();
            if (route.has("raw")) {
                out = route.get("raw").asText().getBytes(StandardCharsets.UTF_8);
                if (route.has("contentType")) contentType = route.get("contentType").asText();
            } else {
                out = (json.writeValueAsString(route.get("body")) + "\n").getBytes(StandardCharsets.UTF_8);
            }
        }
        return response(status, contentType, out);
    }

    private static HttpResponse response(int status, String contentType, byte[] body) {
        InputStream in = new ByteArrayInputStream(body);
        return new HttpResponse() {
            @Override
            public int status() {
                return status;
            }

            @Override
            public String header(String name) {
                return name.equalsIgnoreCase("Content-Type") ? contentType : null;
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
        throw new IOException("not supported by the fake");
    }

    @Override
    public void close() {
    }
}
