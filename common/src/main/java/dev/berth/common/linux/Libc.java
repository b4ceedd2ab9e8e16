package dev.berth.common.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The few Linux system calls the JDK lacks, called through the FFM API ({@code java.lang.foreign}):
 * device nodes, extended attributes and ownership of a link itself, mounts and namespaces.
 *
 * <p>Every call captures {@code errno} right after the C function returns and turns a failure into
 * an {@link ErrnoException} naming the call, its subject and the errno, e.g.
 * {@code lsetxattr /x (trusted.foo): EPERM (Operation not permitted)}. All {@code l*} calls act on a
 * symbolic link itself and never follow it.
 *
 * <p>Paths are passed to the kernel as UTF-8, which is what the JDK does when the daemon runs with a
 * UTF-8 locale ({@code LANG=C.UTF-8}); the launch scripts set it. Needs glibc 2.33 or later (where
 * {@code mknod} is an exported symbol) and {@code --enable-native-access} for the module or class path.
 */
@SuppressWarnings("restricted") // this class is where berth calls native code; the launcher grants native access
public final class Libc {
    // File types for mknod (st_mode bits).
    public static final int S_IFMT = 0170000;
    public static final int S_IFIFO = 0010000;
    public static final int S_IFCHR = 0020000;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFBLK = 0060000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFLNK = 0120000;

    // mount(2) flags.
    public static final long MS_RDONLY = 1;
    public static final long MS_NOSUID = 2;
    public static final long MS_NODEV = 4;
    public static final long MS_NOEXEC = 8;
    public static final long MS_REMOUNT = 32;
    public static final long MS_BIND = 4096;
    public static final long MS_MOVE = 8192;
    public static final long MS_REC = 16384;
    public static final long MS_PRIVATE = 1L << 18;
    public static final long MS_SLAVE = 1L << 19;
    public static final long MS_SHARED = 1L << 20;

    // umount2(2) flags.
    public static final int MNT_FORCE = 1;
    public static final int MNT_DETACH = 2;

    // setns(2) namespace types.
    public static final int CLONE_NEWNS = 0x00020000;
    public static final int CLONE_NEWCGROUP = 0x02000000;
    public static final int CLONE_NEWUTS = 0x04000000;
    public static final int CLONE_NEWIPC = 0x08000000;
    public static final int CLONE_NEWUSER = 0x10000000;
    public static final int CLONE_NEWPID = 0x20000000;
    public static final int CLONE_NEWNET = 0x40000000;

    // errno values callers commonly test.
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int EINVAL = 22;
    public static final int ERANGE = 34;
    public static final int ENODATA = 61;
    public static final int EOPNOTSUPP = 95;

    public static final int EINTR = 4;
    public static final int EAGAIN = 11;
    public static final int ENXIO = 6;
    public static final int EPIPE = 32;
    public static final int ECONNREFUSED = 111;
    public static final int ECONNRESET = 104;

    // open(2) flags.
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_RDWR = 2;
    public static final int O_NONBLOCK = 04000;
    public static final int O_CLOEXEC = 02000000;
    public static final int O_PATH = 010000000;

    // socket(2) domains, types and flags; shutdown(2) directions; send(2) flags.
    public static final int AF_UNIX = 1;
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_SEQPACKET = 5;
    public static final int SOCK_CLOEXEC = 02000000;
    public static final int SHUT_RD = 0;
    public static final int SHUT_WR = 1;
    public static final int SHUT_RDWR = 2;
    public static final int MSG_TRUNC = 0x20;
    public static final int MSG_NOSIGNAL = 0x4000;

