/**
 * Linux system calls the JDK lacks ({@link dev.berth.common.linux.Libc}: device nodes, xattrs and
 * times of links themselves, exact symlinks, mounts, namespaces), called through the FFM API, with
 * failures as {@link dev.berth.common.linux.ErrnoException}s that name the errno.
 */
package dev.berth.common.linux;
