package dev.berth.dockerfile;

import java.util.Objects;

/**
 * A heredoc of RUN, COPY or ADD ({@code <<EOF ... EOF}).
 *
 * @param name           the delimiter word without quotes ({@code EOF}); for COPY/ADD also the
 *                       file's name
 * @param content        the body: every line up to the delimiter line, each with its newline; for
 *                       {@code <<-} the leading tabs already removed
 * @param expand         false when the delimiter was quoted ({@code <<"EOF"}, {@code <<'EOF'}):
 *                       the body is then taken literally
 * @param chomp          true for {@code <<-EOF}
 * @param fileDescriptor the descriptor written before {@code <<} ({@code 3<<EOF}), 0 when none
 */
public record Heredoc(String name, String content, boolean expand, boolean chomp, int fileDescriptor) {
    public Heredoc {
        Objects.requireNonNull(name);
        Objects.requireNonNull(content);
    }
}
