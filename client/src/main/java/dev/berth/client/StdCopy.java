package dev.berth.client;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Demultiplexes the stream of a container without a tty (attach, exec, logs), as moby's
 * {@code stdcopy.StdCopy} does. The stream is a sequence of frames: an 8-byte header
 * {@code [stream, 0, 0, 0, size (uint32, big-endian)]} and {@code size} bytes of payload. Stream 1
 * (stdout) and 0 (stdin, echoed) go to {@code out}, 2 to {@code err}; 3 is an error from the daemon
 * and ends the copy with a {@link StreamException}. Each frame is flushed as it is written, so
 * interactive output shows at once. A stream that ends inside a frame ends the copy quietly, as
 * docker's does.
 */
public final class StdCopy {
    public static final int STDIN = 0;
    public static final int STDOUT = 1;
    public static final int STDERR = 2;
    public static final int SYSTEMERR = 3;

    private StdCopy() {}

    /** An error reported in-band (stream 3), or a frame header that is not one. */
    public static final class StreamException extends IOException {
        public StreamException(String message) {
            super(message);
        }
    }

    /**
     * Copies until the input ends.
     *
     * @param out where stdout frames go; null drops them
     * @param err where stderr frames go; null drops them
     * @return the payload bytes written
     */
    public static long copy(InputStream in, OutputStream out, OutputStream err) throws IOException {
        byte[] header = new byte[8];
        byte[] buf = new byte[32 * 1024];
        long written = 0;
        while (true) {
            if (!readFully(in, header, 8)) return written;
            int stream = header[0] & 0xff;
            long size = ((header[4] & 0xffL) << 24) | ((header[5] & 0xffL) << 16) | ((header[6] & 0xffL) << 8)
                    | (header[7] & 0xffL);
            OutputStream dst;
            switch (stream) {
                case STDIN, STDOUT -> dst = out;
                case STDERR -> dst = err;
                case SYSTEMERR -> {
                    byte[] msg = new byte[(int) Math.min(size, 1 << 20)];
                    if (!readFully(in, msg, msg.length)) return written;
                    throw new StreamException("error from daemon in stream: " + new String(msg, StandardCharsets.UTF_8));
                }
                default -> throw new StreamException("Unrecognized input header: " + stream);
            }
            long left = size;
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    if (dst != null) dst.flush();
                    return written;
                }
                if (dst != null) dst.write(buf, 0, n);
                left -= n;
                written += n;
            }
            if (dst != null) dst.flush();
        }
    }

    /** True if {@code n} bytes were read; false at a clean or mid-header end of input. */
    private static boolean readFully(InputStream in, byte[] b, int n) throws IOException {
        int got = 0;
        while (got < n) {
            int r;
            try {
                r = in.read(b, got, n - got);
            } catch (EOFException e) {
                return false;
            }
            if (r < 0) return false;
            got += r;
        }
        return true;
    }
}
