package dev.berth.cli.render;

/**
 * Splits image references as docker's {@code reference.ParseNormalizedNamed} plus
 * {@code FamiliarName} do for display ({@code docker.io/library/busybox:latest} is
 * {@code busybox} and {@code latest}). Hand-written rather than regular expressions, whose
 * compilation costs start-up time on every {@code berth images}.
 */
final class RefNames {
    /** A reference's familiar name, tag (or null) and digest (or null). */
    record Parts(String familiarName, String tag, String digest) {}

    private RefNames() {}

    /** The parts of {@code ref}, or null if it is not a valid reference. */
    static Parts parse(String ref) {
        if (ref == null || ref.isEmpty()) return null;
        String rest = ref;
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
            int colon = digest.indexOf(':');
            if (colon <= 0 || colon == digest.length() - 1) return null;
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!validTag(tag)) return null;
        }
        String domain = null;
        String path = rest;
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.indexOf('.') >= 0 || first.indexOf(':') >= 0 || first.equals("localhost") || !first.equals(first.toLowerCase())) {
                domain = first;
                path = rest.substring(slash + 1);
            }
        }
        if (!validPath(path)) return null;
        if (domain == null || domain.equals("docker.io") || domain.equals("index.docker.io")) {
            String familiar = path.startsWith("library/") && path.indexOf('/', 8) < 0 ? path.substring(8) : path;
            return new Parts(familiar, tag, digest);
        }
        return new Parts(domain + "/" + path, tag, digest);
    }

    /**
     * docker ps's image column: the familiar name with its tag (the digest dropped), or the
     * reference unchanged if it does not parse.
     */
    static String familiarWithoutDigest(String ref) {
        Parts p = parse(ref);
        if (p == null) return ref;
        return p.tag() == null ? p.familiarName() : p.familiarName() + ":" + p.tag();
    }

    private static boolean validTag(String t) {
        if (t.isEmpty() || t.length() > 128) return false;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            boolean word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            if (!word && (i == 0 || (c != '.' && c != '-'))) return false;
        }
        return true;
    }

    /** Lower-case alphanumeric components separated by "/", each joined inside by ".", "_", "__" or "-". */
    private static boolean validPath(String p) {
        if (p.isEmpty()) return false;
        for (String comp : p.split("/", -1)) {
            if (comp.isEmpty()) return false;
            char first = comp.charAt(0);
            char last = comp.charAt(comp.length() - 1);
            if (!alnum(first) || !alnum(last)) return false;
            for (int i = 0; i < comp.length(); i++) {
                char c = comp.charAt(i);
                if (!alnum(c) && c != '.' && c != '_' && c != '-') return false;
            }
        }
        return true;
    }

    private static boolean alnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }
}
