package dev.berth.registry;

import dev.berth.oci.Digest;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The spec's grammar for what comes in a URL: repository names, tags and digests. Whatever passes is also safe as a
 * path under the storage root (no {@code ..}, no empty or absolute component).
 */
final class Names {
    private static final String COMPONENT = "[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*";
    private static final Pattern NAME = Pattern.compile(COMPONENT + "(?:/" + COMPONENT + ")*");
    private static final Pattern TAG = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");
    private static final Pattern ANY_DIGEST = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+");
    /** Clients cap host + "/" + name at 255 characters; a name alone may not be longer. */
    static final int MAX_NAME_LENGTH = 255;

    private Names() {}

    /** @throws RegistryError NAME_INVALID if {@code name} is not a repository name */
    static String repository(String name) {
        if (name.length() > MAX_NAME_LENGTH || !NAME.matcher(name).matches()) {
            throw new RegistryError(ErrorCode.NAME_INVALID, "invalid repository name", Map.of("name", shorten(name)));
        }
        return name;
    }

    static boolean isTag(String s) {
        return TAG.matcher(s).matches();
    }

    /** Whether {@code s} has the shape of a digest of any algorithm ({@code algorithm:encoded}). */
    static boolean looksLikeDigest(String s) {
        return ANY_DIGEST.matcher(s).matches();
    }

    /**
     * A digest the registry can store: sha256 only.
     *
     * @throws RegistryError DIGEST_INVALID for anything else
     */
    static Digest digest(String s) {
        if (s == null || s.isEmpty()) throw new RegistryError(ErrorCode.DIGEST_INVALID, "digest missing");
        if (Digest.isDigest(s)) return Digest.parse(s);
        String why = looksLikeDigest(s) ? "unsupported digest algorithm (only sha256 is)" : "invalid digest";
        throw new RegistryError(ErrorCode.DIGEST_INVALID, why, Map.of("digest", shorten(s)));
    }

    /** Long hostile input is cut before it is echoed in an error. */
    static String shorten(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }
}
