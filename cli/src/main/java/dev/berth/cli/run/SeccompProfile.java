package dev.berth.cli.run;

import dev.berth.cli.format.JsonIndent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** {@code --security-opt seccomp=FILE}: docker sends the profile's content, compacted, instead of the path. */
final class SeccompProfile {
    private SeccompProfile() {}

    static String compact(String file) {
        String text;
        try {
            text = Files.readString(Path.of(file));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("opening seccomp profile (" + file + ") failed: open " + file
                    + ": no such file or directory");
        } catch (IOException e) {
            throw new IllegalArgumentException("opening seccomp profile (" + file + ") failed: " + e.getMessage());
        }
        try {
            dev.berth.client.JsonTree.parse(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("compacting json for seccomp profile (" + file + ") failed: " + e.getMessage());
        }
        return JsonIndent.compact(text);
    }
}
