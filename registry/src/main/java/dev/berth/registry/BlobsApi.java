package dev.berth.registry;

import dev.berth.common.EngineException;
import dev.berth.content.Info;
import dev.berth.http.Request;
import dev.berth.http.Response;
import dev.berth.oci.Digest;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Blob reads and deletes, and uploads: monolithic, chunked, cross-repository mounts. */
final class BlobsApi {
    private static final Pattern CONTENT_RANGE = Pattern.compile("(?:bytes[ =])?([0-9]{1,18})-([0-9]{1,18})(?:/(?:[0-9]+|\\*))?");
    private static final Pattern RANGE = Pattern.compile("bytes=([0-9]{0,18})-([0-9]{0,18})");

    private final RegistryStore store;
    private final Uploads uploads;
    private final Clock clock;

    BlobsApi(RegistryStore store, Uploads uploads, Clock clock) {
        this.store = store;
        this.uploads = uploads;
        this.clock = clock;
    }

    // ---- blobs ----

    /** GET and HEAD, with a single-range {@code Range} answered by 206 (or 416 beyond the end). */
    void get(Request req, Response res) throws IOException {
        String name = RegistryApi.repository(req);
        Digest digest = Names.digest(req.pathParam("digest"));
        Info info = store.blob(name, digest).orElseThrow(() -> blobUnknown(digest));
        store.touch(digest, clock.instant());
        long size = info.size();
        long start = 0;
        long end = size - 1;
        int status = 200;
        Optional<long[]> range = req.header("Range").flatMap(r -> range(r, size));
        if (range.isPresent()) {
            if (range.get()[0] >= size) {
                res.header("Content-Range", "bytes */" + size);
                throw new RegistryError(ErrorCode.SIZE_INVALID, 416, "requested range not satisfiable",
                        Map.of("size", size));
            }
            start = range.get()[0];
            end = range.get()[1];
            status = 206;
            res.header("Content-Range", "bytes " + start + "-" + end + "/" + size);
        }
        res.header("Docker-Content-Digest", digest.toString())
                .header("ETag", "\"" + digest + "\"")
                .header("Accept-Ranges", "bytes")
                .header("Cache-Control", "max-age=31536000");
        try {
            res.sendFile(status, "application/octet-stream", store.blobFile(digest), start, end - start + 1);
        } catch (NoSuchFileException gone) { // deleted by a garbage collection since
            throw blobUnknown(digest);
        }
    }

    /** {@code bytes=a-b}, {@code bytes=a-} or {@code bytes=-n} as [first, last]; anything else is ignored (200). */
    private static Optional<long[]> range(String header, long size) {
        Matcher m = RANGE.matcher(header.strip());
        if (!m.matches() || m.group(1).isEmpty() && m.group(2).isEmpty()) return Optional.empty();
        if (m.group(1).isEmpty()) { // suffix
            long n = Long.parseLong(m.group(2));
            if (n == 0) return Optional.of(new long[] {size, size});
            return Optional.of(new long[] {Math.max(0, size - n), size - 1});
        }
        long first = Long.parseLong(m.group(1));
        long last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
        if (last < first && first < size) return Optional.empty();
        return Optional.of(new long[] {first, last});
    }

    void delete(Request req, Response res) throws IOException {
        String name = RegistryApi.repository(req);
        Digest digest = Names.digest(req.pathParam("digest"));
        if (!store.unlink(name, digest)) throw blobUnknown(digest);
        res.header("Docker-Content-Digest", digest.toString());
        res.noContent(202);
    }

    // ---- uploads ----

    /** POST: a mount ({@code ?mount=&from=}), a monolithic upload ({@code ?digest=}), or a new session. */
    void startUpload(Request req, Response res) throws IOException {
        String name = RegistryApi.repository(req);
        Optional<String> mount = req.query("mount").filter(s -> !s.isEmpty());
        if (mount.isPresent()) {
            Digest digest = Names.digest(mount.get());
            Optional<String> from = req.query("from").filter(s -> !s.isEmpty());
            if (from.isPresent() && mounted(Names.repository(from.get()), name, digest)) {
                created(res, name, digest);
                return;
            }
            // not mountable: an ordinary upload session instead, as the spec says
        } else if (req.query("digest").isPresent()) {
            Digest digest = Names.digest(req.query("digest").get());
            Uploads.Upload upload = uploads.start(name);
            try {
                upload.writer.copyFrom(req.body());
                commit(upload, name, digest);
            } finally {
                uploads.end(upload);
            }
            created(res, name, digest);
            return;
        }
        Uploads.Upload upload = uploads.start(name);
        progress(res, upload, name);
        res.noContent(202);
    }

    private boolean mounted(String from, String name, Digest digest) {
        Lock shared = store.gcLock().readLock();
        shared.lock();
        try {
            if (store.blob(from, digest).isEmpty()) return false;
            store.touch(digest, clock.instant());
            store.link(name, digest);
            return true;
        } finally {
            shared.unlock();
        }
    }

    /** PATCH: appends a chunk; with Content-Range it must start where the upload is (else 416). */
    void patch(Request req, Response res) throws Exception {
        String name = RegistryApi.repository(req);
        Uploads.Upload upload = session(req, name);
        try {
            append(req, res, upload, name);
            progress(res, upload, name);
            res.noContent(202);
        } finally {
            upload.lock.unlock();
        }
    }

