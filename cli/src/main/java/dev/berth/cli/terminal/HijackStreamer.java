package dev.berth.cli.terminal;

import dev.berth.client.StdCopy;
import dev.berth.client.transport.Hijack;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Streams a hijacked attach or exec connection as docker's {@code hijackedIOStreamer} does: stdin
 * (if attached) is copied to the connection and then write-closed (at once when there is no
 * stdin); the output is copied raw to stdout with a tty, demultiplexed into stdout and stderr
 * without. With a tty and stdin, the terminal is put in raw mode and the detach keys are watched.
 * {@link #stream()} returns when the output ends (or, with no output attached, when stdin ends).
 */
public final class HijackStreamer {
    private final Hijack conn;
    private final InputStream stdin;
    private final OutputStream out;
    private final OutputStream err;
    private final boolean tty;
    private final byte[] detachKeys;
    private final Terminal terminal;
    private final BlockingQueue<Object[]> events = new ArrayBlockingQueue<>(8);
    private volatile boolean restored;

    private static final String OUTPUT_DONE = "output";
    private static final String INPUT_DONE = "input";
    private static final String DETACHED = "detached";

    /**
     * @param stdin      what to send to the container, or null for nothing (the connection is write-closed at once)
     * @param out        where stdout goes, or null
     * @param err        where stderr goes (stdout too with a tty), or null
     * @param detachKeys the detach sequence (with a tty and stdin)
     * @param terminal   the terminal to make raw (with a tty and stdin), or null
     */
    public HijackStreamer(Hijack conn, InputStream stdin, OutputStream out, OutputStream err, boolean tty,
                          byte[] detachKeys, Terminal terminal) {
        this.conn = conn;
        this.stdin = stdin;
        this.out = out;
        this.err = err;
        this.tty = tty;
        this.detachKeys = detachKeys;
        this.terminal = terminal;
    }

    /**
     * Runs until done.
     *
     * @throws EscapeProxy.Detached when the detach keys were typed
     * @throws IOException          when the output stream failed (e.g. an error frame from the daemon)
     */
    public void stream() throws IOException {
        InputStream input = stdin;
        boolean raw = input != null && tty && terminal != null;
        if (raw) {
            terminal.makeRaw();
        }
        if (input != null && tty) input = new EscapeProxy(input, detachKeys);
        boolean output = out != null || err != null;
        try {
            if (output) startOutput();
            startInput(input);
            while (true) {
                Object[] e = take();
                String kind = (String) e[0];
                if (kind == OUTPUT_DONE) {
                    if (e[1] != null) throw (IOException) e[1];
                    return;
                }
                if (kind == DETACHED) throw (EscapeProxy.Detached) e[1];
                if (kind == INPUT_DONE && !output) return;
            }
        } finally {
            restoreTerminal();
        }
    }

    private void restoreTerminal() {
        if (!restored && terminal != null && stdin != null && tty) {
            restored = true;
            terminal.restore();
        }
    }

    private Object[] take() throws IOException {
        try {
            return events.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private void startOutput() {
        Thread t = new Thread("berth-output") {
            @Override
            public void run() {
                IOException failure = null;
                try {
                    if (out != null && tty) {
                        copyRaw(conn.input(), out);
                        restoreTerminal();
                    } else {
                        StdCopy.copy(conn.input(), out, err);
                    }
                } catch (IOException e) {
                    failure = e instanceof StdCopy.StreamException ? e : null;
                }
                events.offer(new Object[] {OUTPUT_DONE, failure});
            }
        };
        t.setDaemon(true);
        t.start();
    }

    private void startInput(InputStream input) {
        Thread t = new Thread("berth-input") {
            @Override
            public void run() {
                if (input != null) {
                    try {
                        OutputStream to = conn.output();
                        byte[] buf = new byte[32 * 1024];
                        for (int n; (n = input.read(buf)) >= 0; ) {
                            if (n == 0) continue;
                            to.write(buf, 0, n);
                            to.flush();
                        }
                    } catch (EscapeProxy.Detached d) {
                        restoreTerminal();
                        events.offer(new Object[] {DETACHED, d});
                        return;
                    } catch (IOException e) {
                        // stdin or the connection failed: nothing more to send
                    }
                    restoreTerminal();
                }
                conn.closeWrite();
                events.offer(new Object[] {INPUT_DONE, null});
            }
        };
        t.setDaemon(true);
        t.start();
    }

    private static void copyRaw(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[32 * 1024];
        for (int n; (n = in.read(buf)) >= 0; ) {
            out.write(buf, 0, n);
            out.flush();
        }
    }
}
