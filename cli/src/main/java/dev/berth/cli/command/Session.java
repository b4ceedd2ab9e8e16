package dev.berth.cli.command;

import dev.berth.api.ContainerWaitResponse;
import dev.berth.cli.CliContext;
import dev.berth.cli.terminal.DetachKeys;
import dev.berth.cli.terminal.EscapeProxy;
import dev.berth.cli.terminal.HijackStreamer;
import dev.berth.cli.terminal.Terminal;
import dev.berth.client.AttachOptions;
import dev.berth.client.ContainerWait;
import dev.berth.client.DockerClient;
import dev.berth.client.transport.Hijack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * One attached container session, as docker's run, start -a and attach drive it: the hijacked
 * attach stream (streamed on its own thread), the wait for the container's exit, signal forwarding
 * and tty size tracking. Results arrive as events so a command can act on whichever comes first.
 */
final class Session {
    /** How the attach stream ended: normally, by the detach keys, or with an error. */
    record StreamEnd(boolean detached, IOException failure) {}

    private final CliContext ctx;
    private final String id;
    private boolean tty;
    private final String detachKeys;
    private final BlockingQueue<Object> events = new ArrayBlockingQueue<>(4);
    private Hijack hijack;
    private ContainerWait wait;
    private StreamEnd streamEnd;
    private Integer status;
    private boolean streaming;
    private boolean waiting;

    Session(CliContext ctx, String id, boolean tty, String detachKeys) {
        this.ctx = ctx;
        this.id = id;
        this.tty = tty;
        this.detachKeys = detachKeys;
    }

    /** Opens the attach connection and starts streaming it. */
    void attach(boolean stdin, boolean stdout, boolean stderr) {
        byte[] keys;
        try {
            keys = DetachKeys.parse(detachKeys);
        } catch (IllegalArgumentException e) {
            ctx.err().println("WARNING: invalid detach escape keys, using default: " + e.getMessage());
            keys = DetachKeys.DEFAULT;
        }
        hijack = ctx.client().attachContainer(id, AttachOptions.streams(stdin, stdout, stderr, detachKeys));
        stream(hijack, stdin, stdout, stderr, keys);
    }

    /** Streams an already open hijacked connection (exec start). */
    void stream(Hijack conn, boolean stdin, boolean stdout, boolean stderr, byte[] keys) {
        hijack = conn;
        Terminal terminal = stdin && tty && ctx.streams().inIsTerminal() ? ctx.terminal() : null;
        HijackStreamer streamer = new HijackStreamer(conn, stdin ? ctx.in() : null, stdout ? ctx.out() : null,
                stderr ? (tty ? ctx.out() : ctx.err()) : null, tty, keys, terminal);
        streaming = true;
        Thread t = new Thread("berth-stream") {
            @Override
            public void run() {
                StreamEnd end;
                try {
                    streamer.stream();
                    end = new StreamEnd(false, null);
                } catch (EscapeProxy.Detached d) {
                    end = new StreamEnd(true, null);
                } catch (IOException e) {
                    end = new StreamEnd(false, e);
                }
                events.offer(end);
            }
        };
        t.setDaemon(true);
        t.start();
    }

    /** Sends the wait request (the daemon registers it before answering) and awaits its result on a thread. */
    void waitFor(String condition) {
        wait = ctx.client().waitContainer(id, condition);
        waiting = true;
        ContainerWait w = wait;
        Thread t = new Thread("berth-wait") {
            @Override
            public void run() {
                int code;
                try {
                    ContainerWaitResponse r = w.await();
                    if (r.error() != null) {
                        ctx.err().println("Error waiting for container: " + r.error().message());
                        code = 125;
                    } else {
                        code = (int) r.statusCode();
                    }
                } catch (UncheckedIOException e) {
                    code = -1000;
                }
                events.offer(code);
            }
        };
        t.setDaemon(true);
        t.start();
    }

    /** Sets whether the container has a tty (attach learns it after the wait has started). */
    Session tty(boolean value) {
        this.tty = value;
        return this;
    }

    /** Abandons the wait request (detached runs). */
    void dropWait() {
        if (wait != null) wait.close();
    }

    /** The next of the stream end and the exit status, whichever comes first (already seen ones first). */
    Object next() throws InterruptedException {
        if (streamEnd != null && status == null && !waiting) return streamEnd;
        Object e = events.take();
        record(e);
        return e;
    }

    private void record(Object e) {
        if (e instanceof StreamEnd s) {
            streamEnd = s;
            streaming = false;
        } else {
            status = (Integer) e;
            waiting = false;
        }
    }

    /** Waits for the attach stream to end. */
    StreamEnd streamEnd() throws InterruptedException {
        while (streamEnd == null && streaming) record(events.take());
        return streamEnd == null ? new StreamEnd(false, null) : streamEnd;
    }

    /** Waits for the exit status (125 when waiting failed). */
    int status() throws InterruptedException {
        while (status == null && waiting) record(events.take());
        if (status == null || status == -1000) return 125;
        return status;
    }

    /** Stops streaming (closes the connection) and waits for the streamer to finish. */
    void cancel() throws InterruptedException {
        if (hijack != null) hijack.close();
        streamEnd();
    }

    /** Forwards the signals a user sends berth to the container, as docker's sig-proxy does. */
    void proxySignals() {
        SignalProxy.forward(ctx.client(), id);
    }

    /** Sends the terminal size now and on every change ({@code MonitorTtySize}). */
    void monitorSize(boolean exec) {
        Terminal t = ctx.terminal();
        if (t == null) return;
        DockerClient client = ctx.client();
        Resizer r = new Resizer(client, t, id, exec, ctx);
        r.initial();
        t.onResize(r);
    }

    /** Resizes the container's or exec's tty to the terminal's size. */
    static final class Resizer implements Runnable {
        private final DockerClient client;
        private final Terminal terminal;
        private final String id;
        private final boolean exec;
        private final CliContext ctx;

        Resizer(DockerClient client, Terminal terminal, String id, boolean exec, CliContext ctx) {
            this.client = client;
            this.terminal = terminal;
            this.id = id;
            this.exec = exec;
            this.ctx = ctx;
        }

        boolean resize(int extra) {
            int[] size = terminal.size();
            if (size == null) return true;
            int height = size[0] + extra;
            int width = size[1] + extra;
            if (height == 0 && width == 0) return true; // as docker's resizeTtyTo
            try {
                if (exec) client.resizeExec(id, height, width);
                else client.resizeContainer(id, height, width);
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        }

        /** The first resize; retried a few times in the background, as docker does, if the process is not ready. */
        void initial() {
            if (resize(0)) return;
            Thread t = new Thread("berth-resize") {
                @Override
                public void run() {
                    for (int retry = 0; retry < 10; retry++) {
                        try {
                            Thread.sleep((retry + 1) * 10L);
                        } catch (InterruptedException e) {
                            return;
                        }
                        if (resize(0)) return;
                    }
                    ctx.err().println("failed to resize tty, using default size");
                }
            };
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void run() {
            resize(0);
        }
    }
}