    /** The size of {@code sockaddr_un.sun_path}: a socket path, with its NUL, must fit in it. */
    public static final int UNIX_PATH_MAX = 108;

    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private static final MethodHandle MKNOD = downcall("mknod", JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG);
    private static final MethodHandle LCHOWN = downcall("lchown", JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
    private static final MethodHandle LSETXATTR =
            downcall("lsetxattr", JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT);
    private static final MethodHandle LGETXATTR =
            downcall("lgetxattr", JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG);
    private static final MethodHandle LLISTXATTR = downcall("llistxattr", JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG);
    private static final MethodHandle MOUNT =
            downcall("mount", JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS);
    private static final MethodHandle UMOUNT2 = downcall("umount2", JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle SETNS = downcall("setns", JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle UNSHARE = downcall("unshare", JAVA_INT, JAVA_INT);
    private static final MethodHandle IOCTL = LINKER.downcallHandle(symbol("ioctl"),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS),
            Linker.Option.firstVariadicArg(2), Linker.Option.captureCallState("errno"));
    private static final MethodHandle OPEN = LINKER.downcallHandle(symbol("open"),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT),
            Linker.Option.firstVariadicArg(2), Linker.Option.captureCallState("errno"));
    private static final MethodHandle CLOSE = downcall("close", JAVA_INT, JAVA_INT);
    private static final MethodHandle UTIMENSAT =
            downcall("utimensat", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT);
    private static final MethodHandle SYMLINK = downcall("symlink", JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle READLINK = downcall("readlink", JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG);
    private static final MethodHandle STRERROR = LINKER.downcallHandle(symbol("strerror"),
            FunctionDescriptor.of(ADDRESS, JAVA_INT));
    private static final MethodHandle OPEN3 = LINKER.downcallHandle(symbol("open"),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
            Linker.Option.firstVariadicArg(2), Linker.Option.captureCallState("errno"));
    private static final MethodHandle READ = downcall("read", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG);
    private static final MethodHandle WRITE = downcall("write", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG);
    private static final MethodHandle SOCKET = downcall("socket", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle CONNECT = downcall("connect", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle SEND = downcall("send", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
    private static final MethodHandle RECV = downcall("recv", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
    private static final MethodHandle SHUTDOWN = downcall("shutdown", JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle KILL = downcall("kill", JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle PIPE2 = downcall("pipe2", JAVA_INT, ADDRESS, JAVA_INT);

    private Libc() {}

    /**
     * Creates a device node, fifo or regular file ({@code mknod(2)}). {@code mode} holds the file
     * type ({@link #S_IFCHR}, {@link #S_IFBLK}, {@link #S_IFIFO}) and permission bits (the umask
     * applies); {@code dev} is a {@link #makedev} value, 0 for a fifo.
     */
    public static void mknod(Path path, int mode, long dev) throws IOException {
        call("mknod", path.toString(), (arena, state) -> (int) MKNOD.invokeExact(state, cString(arena, path), mode, dev));
    }

    /** Changes the numeric owner of a file, or of a symbolic link itself ({@code lchown(2)}); -1 keeps a value. */
    public static void lchown(Path path, int uid, int gid) throws IOException {
        call("lchown", path.toString(), (arena, state) -> (int) LCHOWN.invokeExact(state, cString(arena, path), uid, gid));
    }

    /** Sets an extended attribute on a file or on a symbolic link itself ({@code lsetxattr(2)}), replacing any value. */
    public static void lsetxattr(Path path, String name, byte[] value) throws IOException {
        call("lsetxattr", path + " (" + name + ")", (arena, state) -> {
            MemorySegment buf = arena.allocate(Math.max(1, value.length));
            MemorySegment.copy(value, 0, buf, JAVA_BYTE, 0, value.length);
            return (int) LSETXATTR.invokeExact(state, cString(arena, path), cString(arena, name), buf,
                    (long) value.length, 0);
        });
    }

    /** Reads an extended attribute of a file or symbolic link ({@code lgetxattr(2)}); empty if it is not set. */
    public static Optional<byte[]> lgetxattr(Path path, String name) throws IOException {
        String subject = path + " (" + name + ")";
        while (true) {
            long size = call("lgetxattr", subject, (arena, state) -> {
                long rc = (long) LGETXATTR.invokeExact(state, cString(arena, path), cString(arena, name),
                        MemorySegment.NULL, 0L);
                return rc < 0 && errno(state) == ENODATA ? Long.MIN_VALUE : rc;
            });
            if (size == Long.MIN_VALUE) return Optional.empty();
            byte[] value = new byte[(int) size];
            long got = call("lgetxattr", subject, (arena, state) -> {
                MemorySegment buf = arena.allocate(Math.max(1, size));
                long rc = (long) LGETXATTR.invokeExact(state, cString(arena, path), cString(arena, name), buf, size);
                if (rc < 0 && (errno(state) == ERANGE || errno(state) == ENODATA)) return Long.MIN_VALUE;
                MemorySegment.copy(buf, JAVA_BYTE, 0, value, 0, (int) Math.max(0, rc));
                return rc;
            });
            if (got == Long.MIN_VALUE) continue; // changed between the two calls: ask again
            return Optional.of(got == size ? value : java.util.Arrays.copyOf(value, (int) got));
        }
    }

    /** Lists the names of the extended attributes of a file or symbolic link ({@code llistxattr(2)}), in kernel order. */
    public static List<String> llistxattr(Path path) throws IOException {
        while (true) {
            long size = call("llistxattr", path.toString(),
                    (arena, state) -> (long) LLISTXATTR.invokeExact(state, cString(arena, path), MemorySegment.NULL, 0L));
            if (size == 0) return List.of();
            byte[] bytes = new byte[(int) size];
            long got = call("llistxattr", path.toString(), (arena, state) -> {
                MemorySegment buf = arena.allocate(size);
                long rc = (long) LLISTXATTR.invokeExact(state, cString(arena, path), buf, size);
                if (rc < 0 && errno(state) == ERANGE) return Long.MIN_VALUE;
                MemorySegment.copy(buf, JAVA_BYTE, 0, bytes, 0, (int) Math.max(0, rc));
                return rc;
            });
            if (got == Long.MIN_VALUE) continue; // grew between the two calls: ask again
            List<String> names = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < got; i++) {
                if (bytes[i] == 0) {
                    if (i > start) names.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            return List.copyOf(names);
        }
    }

    /**
     * Sets access and modification times of a file or of a symbolic link itself, to the nanosecond
     * ({@code utimensat(2)} with {@code AT_SYMLINK_NOFOLLOW}). Unlike the JDK's
     * {@code BasicFileAttributeView.setTimes}, it never opens the file, so it is safe on fifos (where
     * an open blocks) and device nodes (where an open reaches the driver).
     */
    public static void lutimens(Path path, FileTime atime, FileTime mtime) throws IOException {
        call("utimensat", path.toString(), (arena, state) -> {
            MemorySegment times = arena.allocate(JAVA_LONG, 4);
            Instant a = atime.toInstant();
            Instant m = mtime.toInstant();
            times.setAtIndex(JAVA_LONG, 0, a.getEpochSecond());
            times.setAtIndex(JAVA_LONG, 1, a.getNano());
            times.setAtIndex(JAVA_LONG, 2, m.getEpochSecond());
            times.setAtIndex(JAVA_LONG, 3, m.getNano());
            return (int) UTIMENSAT.invokeExact(state, AT_FDCWD, cString(arena, path), times, AT_SYMLINK_NOFOLLOW);
        });
    }

    /**
     * Creates a symbolic link whose text is exactly {@code target} ({@code symlink(2)}). Unlike
     * {@link java.nio.file.Files#createSymbolicLink}, the text is not normalised (a trailing
     * {@code /} or a {@code //} is kept), which matters when the text is data from an image.
     */
    public static void symlink(String target, Path link) throws IOException {
        call("symlink", link + " -> " + target, (arena, state) ->
                (int) SYMLINK.invokeExact(state, cString(arena, target), cString(arena, link)));
    }

    /** The exact text of a symbolic link ({@code readlink(2)}), decoded as UTF-8. */
    public static String readlink(Path link) throws IOException {
        for (long size = 4096; ; size *= 4) {
            long capacity = size;
            byte[][] text = new byte[1][];
            long got = call("readlink", link.toString(), (arena, state) -> {
                MemorySegment buf = arena.allocate(capacity);
                long rc = (long) READLINK.invokeExact(state, cString(arena, link), buf, capacity);
                if (rc >= 0) text[0] = buf.asSlice(0, rc).toArray(JAVA_BYTE);
                return rc;
            });
            if (got < capacity) return new String(text[0], StandardCharsets.UTF_8);
        }
    }

    /**
     * Mounts a file system ({@code mount(2)}). {@code source}, {@code fstype} and {@code data} may be
     * null where the kernel allows it (bind mounts, propagation changes). For overlayfs the data is the
     * option string, limited by the kernel to one page (4095 bytes).
     */
    public static void mount(String source, Path target, String fstype, long flags, String data) throws IOException {
        call("mount", (fstype == null ? "" : fstype + " on ") + target, (arena, state) ->
                (int) MOUNT.invokeExact(state, cStringOrNull(arena, source), cString(arena, target),
                        cStringOrNull(arena, fstype), flags, cStringOrNull(arena, data)));
    }

    /** Unmounts ({@code umount2(2)}); {@code flags} is 0 or a combination of {@link #MNT_DETACH} and {@link #MNT_FORCE}. */
    public static void umount2(Path target, int flags) throws IOException {
        call("umount2", target.toString(), (arena, state) -> (int) UMOUNT2.invokeExact(state, cString(arena, target), flags));
    }

    /**
     * Moves the calling OS thread into the namespace an open file descriptor refers to ({@code setns(2)}).
     * Only that thread changes. A virtual thread may run on another carrier after any blocking call,
     * so call this from a platform thread kept for work inside that namespace.
     */
    public static void setns(int fd, int nstype) throws IOException {
        call("setns", "fd " + fd, (arena, state) -> (int) SETNS.invokeExact(state, fd, nstype));
    }

    /**
     * Moves the calling OS thread into new namespaces ({@code unshare(2)}, {@code CLONE_NEW*} flags).
     * Same thread caveat as {@link #setns(int, int)}: call it from a platform thread made for it.
     */
    public static void unshare(int flags) throws IOException {
        call("unshare", "flags 0x" + Integer.toHexString(flags), (arena, state) -> (int) UNSHARE.invokeExact(state, flags));
    }

    /**
     * Sets a network interface up ({@code SIOCGIFFLAGS}, then {@code SIOCSIFFLAGS} with {@code IFF_UP}), in
     * the calling thread's network namespace (same thread caveat as {@link #setns(int, int)}).
     */
    public static void interfaceUp(String name) throws IOException {
        if (name.length() >= 16) throw new IllegalArgumentException("interface name too long: " + name);
        final long siocgifflags = 0x8913;
        final long siocsifflags = 0x8914;
        final short iffUp = 1;
        int fd = socket(2 /* AF_INET */, 2 /* SOCK_DGRAM */ | SOCK_CLOEXEC, 0);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ifreq = arena.allocate(40); // struct ifreq: char ifr_name[16], then a union (flags: short)
            ifreq.setString(0, name);
            call("ioctl", name, (a, state) -> (int) IOCTL.invokeExact(state, fd, siocgifflags, ifreq));
            ifreq.set(ValueLayout.JAVA_SHORT, 16, (short) (ifreq.get(ValueLayout.JAVA_SHORT, 16) | iffUp));
            call("ioctl", name, (a, state) -> (int) IOCTL.invokeExact(state, fd, siocsifflags, ifreq));
        } finally {
            close(fd);
        }
    }

    /**
     * Joins the namespace named by a file such as {@code /proc/<pid>/ns/net} or a bind-mounted
     * namespace file: opens it, calls {@code setns(2)} and closes it. Same thread caveat as {@link #setns(int, int)}.
     */
    public static void setns(Path namespaceFile, int nstype) throws IOException {
        int fd = (int) call("open", namespaceFile.toString(), (arena, state) ->
                (int) OPEN.invokeExact(state, cString(arena, namespaceFile), O_RDONLY | O_CLOEXEC));
        try {
            call("setns", namespaceFile.toString(), (arena, state) -> (int) SETNS.invokeExact(state, fd, nstype));
        } finally {
            call("close", "fd " + fd, (arena, state) -> (int) CLOSE.invokeExact(state, fd));
        }
    }

    // ---- File descriptors and sockets -------------------------------------------------------------
    //
    // A native call that blocks (read, recv, send, connect on a full socket) pins the calling thread's
    // carrier when called from a virtual thread, for as long as it blocks: call the blocking ones from
    // platform threads (SeqpacketSocket documents how it does that).

    /**
     * Opens a file ({@code open(2)}) and returns the raw descriptor; {@code flags} are {@code O_*}
     * values ({@link #O_CLOEXEC} is always added), {@code mode} the permissions of a created file.
     * Useful where the JDK cannot say what is meant: {@code O_NONBLOCK} on a fifo (fails with
     * {@link #ENXIO} at once when nobody reads it, instead of blocking) or {@code O_PATH}.
     */
    public static int open(Path path, int flags, int mode) throws IOException {
        return (int) call("open", path.toString(), (arena, state) ->
                (int) OPEN3.invokeExact(state, cString(arena, path), flags | O_CLOEXEC, mode));
    }

    /**
     * Creates a pipe ({@code pipe2(2)}): returns {@code [read end, write end]}. Pass
     * {@link #O_CLOEXEC} so the ends do not leak into children the JDK spawns meanwhile; a child
     * gets one through a redirect of {@code /proc/self/fd/<n>} (opening that path opens the same
     * pipe, with fifo rules: it blocks until the other end is open somewhere).
     */
    public static int[] pipe2(int flags) throws IOException {
        int[] fds = new int[2];
        call("pipe2", "flags " + flags, (arena, state) -> {
            MemorySegment pair = arena.allocate(JAVA_INT, 2);
            int rc = (int) PIPE2.invokeExact(state, pair, flags);
            fds[0] = pair.getAtIndex(JAVA_INT, 0);
            fds[1] = pair.getAtIndex(JAVA_INT, 1);
            return rc;
        });
        return fds;
    }

    /** Closes a descriptor ({@code close(2)}). As Linux does, the descriptor is released even when this fails. */
    public static void close(int fd) throws IOException {
        call("close", "fd " + fd, (arena, state) -> (int) CLOSE.invokeExact(state, fd));
    }

    /** Reads up to {@code length} bytes ({@code read(2)}); returns the count, 0 at end of file. Retries on {@code EINTR}. */
    public static int read(int fd, byte[] buffer, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, buffer.length);
        return (int) retryOnEintr("read", "fd " + fd, (arena, state) -> {
            MemorySegment buf = arena.allocate(Math.max(1, length));
            long rc = (long) READ.invokeExact(state, fd, buf, (long) length);
            if (rc > 0) MemorySegment.copy(buf, JAVA_BYTE, 0, buffer, offset, (int) rc);
            return rc;
        });
    }

    /** Writes up to {@code length} bytes ({@code write(2)}); returns the count written. Retries on {@code EINTR}. */
    public static int write(int fd, byte[] data, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, data.length);
        return (int) retryOnEintr("write", "fd " + fd, (arena, state) -> {
            MemorySegment buf = arena.allocate(Math.max(1, length));
            MemorySegment.copy(data, offset, buf, JAVA_BYTE, 0, length);
            return (long) WRITE.invokeExact(state, fd, buf, (long) length);
        });
    }

    /** Creates a socket ({@code socket(2)}), e.g. {@code socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0)}. */
    public static int socket(int domain, int type, int protocol) throws IOException {
        return (int) call("socket", "domain " + domain + " type " + type, (arena, state) ->
                (int) SOCKET.invokeExact(state, domain, type, protocol));
    }

    /**
     * Connects a unix socket to the socket file at {@code path} ({@code connect(2)} with a
     * {@code sockaddr_un}). A path too long for {@code sun_path} ({@value #UNIX_PATH_MAX} bytes with
     * its NUL) is reached through its directory: the directory is opened with {@link #O_PATH} and
     * the socket addressed as {@code /proc/self/fd/<dirfd>/<name>}, as conmon binds it.
     */
    public static void connectUnix(int fd, Path path) throws IOException {
        byte[] direct = path.toString().getBytes(StandardCharsets.UTF_8);
        if (direct.length < UNIX_PATH_MAX) {
            connectUnixAddress(fd, path.toString(), path.toString());
            return;
        }
        Path parent = path.toAbsolutePath().getParent();
        int dirFd = open(parent, O_PATH, 0);
        try {
            connectUnixAddress(fd, "/proc/self/fd/" + dirFd + "/" + path.getFileName(), path.toString());
        } finally {
            close(dirFd);
        }
    }

    private static void connectUnixAddress(int fd, String address, String subject) throws IOException {
        byte[] bytes = address.getBytes(StandardCharsets.UTF_8);
        if (bytes.length >= UNIX_PATH_MAX) {
            throw new IOException("connect " + subject + ": the socket's file name is too long for a unix socket address");
        }
        if (address.indexOf('\0') >= 0) throw new IllegalArgumentException("a NUL byte cannot be passed to the kernel: " + address);
        retryOnEintr("connect", subject, (arena, state) -> {
            MemorySegment addr = arena.allocate(2 + UNIX_PATH_MAX); // sa_family_t sun_family; char sun_path[108]
            addr.set(java.lang.foreign.ValueLayout.JAVA_SHORT, 0, (short) AF_UNIX);
            MemorySegment.copy(bytes, 0, addr, JAVA_BYTE, 2, bytes.length);
            return (int) CONNECT.invokeExact(state, fd, addr, 2 + bytes.length + 1);
        });
    }

    /**
     * Sends one message ({@code send(2)}); returns the count sent. On a {@code SOCK_SEQPACKET}
     * socket the message is sent whole or not at all. Retries on {@code EINTR}; pass
     * {@link #MSG_NOSIGNAL} so a closed peer gives {@link #EPIPE} instead of a SIGPIPE.
     */
    public static int send(int fd, byte[] data, int offset, int length, int flags) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, data.length);
        return (int) retryOnEintr("send", "fd " + fd, (arena, state) -> {
            MemorySegment buf = arena.allocate(Math.max(1, length));
            MemorySegment.copy(data, offset, buf, JAVA_BYTE, 0, length);
            return (long) SEND.invokeExact(state, fd, buf, (long) length, flags);
        });
    }

    /**
     * Receives one message ({@code recv(2)}) into {@code buffer}; returns its length, 0 when the peer
     * has shut down (or the socket was shut down for reading). With {@link #MSG_TRUNC} on a
     * {@code SOCK_SEQPACKET} socket the result is the message's real length even if it did not fit.
     * Retries on {@code EINTR}.
     */
    public static int recv(int fd, byte[] buffer, int offset, int length, int flags) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, buffer.length);
        return (int) retryOnEintr("recv", "fd " + fd, (arena, state) -> {
            MemorySegment buf = arena.allocate(Math.max(1, length));
            long rc = (long) RECV.invokeExact(state, fd, buf, (long) length, flags);
            if (rc > 0) MemorySegment.copy(buf, JAVA_BYTE, 0, buffer, offset, (int) Math.min(rc, length));
            return rc;
        });
    }

    /**
     * Shuts down one or both directions of a socket ({@code shutdown(2)}: {@link #SHUT_RD},
     * {@link #SHUT_WR}, {@link #SHUT_RDWR}). Unlike {@code close}, it wakes a thread blocked in
     * {@link #recv} on the same socket, which then sees end of stream.
     */
    public static void shutdown(int fd, int how) throws IOException {
        call("shutdown", "fd " + fd, (arena, state) -> (int) SHUTDOWN.invokeExact(state, fd, how));
    }

    /** Sends a signal to a process ({@code kill(2)}); signal 0 only checks that it exists and may be signalled. */
    public static void kill(long pid, int signal) throws IOException {
        if (pid <= 0 || pid > Integer.MAX_VALUE) throw new IllegalArgumentException("not a single process id: " + pid);
        call("kill", "pid " + pid, (arena, state) -> (int) KILL.invokeExact(state, (int) pid, signal));
    }

    private static long retryOnEintr(String call, String subject, NativeCall body) throws ErrnoException {
        while (true) {
            try {
                return call(call, subject, body);
            } catch (ErrnoException e) {
                if (e.errno() != EINTR) throw e;
            }
        }
    }

    /** The C library's description of an errno value, e.g. "No such file or directory". */
    public static String strerror(int errno) {
        try {
            MemorySegment s = (MemorySegment) STRERROR.invokeExact(errno);
            return s.equals(MemorySegment.NULL) ? "errno " + errno : s.reinterpret(1024).getString(0);
        } catch (Throwable t) {
            return "errno " + errno; // strerror cannot fail; keep the message even if the call does
        }
    }

    /** A device number from major and minor numbers, encoded as glibc's {@code makedev}. */
    public static long makedev(int major, int minor) {
        long ma = Integer.toUnsignedLong(major);
        long mi = Integer.toUnsignedLong(minor);
        return ((ma & 0xfffL) << 8) | ((ma & ~0xfffL) << 32) | (mi & 0xffL) | ((mi & ~0xffL) << 12);
    }

    /** The major number of a device number (glibc {@code major}). */
    public static int major(long dev) {
        return (int) (((dev >>> 8) & 0xfffL) | ((dev >>> 32) & ~0xfffL));
    }

    /** The minor number of a device number (glibc {@code minor}). */
    public static int minor(long dev) {
        return (int) ((dev & 0xffL) | ((dev >>> 12) & ~0xffL));
    }

    private static MemorySegment symbol(String name) {
        return LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("the C library has no symbol " + name
                        + " (berth needs glibc 2.33 or later)"));
    }

    private static MethodHandle downcall(String name, MemoryLayout result, MemoryLayout... args) {
        return LINKER.downcallHandle(symbol(name), FunctionDescriptor.of(result, args),
                Linker.Option.captureCallState("errno"));
    }

    private static MemorySegment cString(Arena arena, Path path) {
        return cString(arena, path.toString());
    }

    /** A C string; a NUL inside would silently cut it short, so it is refused. */
    private static MemorySegment cString(Arena arena, String s) {
        if (s.indexOf('\0') >= 0) throw new IllegalArgumentException("a NUL byte cannot be passed to the kernel: " + s);
        return arena.allocateFrom(s);
    }

    private static MemorySegment cStringOrNull(Arena arena, String s) {
        return s == null ? MemorySegment.NULL : cString(arena, s);
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    /** One native call: gets a confined arena and the errno capture segment, returns the C result. */
    @FunctionalInterface
    private interface NativeCall {
        long invoke(Arena arena, MemorySegment callState) throws Throwable;
    }

    /**
     * Runs a native call and turns a negative result into an {@link ErrnoException}. A body that
     * handles an errno itself returns {@link Long#MIN_VALUE}, which is passed through.
     */
    private static long call(String call, String subject, NativeCall body) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            long rc = body.invoke(arena, state);
            if (rc < 0 && rc != Long.MIN_VALUE) throw new ErrnoException(call, subject, errno(state));
            return rc;
        } catch (ErrnoException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("native call " + call + " failed unexpectedly", t);
        }
    }
}
