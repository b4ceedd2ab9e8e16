package dev.berth.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.http.ClientClosedException;
import dev.berth.http.ErrorHandler;
import dev.berth.http.ErrorReply;

/**
 * The registry's one error → reply map: {@link RegistryError}s become the spec's body
 * {@code {"errors":[{"code":...,"message":...,"detail":...}]}} with their status; anything else is a 500
 * with code {@code UNKNOWN} (the spec leaves 5xx bodies free; the CNCF registry sends that code), whose message says
 * nothing of the failure (it is logged instead).
 */
public final class RegistryErrors implements ErrorHandler {
    private static final System.Logger LOG = System.getLogger("dev.berth.registry");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public ErrorReply toReply(Throwable error) {
        if (error instanceof RegistryError e) return reply(e.status(), e.code().name(), e.getMessage(), e.detail());
        if (!(error instanceof ClientClosedException)) LOG.log(System.Logger.Level.WARNING, "registry request failed", error);
        // no detail for the client: messages of unexpected failures name server paths
        return reply(500, "UNKNOWN", "internal error; the registry's log has the details", null);
    }

    /** The spec's error body for one error. */
    static ErrorReply reply(int status, String code, String message, Object detail) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode errors = body.putArray("errors");
        ObjectNode e = errors.addObject().put("code", code).put("message", message);
        if (detail != null) e.set("detail", JSON.valueToTree(detail));
        try {
            return new ErrorReply(status, "application/json", (JSON.writeValueAsString(body) + "\n").getBytes(
                    java.nio.charset.StandardCharsets.UTF_8));
        } catch (com.fasterxml.jackson.core.JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
