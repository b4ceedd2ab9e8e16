package dev.berth.common.linux;

import java.io.IOException;

/**
 * A system call failed. The message names the call, the path or object it acted on, the errno name
 * and the C library's text for it, e.g. {@code mount /mnt/x: EPERM (Operation not permitted)}.
 * Callers that handle particular failures test {@link #errno()} against the constants in {@link Libc}.
 */
public final class ErrnoException extends IOException {
    private final int errno;

    public ErrnoException(String call, String subject, int errno) {
        super(call + " " + subject + ": " + Errno.name(errno) + " (" + Libc.strerror(errno) + ")");
        this.errno = errno;
    }

    /** The raw errno value, e.g. {@link Libc#EPERM}. */
    public int errno() {
        return errno;
    }

    /** The symbolic name of {@link #errno()}, e.g. {@code "ENODATA"}, or {@code "errno 199"} if unknown. */
    public String errnoName() {
        return Errno.name(errno);
    }
}
