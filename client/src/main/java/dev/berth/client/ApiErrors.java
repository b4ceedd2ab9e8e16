package dev.berth.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.ApiJson;
import dev.berth.common.EngineException;
import java.nio.charset.StandardCharsets;

/**
 * The one place where the client turns an HTTP error status into an {@link EngineException},
 * carrying the server's {@code message}: 404 NotFound, 409 Conflict, 400 InvalidArgument,
 * 401 Unauthorized, 403 Forbidden, 304 NotModified, 501 NotImplemented, 503 Unavailable,
 * 500 FailedPrecondition (Docker's "system error"), other 4xx InvalidArgument, other 5xx Unavailable.
 */
public final class ApiErrors {
    private ApiErrors() {}

    /** True for the statuses that {@link #toException} maps, i.e. anything but 1xx and 2xx. */
    public static boolean isError(int status) {
        return status < 100 || status >= 300;
    }

    public static EngineException toException(int status, byte[] body) {
        String message = message(status, body);
        return switch (status) {
            case 304 -> new EngineException.NotModified(message);
            case 400 -> new EngineException.InvalidArgument(message);
            case 401 -> new EngineException.Unauthorized(message);
            case 403 -> new EngineException.Forbidden(message);
            case 404 -> new EngineException.NotFound(message);
            case 409 -> new EngineException.Conflict(message);
            case 500 -> new EngineException.FailedPrecondition(message);
            case 501 -> new EngineException.NotImplemented(message);
            case 503 -> new EngineException.Unavailable(message, null);
            default -> status >= 400 && status < 500
                    ? new EngineException.InvalidArgument(message)
                    : new EngineException.Unavailable(message, null);
        };
    }

    /** The server's {@code {"message": ...}}, else its body as text, else a description of the status. */
    static String message(int status, byte[] body) {
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8).strip();
        if (text.startsWith("{")) {
            try {
                JsonNode n = ApiJson.mapper().readTree(text);
                if (n.hasNonNull("message")) return n.get("message").asText();
            } catch (Exception ignored) {
                // fall through to the raw text
            }
        }
        if (!text.isEmpty()) return text;
        if (status == 304) return "";
        return "request returned " + statusText(status) + " for API route and version " + DockerClient.API_PREFIX
                + ", check if the server supports the requested API version";
    }

    private static String statusText(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            default -> "status " + status;
        };
    }
}
