package dev.berth.daemonapi;

import dev.berth.engine.container.OutputSink;
import dev.berth.engine.container.StdStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Output of attach, exec and logs on the wire: raw bytes for a terminal, otherwise Docker's
 * multiplexed frames ({@code [stream, 0, 0, 0, size uint32 BE]} + payload), each flushed as it comes.
 */
final class Frames {
    private Frames() {}

    static OutputSink sink(OutputStream out, boolean tty) {
        return (stream, data) -> write(out, tty, stream, data);
    }

    static void write(OutputStream out, boolean tty, StdStream stream, byte[] data) throws IOException {
        synchronized (out) {
            if (!tty) {
                int n = data.length;
                out.write(new byte[] {(byte) stream.frameId(), 0, 0, 0, (byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
            }
            out.write(data);
            out.flush();
        }
    }
}
