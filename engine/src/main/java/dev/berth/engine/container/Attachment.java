package dev.berth.engine.container;

import java.util.concurrent.CompletableFuture;

/**
 * A client attached to a container's stdio ({@code docker attach}, {@code docker run} without
 * {@code -d}, {@code docker start -a}). Made before {@code start}, it sees all output from the very
 * first byte. The container's output goes to the {@link OutputSink} given to
 * {@link ContainerService#attach}; input goes through {@link #writeStdin} (queued until the container
 * runs). Ends when the container exits ({@link #done()}) or on {@link #close()}.
 */
public final class Attachment implements AutoCloseable {
    private final StdioPump pump;
    private final Runnable onClose;

    Attachment(StdioPump pump, Runnable onClose) {
        this.pump = pump;
        this.onClose = onClose;
    }

    StdioPump pump() {
        return pump;
    }

    /** Sends bytes to the container's stdin (ignored unless attached with {@code stdin} to a container with {@code OpenStdin}). */
    public void writeStdin(byte[] data, int offset, int length) {
        pump.writeStdin(data, offset, length);
    }

    /**
     * The client's input ended (its half-close): the container's stdin is closed if it was created
     * with {@code StdinOnce}, as Docker does; output keeps coming.
     */
    public void closeStdin() {
        pump.closeStdin();
    }

    /** Completes once all output has been delivered: the container exited, or this attachment was closed. */
    public CompletableFuture<Void> done() {
        return pump.outputDone();
    }

    /** Detaches. The container keeps running. */
    @Override
    public void close() {
        pump.close();
        onClose.run();
    }
}
