package dev.berth.cli.command;

import dev.berth.cli.BerthCommand;
import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.cli.Flag;
import dev.berth.cli.Flags;
import dev.berth.cli.Invocation;
import dev.berth.oci.Digest;
import dev.berth.registry.GarbageCollector;
import dev.berth.registry.RegistryStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code berth registry gc --root DIR}: removes the blobs no manifest references from a registry's storage. It runs
 * offline: the storage is locked by the registry serving it, so stop that registry first (the command says so).
 */
public final class RegistryGcCommand implements BerthCommand {
    static final Flags FLAGS = new Flags()
            .value(null, "root", Flag.Type.STRING, "Storage directory of the registry")
            .bool(null, "dry-run", "Only list the blobs that would be removed")
            .args(0);

    @Override
    public Flags flags() {
        return FLAGS;
    }

    @Override
    public int run(CliContext ctx, Invocation in) {
        String rootFlag = in.string("root");
        if (rootFlag == null || rootFlag.isEmpty()) throw new CliException("berth registry gc: --root DIR is required");
        Path root = ctx.cwd().resolve(rootFlag).normalize();
        if (!Files.isDirectory(root.resolve("repositories"))) {
            throw new CliException("berth registry gc: " + root + " is not a registry's storage (no repositories/ in it)");
        }
        boolean dryRun = in.bool("dry-run");
        GarbageCollector.Result r;
        try (RegistryStore store = RegistryStore.open(root)) {
            r = GarbageCollector.collect(store, ctx.now(), Duration.ZERO, dryRun);
        } catch (IOException e) {
            throw new CliException("berth registry gc: " + e.getMessage() + "; stop it first, gc runs offline");
        }
        for (Digest d : r.blobsRemoved()) ctx.out().println((dryRun ? "would remove " : "removed ") + d);
        ctx.out().println((dryRun ? "would free " : "freed ") + r.bytesFreed() + " bytes in " + r.blobsRemoved().size()
                + " blobs; " + r.blobsKept() + " blobs in use");
        return 0;
    }
}
