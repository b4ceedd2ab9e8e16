package dev.berth.engine.container;

/** A process's standard stream, with the stream number of Docker's multiplexed frames ({@link #frameId()}). */
public enum StdStream {
    STDIN(0), STDOUT(1), STDERR(2);

    private final int frameId;

    StdStream(int frameId) {
        this.frameId = frameId;
    }

    /** The first byte of a multiplexed frame header: 0 stdin, 1 stdout, 2 stderr. */
    public int frameId() {
        return frameId;
    }
}
