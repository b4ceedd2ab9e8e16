package dev.berth.engine.system;

import dev.berth.common.AtomicFiles;
import dev.berth.common.Ids;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the daemon says about itself: its identity, where it keeps data, and the host it runs on. */
public final class SystemService {
    private final HostInfo host;
    private final Path dataRoot;
    private final String daemonId;
    private final String defaultRuntime;

    public SystemService(HostInfo host, Path dataRoot, String defaultRuntime) {
        this.host = host;
        this.dataRoot = dataRoot;
        this.defaultRuntime = defaultRuntime;
        this.daemonId = loadOrCreateId(dataRoot.resolve("engine-id"));
    }

    public HostInfo host() { return host; }
    public Path dataRoot() { return dataRoot; }
    public String daemonId() { return daemonId; }
    public String defaultRuntime() { return defaultRuntime; }

    private static String loadOrCreateId(Path file) {
        try {
            if (Files.exists(file)) return Files.readString(file).trim();
            String id = Ids.newId();
            AtomicFiles.write(file, id.getBytes(StandardCharsets.US_ASCII));
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read daemon id " + file, e);
        }
    }
}
