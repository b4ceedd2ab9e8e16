package dev.berth.network.cni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.common.AtomicFiles;
import dev.berth.common.Commands;
import dev.berth.common.EngineException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Runs CNI plugins as the CNI spec's runtime does (libcni's {@code AddNetworkList}/{@code DelNetworkList}):
 * each plugin of a list in order for ADD with the previous plugin's result as {@code prevResult}, in
 * reverse for DEL with the cached ADD result; {@code runtimeConfig} carries only the capabilities a
 * plugin declares. The ADD result, with what the attachment asked for, is kept in the cache directory
 * so that DEL needs only the network, the container and the interface, also after a daemon restart.
 */
public final class Cni {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Path> pluginDirs;
    private final Path cacheDir;
    private final Duration timeout;

    /**
     * @param pluginDirs where plugin binaries are looked up by type, in order ({@code /usr/lib/cni})
     * @param cacheDir   where ADD results are kept until DEL
     */
    public Cni(List<Path> pluginDirs, Path cacheDir, Duration timeout) {
        this.pluginDirs = List.copyOf(pluginDirs);
        this.cacheDir = cacheDir;
        this.timeout = timeout;
    }

    /**
     * Attaches the namespace to the network: ADD through every plugin of the list. On a failure the
     * plugins are DEL'd again (they tolerate what was never added), so nothing is left half made.
     *
     * @throws CniException a plugin failed (its code and message)
     */
    public CniResult add(ConfList network, Attachment a) throws CniException {
        JsonNode result = null;
        try {
            for (ObjectNode plugin : network.plugins()) {
                result = exec("ADD", network, plugin, a, result);
            }
        } catch (CniException e) {
            try {
                delPlugins(network, a, result);
            } catch (CniException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        ObjectNode cached = JSON.createObjectNode();
        cached.set("result", result);
        cached.set("args", JSON.valueToTree(a.args()));
        cached.set("runtimeConfig", JSON.valueToTree(a.runtimeConfig()));
        AtomicFiles.write(cacheFile(network.name(), a.containerId(), a.ifName()), toBytes(cached));
        return CniResult.of(result);
    }

    /**
     * Detaches: DEL through the plugins in reverse, with the ADD's result and runtime config from the
     * cache (or nothing when there is none, which the plugins accept). Idempotent.
     *
     * @throws CniException a plugin failed; the cache entry stays so that DEL can be tried again
     */
    public void del(ConfList network, String containerId, Path netns, String ifName) throws CniException {
        Path file = cacheFile(network.name(), containerId, ifName);
        JsonNode cached = readCache(file);
        Map<String, String> args = cached == null ? Map.of() : JSON.convertValue(cached.get("args"), Map.class);
        Map<String, Object> rc = cached == null ? Map.of() : JSON.convertValue(cached.get("runtimeConfig"), Map.class);
        delPlugins(network, new Attachment(containerId, netns, ifName, args, rc), cached == null ? null : cached.get("result"));
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The cached ADD result of an attachment, or null. */
    public CniResult cachedResult(String networkName, String containerId, String ifName) {
        JsonNode cached = readCache(cacheFile(networkName, containerId, ifName));
        return cached == null ? null : CniResult.of(cached.get("result"));
    }

    private void delPlugins(ConfList network, Attachment a, JsonNode prevResult) throws CniException {
        CniException first = null;
        List<ObjectNode> plugins = network.plugins();
        for (int i = plugins.size() - 1; i >= 0; i--) {
            try {
                exec("DEL", network, plugins.get(i), a, prevResult);
            } catch (CniException e) {
                if (first == null) first = e; else first.addSuppressed(e);
            }
        }
        if (first != null) throw first;
    }

    private JsonNode exec(String command, ConfList network, ObjectNode plugin, Attachment a, JsonNode prevResult)
            throws CniException {
        String type = plugin.path("type").asText("");
        Path binary = find(type);
        ObjectNode conf = plugin.deepCopy();
        conf.put("cniVersion", network.cniVersion());
        conf.put("name", network.name());
        if (prevResult != null && !prevResult.isNull()) conf.set("prevResult", prevResult);
        ObjectNode rc = JSON.createObjectNode();
        JsonNode caps = plugin.path("capabilities");
        a.runtimeConfig().forEach((k, v) -> {
            if (caps.path(k).asBoolean(false)) rc.set(k, JSON.valueToTree(v));
        });
        if (!rc.isEmpty()) conf.set("runtimeConfig", rc);

        Map<String, String> env = new LinkedHashMap<>();
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", a.containerId());
        env.put("CNI_NETNS", a.netns().toString());
        env.put("CNI_IFNAME", a.ifName());
        StringJoiner args = new StringJoiner(";");
        a.args().forEach((k, v) -> args.add(k + "=" + v));
        if (args.length() > 0) env.put("CNI_ARGS", "IgnoreUnknown=1;" + args);
        StringJoiner path = new StringJoiner(":");
        pluginDirs.forEach(d -> path.add(d.toString()));
        env.put("CNI_PATH", path.toString());

        Commands.Result r;
        try {
            r = Commands.run(List.of(binary.toString()), env, toBytes(conf), timeout);
        } catch (EngineException e) {
            throw new CniException(type, command, 0, e.getMessage(), null);
        }
        if (r.exitCode() != 0) {
            JsonNode err = parseOrNull(r.stdout());
            String msg = err != null && err.hasNonNull("msg") ? err.get("msg").asText()
                    : (r.stderr().isBlank() ? "exit code " + r.exitCode() : r.stderr().strip());
            throw new CniException(type, command, err == null ? 0 : err.path("code").asInt(0), msg,
                    err != null && err.hasNonNull("details") ? err.get("details").asText() : null);
        }
        if (!command.equals("ADD")) return prevResult;
        JsonNode result = parseOrNull(r.stdout());
        if (result == null || !result.isObject()) {
            throw new CniException(type, command, 0, "the plugin answered no JSON result: " + r.stdoutText().strip(), null);
        }
        return result;
    }

    private Path find(String type) throws CniException {
        if (type.isEmpty() || type.contains("/") || type.startsWith(".")) {
            throw new CniException(type, "find", 0, "invalid plugin type '" + type + "'", null);
        }
        for (Path dir : pluginDirs) {
            Path p = dir.resolve(type);
            if (Files.isExecutable(p)) return p;
        }
        throw new CniException(type, "find", 0, "failed to find plugin \"" + type + "\" in path " + pluginDirs, null);
    }

    private Path cacheFile(String networkName, String containerId, String ifName) {
        return cacheDir.resolve(networkName + "-" + containerId + "-" + ifName + ".json");
    }

    private static JsonNode readCache(Path file) {
        try {
            return Files.exists(file) ? JSON.readTree(file.toFile()) : null;
        } catch (IOException e) {
            return null; // a torn or foreign file: DEL without it (plugins accept a missing prevResult)
        }
    }

    private static JsonNode parseOrNull(byte[] json) {
        try {
            return json.length == 0 ? null : JSON.readTree(json);
        } catch (IOException e) {
            return null;
        }
    }

    private static byte[] toBytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
