package dev.berth.runtime.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** A minimal root filesystem from the host's static busybox: {@code bin/busybox}, its applets as symlinks, {@code /etc/passwd}. */
public final class BusyboxRootfs {
    public static final Path BUSYBOX = Path.of("/bin/busybox");

    private BusyboxRootfs() {}

    public static Path create(Path dir) throws IOException, InterruptedException {
        if (!Files.isExecutable(BUSYBOX)) throw new IllegalStateException("the runtime tests need busybox-static at " + BUSYBOX);
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.copy(BUSYBOX, bin.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
        Process p = new ProcessBuilder(BUSYBOX.toString(), "--list").start();
        String applets = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IllegalStateException("busybox --list failed");
        for (String a : applets.split("\n")) {
            if (!a.isBlank() && !a.equals("busybox")) Files.createSymbolicLink(bin.resolve(a.strip()), Path.of("busybox"));
        }
        Path etc = Files.createDirectories(dir.resolve("etc"));
        Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\nuser:x:1000:1000:user:/home/user:/bin/sh\n");
        Files.writeString(etc.resolve("group"), "root:x:0:\ntty:x:5:\nnobody:x:65534:\nuser:x:1000:\n");
        for (String d : new String[] {"proc", "sys", "dev", "root", "home/user", "mnt", "sbin"}) Files.createDirectories(dir.resolve(d));
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setAttribute(tmp, "unix:mode", 01777);
        return dir;
    }
}
