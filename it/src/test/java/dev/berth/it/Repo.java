package dev.berth.it;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the berth checkout is: {@code -Dberth.root=DIR} (failsafe sets it), else found upwards from the working dir. */
public final class Repo {
    private static volatile Path root;

    private Repo() {}

    public static Path root() {
        Path r = root;
        if (r == null) {
            r = locate();
            root = r;
        }
        return r;
    }

    public static Path script(String name) {
        return root().resolve("scripts").resolve(name);
    }

    /** Directory for logs kept after a run (daemon logs...): {@code -Dit.logs.dir}, else {@code it/target/it-logs}. */
    public static Path logsDir() {
        String p = System.getProperty("it.logs.dir");
        return p != null ? Path.of(p) : root().resolve("it/target/it-logs");
    }

    private static Path locate() {
        String prop = System.getProperty("berth.root");
        if (prop != null && !prop.isBlank()) {
            Path p = Path.of(prop).toAbsolutePath().normalize();
            if (!Files.isRegularFile(p.resolve("scripts/mvn"))) {
                throw new AssertionError("-Dberth.root=" + prop + " is not a berth checkout (no scripts/mvn)");
            }
            return p;
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("scripts/mvn")) && Files.isDirectory(p.resolve("it"))) {
                return p;
            }
        }
        throw new AssertionError("cannot find the berth checkout above " + Path.of("").toAbsolutePath()
                + ": pass -Dberth.root=DIR");
    }
}
