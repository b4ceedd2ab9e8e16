package dev.berth.network;

import dev.berth.common.linux.ErrnoException;
import dev.berth.common.linux.Libc;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Persistent network namespaces, as {@code ip netns add} makes them: a new namespace held by a
 * bind mount of its nsfs file onto a plain file, so that it outlives every process in it (and berthd).
 * A container joins it by path; CNI plugins configure it by path.
 */
public final class NetNs {
    private NetNs() {}

    /**
     * Makes a new network namespace held at {@code file} (which must not exist), with its loopback
     * interface up (what CNI's loopback plugin does, without a process). The namespace is
     * made on a platform thread of its own, which {@code unshare(2)}s, bind-mounts its own
     * {@code /proc/thread-self/ns/net} and ends: no other thread of the daemon changes namespace.
     */
    public static void create(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        try {
            Files.createFile(file);
        } catch (FileAlreadyExistsException e) {
            throw new FileAlreadyExistsException(file.toString(), null, "network namespace file exists already");
        }
        AtomicReference<IOException> failure = new AtomicReference<>();
        Thread t = Thread.ofPlatform().name("netns-create").start(() -> {
            try {
                Libc.unshare(Libc.CLONE_NEWNET);
                Libc.interfaceUp("lo");
                Libc.mount("/proc/thread-self/ns/net", file, "none", Libc.MS_BIND, null);
            } catch (IOException e) {
                failure.set(e);
            }
        });
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while making network namespace " + file, e);
        }
        if (failure.get() != null) {
            Files.deleteIfExists(file);
            throw failure.get();
        }
    }

    /** Releases the namespace held at {@code file} and deletes the file; nothing to do when it is gone. */
    public static void remove(Path file) throws IOException {
        if (!Files.exists(file)) return;
        try {
            Libc.umount2(file, Libc.MNT_DETACH);
        } catch (IOException e) {
            if (!isNotMounted(e)) throw e;
        }
        Files.deleteIfExists(file);
    }

    private static boolean isNotMounted(IOException e) {
        return e instanceof ErrnoException errno && errno.errno() == Libc.EINVAL;
    }
}
