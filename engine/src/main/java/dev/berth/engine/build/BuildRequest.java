package dev.berth.engine.build;

import dev.berth.distribution.Credentials;
import java.util.List;
import java.util.Map;

/**
 * One {@code docker build} ({@code POST /build}), in engine terms.
 *
 * @param dockerfile  the Dockerfile's path in the context ({@code Dockerfile} when empty)
 * @param tags        the names to give the result ({@code -t}, several)
 * @param buildArgs   {@code --build-arg}s (a null value: given without one)
 * @param labels      {@code --label}s, set on the result
 * @param target      {@code --target}: the stage to build (empty: the last)
 * @param noCache     {@code --no-cache}
 * @param forceRemove {@code --force-rm}: remove the step containers even when a step fails (berth always does)
 * @param networkMode the RUN steps' network ({@code default}, {@code none}, {@code host})
 * @param pull        {@code --pull}: pull every FROM image even when it is here (a missing one is always pulled)
 * @param auths       credentials per registry domain ({@code X-Registry-Config}), for those pulls
 * @param noCacheFilter {@code --no-cache-filter}: the stages (by name or index) whose steps are built without the cache
 * @param secrets     {@code --secret}s by id, for {@code RUN --mount=type=secret}: held in memory, never in a layer
 */
public record BuildRequest(String dockerfile, List<String> tags, Map<String, String> buildArgs, Map<String, String> labels,
                           String target, boolean noCache, boolean forceRemove, String networkMode, boolean pull,
                           Map<String, Credentials> auths, List<String> noCacheFilter, Map<String, byte[]> secrets) {
    /** The largest secret, as BuildKit's limit. */
    public static final int MAX_SECRET_BYTES = 500 * 1024;

    public BuildRequest(String dockerfile, List<String> tags, Map<String, String> buildArgs, Map<String, String> labels,
                        String target, boolean noCache, boolean forceRemove, String networkMode) {
        this(dockerfile, tags, buildArgs, labels, target, noCache, forceRemove, networkMode, false, Map.of(), List.of(), Map.of());
    }

    /** The credentials for a registry domain, or anonymous. */
    public Credentials credentials(String domain) {
        return auths.getOrDefault(domain, Credentials.ANONYMOUS);
    }

    public BuildRequest {
        if (dockerfile == null || dockerfile.isEmpty()) dockerfile = "Dockerfile";
        tags = tags == null ? List.of() : List.copyOf(tags);
        buildArgs = buildArgs == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(buildArgs));
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        if (target == null) target = "";
        if (networkMode == null || networkMode.isEmpty()) networkMode = "default";
        auths = auths == null ? Map.of() : Map.copyOf(auths);
        noCacheFilter = noCacheFilter == null ? List.of() : List.copyOf(noCacheFilter);
        secrets = secrets == null ? Map.of() : Map.copyOf(secrets);
        secrets.forEach((id, value) -> {
            if (value.length > MAX_SECRET_BYTES) {
                throw new dev.berth.common.EngineException.InvalidArgument("secret " + id + " is larger than " + MAX_SECRET_BYTES + " bytes");
            }
        });
    }

    /** Whether {@code --no-cache} or {@code --no-cache-filter} applies to a stage. */
    public boolean noCache(String stageName, int stageIndex) {
        return noCache || noCacheFilter.contains(Integer.toString(stageIndex))
                || (stageName != null && noCacheFilter.stream().anyMatch(stageName::equalsIgnoreCase));
    }
}
