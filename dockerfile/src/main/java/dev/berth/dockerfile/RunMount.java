package dev.berth.dockerfile;

import java.util.Objects;

/**
 * One {@code RUN --mount=...}, parsed from its CSV as BuildKit does (keys are case-insensitive;
 * {@code src}, {@code dst}/{@code destination}, {@code ro}/{@code rw} are aliases). Unset fields are
 * null.
 *
 * @param type     the mount type; {@code bind} when not given
 * @param target   where it is mounted in the container ({@code target}/{@code dst}/{@code destination})
 * @param source   the path in {@code from} (bind, cache) or the secret's file ({@code source}/{@code src})
 * @param from     the stage or image a bind/cache mount takes its files from; null: the context
 *                 (bind) or an empty dir (cache)
 * @param id       the cache id, or the secret id ({@code id})
 * @param readOnly read-only; defaults as BuildKit: false for cache and tmpfs, true otherwise
 * @param sharing  cache sharing mode; null when not given ({@code shared} applies)
 * @param size     a tmpfs's size in bytes, or null
 * @param mode     file mode (octal in the text) for cache, secret, ssh; or null
 * @param uid      owner for cache, secret, ssh; or null
 * @param gid      group for cache, secret, ssh; or null
 * @param required a secret or ssh mount that must be provided
 * @param env      the environment variable a secret is also exposed as, or null
 */
public record RunMount(Type type, String target, String source, String from, String id, boolean readOnly,
                       Sharing sharing, Long size, Integer mode, Integer uid, Integer gid, boolean required,
                       String env) {

    public RunMount {
        Objects.requireNonNull(type);
    }

    /** The mount types BuildKit knows. */
    public enum Type {
        BIND, CACHE, TMPFS, SECRET, SSH;

        /** The name as written in a Dockerfile: {@code cache}. */
        public String value() { return name().toLowerCase(java.util.Locale.ROOT); }
    }

    /** How concurrent builds share a cache mount. */
    public enum Sharing {
        SHARED, PRIVATE, LOCKED;

        /** The name as written in a Dockerfile: {@code locked}. */
        public String value() { return name().toLowerCase(java.util.Locale.ROOT); }
    }

    /**
     * The id of a secret mount as BuildKit resolves it: {@code source} (which names the secret
     * there), else {@code id}, else the target's base name.
     */
    public String secretId() {
        if (source != null && !source.isEmpty()) return source;
        if (id != null && !id.isEmpty()) return id;
        return target == null ? null : baseName(target);
    }

    /**
     * Where a secret mount appears as a file: its target, else {@code /run/secrets/<base name of
     * the id>}; null for a secret given only as an environment variable ({@code env=} without target).
     */
    public String secretTarget() {
        if (target != null && !target.isEmpty()) return target;
        if (env != null) return null;
        String sid = secretId();
        return sid == null ? null : "/run/secrets/" + baseName(sid);
    }

    private static String baseName(String path) {
        String t = path;
        while (t.length() > 1 && t.endsWith("/")) t = t.substring(0, t.length() - 1);
        return t.substring(t.lastIndexOf('/') + 1);
    }

    /** This mount with its string values expanded. */
    RunMount expand(WordExpander x) {
        return new RunMount(type, Expansions.opt(target, x), Expansions.opt(source, x), Expansions.opt(from, x),
                Expansions.opt(id, x), readOnly, sharing, size, mode, uid, gid, required, Expansions.opt(env, x));
    }
}
