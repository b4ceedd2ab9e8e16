package dev.berth.oci;

import dev.berth.common.EngineException;
import java.util.regex.Pattern;

/**
 * An image reference normalised the way Docker does: {@code busybox} is
 * {@code docker.io/library/busybox:latest}; {@code localhost:5000/x@sha256:...} keeps its digest.
 * {@link #toString()} is the full form (stored), {@link #familiar()} the short one (shown to users).
 */
public record ImageRef(String domain, String path, String tag, Digest digest) {
    public static final String DEFAULT_DOMAIN = "docker.io";
    public static final String DEFAULT_TAG = "latest";

    private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    private static final Pattern PATH = Pattern.compile(COMPONENT + "(?:/" + COMPONENT + ")*");
    private static final String DOMAIN_PART = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final Pattern DOMAIN = Pattern.compile(
            "(?:" + DOMAIN_PART + "(?:\\." + DOMAIN_PART + ")*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final int MAX_NAME = 255;

    public ImageRef {
        if (domain == null || !DOMAIN.matcher(domain).matches()) {
            throw invalid("invalid domain " + domain);
        }
        if (path == null || !PATH.matcher(path).matches()) {
            throw invalid(path != null && !path.equals(path.toLowerCase())
                    ? "repository name must be lowercase" : "invalid repository name " + path);
        }
        if ((domain + "/" + path).length() > MAX_NAME) throw invalid("repository name must not be more than 255 characters");
        if (tag != null && !TAG.matcher(tag).matches()) throw invalid("invalid tag " + tag);
    }

    /** Parses and normalises a reference; a reference with neither tag nor digest gets {@code latest}. */
    public static ImageRef parse(String s) {
        ImageRef r = parseNamed(s);
        return r.tag == null && r.digest == null ? r.withTag(DEFAULT_TAG) : r;
    }

    /** Parses and normalises a reference, leaving tag and digest as given (both may be absent). */
    public static ImageRef parseNamed(String s) {
        if (s == null || s.isEmpty()) throw invalid("empty image name");
        if (s.matches("[a-f0-9]{64}")) {
            throw invalid("invalid repository name (" + s + "), cannot specify 64-byte hexadecimal strings");
        }
        String rest = s;
        Digest digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            String d = rest.substring(at + 1);
            if (!Digest.isDigest(d)) throw invalid("invalid digest " + d);
            digest = Digest.parse(d);
            rest = rest.substring(0, at);
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        String domain;
        String path;
        int slash = rest.indexOf('/');
        String first = slash < 0 ? "" : rest.substring(0, slash);
        if (slash < 0 || (!first.contains(".") && !first.contains(":") && !first.equals("localhost")
                && first.equals(first.toLowerCase()))) {
            domain = DEFAULT_DOMAIN;
            path = rest;
        } else {
            domain = first;
            path = rest.substring(slash + 1);
        }
        if (domain.equals("index.docker.io")) domain = DEFAULT_DOMAIN;
        if (domain.equals(DEFAULT_DOMAIN) && !path.contains("/")) path = "library/" + path;
        return new ImageRef(domain, path, tag, digest);
    }

    public ImageRef withTag(String t) {
        return new ImageRef(domain, path, t, digest);
    }

    public ImageRef withDigest(Digest d) {
        return new ImageRef(domain, path, tag, d);
    }

    /** The repository without tag or digest, e.g. {@code docker.io/library/busybox}. */
    public String name() {
        return domain + "/" + path;
    }

    /** The repository as users write it, e.g. {@code busybox} or {@code localhost:5000/app}. */
    public String familiarName() {
        if (!domain.equals(DEFAULT_DOMAIN)) return name();
        return path.startsWith("library/") && path.indexOf('/', 8) < 0 ? path.substring(8) : path;
    }

    /** The reference as users write it, e.g. {@code busybox:latest}. */
    public String familiar() {
        return familiarName() + suffix();
    }

    @Override
    public String toString() {
        return name() + suffix();
    }

    private String suffix() {
        return (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }

    private static EngineException.InvalidArgument invalid(String why) {
        return new EngineException.InvalidArgument("invalid reference format: " + why);
    }
}
