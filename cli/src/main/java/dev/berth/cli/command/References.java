package dev.berth.cli.command;

/** Reference checks whose messages docker words differently from the image module. */
final class References {
    private References() {}

    /**
     * docker's {@code invalid reference format: repository name (library/Name) must be lowercase} for a
     * reference whose repository has upper-case letters; null otherwise.
     */
    static String lowercaseProblem(String ref) {
        String rest = ref;
        int at = rest.indexOf('@');
        if (at >= 0) rest = rest.substring(0, at);
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) rest = rest.substring(0, colon);
        int slash = rest.indexOf('/');
        String first = slash < 0 ? "" : rest.substring(0, slash);
        String domain = "docker.io";
        String path = rest;
        if (slash >= 0 && (first.contains(".") || first.contains(":") || first.equals("localhost")
                || !first.equals(first.toLowerCase(java.util.Locale.ROOT)))) {
            domain = first;
            path = rest.substring(slash + 1);
        }
        if (path.equals(path.toLowerCase(java.util.Locale.ROOT))) return null;
        if (domain.equals("docker.io") && path.indexOf('/') < 0) path = "library/" + path;
        return "invalid reference format: repository name (" + path + ") must be lowercase";
    }
}