    /** PUT: the optional last chunk, then the digest check and the commit. */
    void finish(Request req, Response res) throws Exception {
        String name = RegistryApi.repository(req);
        Uploads.Upload upload = session(req, name);
        try {
            Digest digest = Names.digest(req.query("digest").orElse(""));
            if (req.contentLength().isEmpty() || req.contentLength().getAsLong() > 0) append(req, res, upload, name);
            try {
                commit(upload, name, digest);
            } finally {
                uploads.end(upload);
            }
            created(res, name, digest);
        } finally {
            upload.lock.unlock();
        }
    }

    /** GET: where the upload is. */
    void status(Request req, Response res) throws Exception {
        String name = RegistryApi.repository(req);
        Uploads.Upload upload = session(req, name);
        try {
            progress(res, upload, name);
            res.noContent(204);
        } finally {
            upload.lock.unlock();
        }
    }

    /** DELETE: drops the upload and its bytes. */
    void cancel(Request req, Response res) throws Exception {
        String name = RegistryApi.repository(req);
        Uploads.Upload upload = session(req, name);
        try {
            uploads.end(upload);
            res.noContent(204);
        } finally {
            upload.lock.unlock();
        }
    }

    /** The session of the request, locked: one request at a time works on an upload. */
    private Uploads.Upload session(Request req, String name) throws InterruptedException {
        String id = req.pathParam("uuid");
        Uploads.Upload upload = uploads.find(id, name).orElseThrow(() -> uploadUnknown(id));
        if (!upload.lock.tryLock(10, TimeUnit.SECONDS)) {
            throw new RegistryError(ErrorCode.BLOB_UPLOAD_INVALID, "another request is writing to this upload",
                    Map.of("uuid", id));
        }
        if (uploads.find(id, name).isEmpty()) { // ended while we waited
            upload.lock.unlock();
            throw uploadUnknown(id);
        }
        upload.lastUsed = clock.instant();
        return upload;
    }

    private void append(Request req, Response res, Uploads.Upload upload, String name) throws IOException {
        long offset = upload.writer.size();
        long expected = -1;
        Optional<String> contentRange = req.header("Content-Range");
        if (contentRange.isPresent()) {
            Matcher m = CONTENT_RANGE.matcher(contentRange.get().strip());
            long first = m.matches() ? Long.parseLong(m.group(1)) : -1;
            long last = m.matches() ? Long.parseLong(m.group(2)) : -1;
            expected = last - first + 1;
            boolean lengthOk = req.contentLength().isEmpty() || req.contentLength().getAsLong() == expected;
            if (first != offset || last < first || !lengthOk) {
                progress(res, upload, name);
                throw new RegistryError(ErrorCode.BLOB_UPLOAD_INVALID, 416, "chunk out of order: the upload has "
                        + offset + " bytes, the chunk's Content-Range is " + Names.shorten(contentRange.get()),
                        Map.of("offset", offset));
            }
        }
        long n = upload.writer.copyFrom(req.body());
        upload.lastUsed = clock.instant();
        if (expected >= 0 && n != expected) {
            uploads.end(upload);
            throw new RegistryError(ErrorCode.SIZE_INVALID, "the chunk has " + n + " bytes, its Content-Range says "
                    + expected + "; the upload is cancelled", Map.of("size", n));
        }
    }

    /** Verifies and commits the upload, and links the blob into the repository. */
    private void commit(Uploads.Upload upload, String name, Digest digest) {
        Lock shared = store.gcLock().readLock();
        shared.lock();
        try {
            store.touch(digest, clock.instant());
            try {
                upload.writer.commit(-1, digest);
            } catch (EngineException.InvalidArgument mismatch) {
                throw new RegistryError(ErrorCode.DIGEST_INVALID, "provided digest did not match uploaded content ("
                        + mismatch.getMessage() + ")", Map.of("digest", digest.toString()));
            }
            store.link(name, digest);
        } finally {
            shared.unlock();
        }
    }

    private static void created(Response res, String name, Digest digest) throws IOException {
        res.header("Location", "/v2/" + name + "/blobs/" + digest)
                .header("Docker-Content-Digest", digest.toString());
        res.noContent(201);
    }

    /** Location, Range and Docker-Upload-UUID of an upload in progress. */
    private static void progress(Response res, Uploads.Upload upload, String name) {
        long size = upload.writer.size();
        res.header("Location", "/v2/" + name + "/blobs/uploads/" + upload.id)
                .header("Range", "0-" + Math.max(0, size - 1))
                .header("Docker-Upload-UUID", upload.id);
    }


    private static RegistryError blobUnknown(Digest digest) {
        return new RegistryError(ErrorCode.BLOB_UNKNOWN, "blob unknown to registry", Map.of("digest", digest.toString()));
    }

    private static RegistryError uploadUnknown(String id) {
        return new RegistryError(ErrorCode.BLOB_UPLOAD_UNKNOWN, "blob upload unknown to registry",
                Map.of("uuid", Names.shorten(id)));
    }
}
