package dev.berth.client;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes the multiplexed stream format {@link StdCopy} reads: every write becomes one frame
 * {@code [stream, 0, 0, 0, size]} + payload on the underlying stream. For fake daemons in tests
 * (and any server that needs to produce the format); closing closes nothing, as several writers
 * share one stream.
 */
public final class FrameWriter extends OutputStream {
    private final OutputStream out;
    private final int stream;

    /** @param stream {@link StdCopy#STDOUT}, {@link StdCopy#STDERR}... */
    public FrameWriter(OutputStream out, int stream) {
        this.out = out;
        this.stream = stream;
    }

    /** One frame, as bytes. */
    public static byte[] frame(int stream, byte[] payload) {
        byte[] f = new byte[8 + payload.length];
        header(f, stream, payload.length);
        System.arraycopy(payload, 0, f, 8, payload.length);
        return f;
    }

    /** One frame of UTF-8 text, as bytes. */
    public static byte[] frame(int stream, String payload) {
        return frame(stream, payload.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static void header(byte[] f, int stream, int size) {
        f[0] = (byte) stream;
        f[4] = (byte) (size >>> 24);
        f[5] = (byte) (size >>> 16);
        f[6] = (byte) (size >>> 8);
        f[7] = (byte) size;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        if (len == 0) return;
        byte[] h = new byte[8];
        header(h, stream, len);
        out.write(h);
        out.write(b, off, len);
        out.flush();
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() {
        // shared stream: left open
    }
}
