package dev.berth.engine.container;

/**
 * One line of {@code docker diff}.
 *
 * @param path the path in the container
 * @param kind what happened to it
 */
public record FileChange(String path, Kind kind) {
    /** Docker's change kinds; {@link #code()} is the API's {@code Kind}. */
    public enum Kind {
        MODIFIED(0), ADDED(1), DELETED(2);

        private final int code;

        Kind(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }
    }
}
