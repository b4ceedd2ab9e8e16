package dev.berth.engine.container;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** An {@link OutputSink} that keeps stdout and stderr apart, for tests. */
final class Output implements OutputSink {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Override
    public synchronized void write(StdStream stream, byte[] data) {
        (stream == StdStream.STDERR ? err : out).writeBytes(data);
    }

    synchronized String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    synchronized String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
