package dev.berth.runtime.conmon;

/** The output streams conmon multiplexes on its attach socket, with the pipe id that marks them. */
public enum AttachStream {
    /** Standard output, and all output of a terminal. */
    STDOUT(2),
    STDERR(3);

    private final int pipeId;

    AttachStream(int pipeId) {
        this.pipeId = pipeId;
    }

    /** conmon's {@code stdpipe_t} value: the first byte of each message. */
    public int pipeId() {
        return pipeId;
    }

    static AttachStream of(int pipeId) {
        return switch (pipeId) {
            case 2 -> STDOUT;
            case 3 -> STDERR;
            default -> throw new IllegalArgumentException("conmon sent output of unknown pipe " + pipeId);
        };
    }
}
