package dev.berth.cli.run;

/**
 * docker's {@code -v SRC:DST[:OPTS]} parsing (the compose loader's {@code ParseVolume}): a volume
 * has no source or a name as source, a bind has a path (starting with {@code .}, {@code /} or {@code ~}).
 */
public record VolumeSpec(String type, String source, String target) {
    private static final char END = ':' + 1000;

    public boolean isBind() {
        return type.equals("bind");
    }

    /** @throws IllegalArgumentException with docker's message for an empty spec or section */
    public static VolumeSpec parse(String spec) {
        if (spec.isEmpty()) throw new IllegalArgumentException("invalid empty volume spec");
        if (spec.length() <= 2) return new VolumeSpec("volume", "", spec);
        String source = "";
        String target = "";
        StringBuilder buffer = new StringBuilder();
        String s = spec + END;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ':' && buffer.length() == 1 && Character.isLetter(buffer.charAt(0))) {
                buffer.append(c);
            } else if (c == ':' || c == END) {
                String b = buffer.toString();
                if (b.isEmpty()) {
                    throw new IllegalArgumentException("invalid spec: " + spec + ": empty section between colons");
                } else if (source.isEmpty() && c == END) {
                    target = b;
                } else if (source.isEmpty()) {
                    source = b;
                } else if (target.isEmpty()) {
                    target = b;
                } else if (c == ':') {
                    throw new IllegalArgumentException("invalid spec: " + spec + ": too many colons");
                }
                buffer.setLength(0);
            } else {
                buffer.append(c);
            }
        }
        return new VolumeSpec(source.isEmpty() || !isFilePath(source) ? "volume" : "bind", source, target);
    }

    private static boolean isFilePath(String source) {
        char c = source.charAt(0);
        if (c == '.' || c == '/' || c == '~') return true;
        if (source.codePointCount(0, source.length()) == 1) return false;
        if (source.startsWith("\\\\")) return true;
        return Character.isLetter(source.codePointAt(0)) && source.length() > Character.charCount(source.codePointAt(0))
                && source.charAt(Character.charCount(source.codePointAt(0))) == ':';
    }
}
