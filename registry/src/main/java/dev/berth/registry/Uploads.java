package dev.berth.registry;

import dev.berth.content.ContentStore;
import dev.berth.content.Writer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Blob upload sessions: each an ingest of the content store (a file under {@code ingest/}) that the requests of one
 * upload append to, in order, and that the closing PUT commits once its digest is verified. Sessions live in this
 * process: after a restart the ingests are removed and a client starts its upload again (the spec's 404
 * BLOB_UPLOAD_UNKNOWN). Sessions idle longer than the timeout are dropped when the next one starts; at most
 * {@link #MAX_SESSIONS} are open at once (429 TOOMANYREQUESTS beyond).
 */
final class Uploads {

    /** One upload; its lock is held by the request working on it. */
    static final class Upload {
        final String id;
        final String repository;
        final Writer writer;
        final ReentrantLock lock = new ReentrantLock();
        volatile Instant lastUsed;

        Upload(String id, String repository, Writer writer, Instant now) {
            this.id = id;
            this.repository = repository;
            this.writer = writer;
            this.lastUsed = now;
        }
    }

    /** Uploads in progress at most. */
    static final int MAX_SESSIONS = 1024;

    private final ContentStore content;
    private final Clock clock;
    private final Duration idleTimeout;
    private final Map<String, Upload> sessions = new ConcurrentHashMap<>();

    Uploads(ContentStore content, Clock clock, Duration idleTimeout) {
        this.content = content;
        this.clock = clock;
        this.idleTimeout = idleTimeout;
    }

    Upload start(String repository) {
        expireIdle();
        if (sessions.size() >= MAX_SESSIONS) { // each holds an open file: a flood of POSTs must not exhaust them
            throw new RegistryError(ErrorCode.TOOMANYREQUESTS, "too many uploads in progress (" + MAX_SESSIONS
                    + "); finish or cancel some, or wait for idle ones to expire");
        }
        Upload u = new Upload(UUID.randomUUID().toString(), repository, content.writer(), clock.instant());
        sessions.put(u.id, u);
        return u;
    }

    /** The session, if it exists and belongs to {@code repository}. */
    Optional<Upload> find(String id, String repository) {
        Upload u = sessions.get(id);
        return u != null && u.repository.equals(repository) ? Optional.of(u) : Optional.empty();
    }

    /** Ends a session (committed or cancelled): its ingest is discarded unless it was committed. */
    void end(Upload u) {
        sessions.remove(u.id, u);
        u.writer.close();
    }

    int size() {
        return sessions.size();
    }

    /** Drops sessions nobody used for the idle timeout (and that no request holds). */
    void expireIdle() {
        Instant cutoff = clock.instant().minus(idleTimeout);
        for (Upload u : sessions.values()) {
            if (u.lastUsed.isBefore(cutoff) && u.lock.tryLock()) {
                try {
                    end(u);
                } finally {
                    u.lock.unlock();
                }
            }
        }
    }

    /** Ends every session (server shutdown). */
    void closeAll() {
        sessions.values().forEach(this::end);
    }
}
