package dev.berth.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/** Turns a registry's error answer into docker's wording: {@code manifest unknown: manifest unknown}. */
final class RegistryErrors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(408, "Request Timeout"),
            Map.entry(409, "Conflict"), Map.entry(413, "Request Entity Too Large"), Map.entry(416, "Requested Range Not Satisfiable"),
            Map.entry(429, "Too Many Requests"), Map.entry(500, "Internal Server Error"), Map.entry(501, "Not Implemented"),
            Map.entry(502, "Bad Gateway"), Map.entry(503, "Service Unavailable"), Map.entry(504, "Gateway Timeout"));

    private RegistryErrors() {}

    static String statusText(int status) {
        return status + " " + REASONS.getOrDefault(status, "");
    }

    /** Reads (at most 64 KiB of) an error body and closes it; the registry's errors, or the status. */
    static String describe(HttpResponse<InputStream> r) {
        byte[] body;
        try (InputStream in = r.body()) {
            body = in.readNBytes(64 * 1024);
        } catch (IOException e) {
            body = new byte[0];
        }
        return describe(r.statusCode(), body);
    }

    static String describe(int status, byte[] body) {
        try {
            JsonNode errors = JSON.readTree(body).path("errors");
            if (errors.isArray() && !errors.isEmpty()) {
                StringBuilder sb = new StringBuilder();
                for (JsonNode e : errors) {
                    if (!sb.isEmpty()) sb.append(", ");
                    String code = e.path("code").asText("unknown").toLowerCase(Locale.ROOT).replace('_', ' ');
                    sb.append(code).append(": ").append(e.path("message").asText(code));
                }
                return sb.toString();
            }
        } catch (IOException | RuntimeException e) {
            // not JSON
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (status == 401) return "unauthorized: authentication required";
        return "received unexpected HTTP status: " + statusText(status)
                + (text.isEmpty() || text.length() > 200 ? "" : " (" + text + ")");
    }

    static void discard(HttpResponse<InputStream> r) {
        try (InputStream in = r.body()) {
            in.skip(1 << 20);
        } catch (IOException e) {
            // the connection is dropped then
        }
    }
}
