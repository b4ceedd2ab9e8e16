package dev.berth.daemonapi;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.berth.api.ApiJson;
import dev.berth.api.JsonMessage;
import dev.berth.common.EngineException;
import dev.berth.engine.build.BuildOutput;
import dev.berth.engine.build.BuildRequest;
import dev.berth.engine.build.BuildService;
import dev.berth.engine.build.BuildStepException;
import dev.berth.http.Request;
import dev.berth.http.Response;
import dev.berth.http.Router;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /build} (Docker's classic builder: the context tar in, the JSON message stream out) and
 * {@code POST /build/prune}. An error before the first message is a plain error response, as dockerd sends
 * it (the CLI prints {@code Error response from daemon: ...}); after, an in-band {@code errorDetail}.
 */
final class BuildRouter {
    /**
     * berth's channel for {@code --secret}s, which the classic API lacks: base64 of a JSON object, secret id → base64
     * of its value. Only the berth CLI sends it; the values stay in memory.
     */
    static final String SECRETS_HEADER = "X-Berth-Build-Secrets";
    private final BuildService builds;

    BuildRouter(BuildService builds) {
        this.builds = builds;
    }

    void register(Router r) {
        r.post("/build", this::build);
        r.post("/build/prune", (req, res) -> Json.ok(res, Map.of("CachesDeleted", java.util.List.of(), "SpaceReclaimed", 0,
                "EntriesDeleted", builds.prune())));
    }

    private void build(Request req, Response res) throws IOException {
        BuildRequest request = new BuildRequest(req.query("dockerfile").orElse(null), req.queryAll("t"),
                jsonMap(req.query("buildargs"), "buildargs"), jsonMap(req.query("labels"), "labels"),
                req.query("target").orElse(null), req.queryFlag("nocache"), req.queryFlag("forcerm"),
                req.query("networkmode").orElse(null), req.queryFlag("pull"), registryConfig(req.header("X-Registry-Config")),
                req.queryAll("nocachefilter"), secrets(req.header(SECRETS_HEADER)));
        boolean quiet = req.queryFlag("q");
        Stream out = new Stream(res);
        try {
            builds.build(req.body(), request, new BuildOutput() {
                @Override
                public void stream(String text) {
                    if (!quiet) out.write(JsonMessage.stream(text));
                }

                @Override
                public void progress(dev.berth.distribution.Progress p) {
                    if (!quiet) out.write(ProgressStream.message(p));
                }

                @Override
                public void aux(String imageId) {
                    out.write(JsonMessage.aux(Map.of("ID", imageId)));
                    if (quiet) out.write(JsonMessage.stream(imageId + "\n"));
                }
            });
        } catch (BuildStepException e) {
            out.write(JsonMessage.error(e.code(), e.getMessage()));
        } catch (RuntimeException e) {
            if (out.messages == null) throw e;
            out.messages.error(e);
        } finally {
            if (out.messages != null) out.messages.close();
        }
    }

    /** {@code X-Registry-Config}: base64url JSON of registry address → AuthConfig, keyed here by registry domain. */
    static Map<String, dev.berth.distribution.Credentials> registryConfig(Optional<String> header) {
        if (header.isEmpty() || header.get().isBlank()) return Map.of();
        try {
            byte[] json = java.util.Base64.getUrlDecoder().decode(header.get().trim().replace('+', '-').replace('/', '_'));
            var tree = ApiJson.mapper().readTree(json);
            Map<String, dev.berth.distribution.Credentials> out = new java.util.LinkedHashMap<>();
            for (var e : tree.properties()) {
                out.putIfAbsent(dev.berth.distribution.RegistryClient.registryDomain(e.getKey()),
                        dev.berth.distribution.Credentials.fromAuthConfig(e.getValue()));
            }
            return out;
        } catch (IOException | RuntimeException e) {
            return Map.of(); // as dockerd: unreadable credentials are no credentials
        }
    }

    static Map<String, byte[]> secrets(Optional<String> header) {
        if (header.isEmpty() || header.get().isBlank()) return Map.of();
        try {
            Map<String, String> encoded = ApiJson.mapper().readValue(java.util.Base64.getDecoder().decode(header.get().trim()),
                    new TypeReference<java.util.LinkedHashMap<String, String>>() {});
            Map<String, byte[]> out = new java.util.LinkedHashMap<>();
            encoded.forEach((id, value) -> out.put(id, java.util.Base64.getDecoder().decode(value)));
            return out;
        } catch (IOException | IllegalArgumentException e) {
            throw new EngineException.InvalidArgument("invalid " + SECRETS_HEADER + " header: " + e.getMessage());
        }
    }

    private static Map<String, String> jsonMap(Optional<String> json, String what) {
        if (json.isEmpty() || json.get().isBlank()) return Map.of();
        try {
            Map<String, String> m = ApiJson.mapper().readValue(json.get(), new TypeReference<java.util.LinkedHashMap<String, String>>() {});
            return m == null ? Map.of() : m;
        } catch (IOException e) {
            throw new EngineException.InvalidArgument("invalid " + what + " value: " + e.getMessage());
        }
    }

    /** The message stream, opened (200) at the first message. */
    private static final class Stream {
        final Response res;
        Json.MessageStream messages;

        Stream(Response res) {
            this.res = res;
        }

        void write(JsonMessage m) {
            try {
                if (messages == null) messages = new Json.MessageStream(res);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            messages.write(m);
        }
    }
}
