package dev.berth.client;

import dev.berth.api.ContainerPathStat;
import dev.berth.client.transport.HttpResponse;
import java.io.InputStream;

/**
 * {@code GET /containers/{id}/archive}: the stat of the requested path (from the
 * {@code X-Docker-Container-Path-Stat} header) and a tar stream of it. Closing ends the request.
 */
public final class ArchiveResponse implements AutoCloseable {
    private final ContainerPathStat stat;
    private final HttpResponse response;

    ArchiveResponse(ContainerPathStat stat, HttpResponse response) {
        this.stat = stat;
        this.response = response;
    }

    public ContainerPathStat stat() {
        return stat;
    }

    /** The tar archive: one entry named after the path's base name (and, for a directory, its contents). */
    public InputStream tar() {
        return response.body();
    }

    @Override
    public void close() {
        response.close();
    }
}
