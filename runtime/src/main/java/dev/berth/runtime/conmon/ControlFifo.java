package dev.berth.runtime.conmon;

import dev.berth.common.EngineException;
import dev.berth.common.linux.ErrnoException;
import dev.berth.common.linux.Libc;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * conmon's control fifo ({@code <bundle>/ctl}): lines {@code "<type> <height> <width>\n"}, type 1
 * resizes the terminal (conmon then sets the pty's window size), type 2 reopens the log file.
 */
final class ControlFifo {
    static final int RESIZE = 1;
    static final int REOPEN_LOGS = 2;

    private ControlFifo() {}

    static void send(Path fifo, int type, int height, int width) {
        if (height < 0 || width < 0 || height > 65535 || width > 65535) {
            throw new EngineException.InvalidArgument("a terminal size is 0..65535 by 0..65535, not " + height + "x" + width);
        }
        byte[] line = (type + " " + height + " " + width + "\n").getBytes(StandardCharsets.US_ASCII);
        int fd;
        try {
            // Non-blocking: if conmon is gone nobody reads the fifo, and a blocking open would hang forever.
            fd = Libc.open(fifo, Libc.O_WRONLY | Libc.O_NONBLOCK, 0);
        } catch (ErrnoException e) {
            if (e.errno() == Libc.ENXIO || e.errno() == Libc.ENOENT) {
                throw new EngineException.Conflict("cannot control the terminal: the container's conmon is not running (" + fifo + ")");
            }
            throw new EngineException.Unavailable("cannot open " + fifo + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new EngineException.Unavailable("cannot open " + fifo + ": " + e.getMessage(), e);
        }
        try {
            Libc.write(fd, line, 0, line.length); // one write under PIPE_BUF: atomic
        } catch (IOException e) {
            throw new EngineException.Unavailable("cannot write to " + fifo + ": " + e.getMessage(), e);
        } finally {
            try { Libc.close(fd); } catch (IOException ignored) { }
        }
    }
}
