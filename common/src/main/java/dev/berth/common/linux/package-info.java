/**
 * Linux system calls the JDK lacks ({@link dev.berth.common.linux.Libc}: device nodes, xattrs and
 * times of links themselves, exact symlinks, mounts, namespaces, raw descriptors and pipes,
 * unix sockets, signals), called through the FFM API, with failures as
 * {@link dev.berth.common.linux.ErrnoException}s that name the errno; and
 * {@link dev.berth.common.linux.SeqpacketSocket}, the {@code SOCK_SEQPACKET} client the JDK has
 * no channel for (conmon's attach socket).
 */
package dev.berth.common.linux;
