package dev.berth.runtime.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads {@code /proc} and {@code /sys} files. Not with {@link Files#readString}: these files report
 * size 0, the JDK then reads a single byte first, and some sysctl handlers answer a short read
 * with a truncated value and end of file ({@code /proc/sys/kernel/cap_last_cap} reads as "4"
 * instead of "40"). One large read gets the whole value.
 */
public final class KernelFiles {
    private KernelFiles() {}

    public static String read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
