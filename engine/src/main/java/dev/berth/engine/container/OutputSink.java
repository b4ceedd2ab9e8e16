package dev.berth.engine.container;

import java.io.IOException;

/**
 * Receives a process's output as it comes (attach, exec): one call per chunk, in order, from one
 * thread at a time. A terminal's output is all {@link StdStream#STDOUT}. Throwing ends the stream
 * (the client went away): berth detaches, the process keeps running.
 */
@FunctionalInterface
public interface OutputSink {
    void write(StdStream stream, byte[] data) throws IOException;
}
