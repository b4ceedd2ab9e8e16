package dev.berth.runtime.conmon;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.EngineException;
import dev.berth.runtime.spec.SpecJson;
import java.io.IOException;

/**
 * One message conmon writes to its sync pipe ({@code _OCI_SYNCPIPE}) with {@code --api-version 1}:
 * a line {@code {"data": N}} or {@code {"data": N, "message": "..."}}. In order, conmon sends:
 * with {@code --exec-attach}, {@code data 0} on the attach pipe once the attach socket listens;
 * then the container (or exec) pid, or a negative number and the runtime's stderr if the runtime
 * failed; for an exec, finally its exit code (with a message if conmon's timeout killed it).
 *
 * @param data a pid, exit code, 0 (attach ready), or negative for a failure
 * @param message the runtime's error output, or null
 */
record SyncMessage(int data, String message) {
    static SyncMessage parse(String line) {
        try {
            JsonNode n = SpecJson.mapper().readTree(line);
            if (n == null || !n.has("data")) throw new EngineException.Unavailable("conmon sent an unexpected sync message: " + line, null);
            return new SyncMessage(n.get("data").asInt(), n.hasNonNull("message") ? n.get("message").asText() : null);
        } catch (IOException e) {
            throw new EngineException.Unavailable("conmon sent a sync message that is not JSON: " + line, e);
        }
    }

    boolean failed() {
        return data < 0;
    }
}
