package dev.berth.registry;

import dev.berth.content.Info;
import dev.berth.http.Request;
import dev.berth.http.Response;
import dev.berth.oci.Digest;
import dev.berth.oci.MediaTypes;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Lock;

/** Manifests by tag or digest: pull with content negotiation, push with checks, delete. */
final class ManifestsApi {
    private final RegistryStore store;
    private final int maxBytes;
    private final Clock clock;

    ManifestsApi(RegistryStore store, int maxBytes, Clock clock) {
        this.store = store;
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    /**
     * GET and HEAD. The manifest goes out as pushed, if the client's Accept allows its type; an index fetched by tag
     * by a client that accepts no index is answered with its linux/amd64 manifest, as the CNCF registry does; otherwise
     * 404 MANIFEST_UNKNOWN says why.
     */
    void get(Request req, Response res) throws IOException {
        String name = RegistryApi.repository(req);
        String reference = req.pathParam("reference");
        Digest digest = resolve(name, reference);
        RegistryStore.StoredManifest stored = store.manifest(name, digest).orElseThrow(() -> manifestUnknown(name, reference));
        Set<String> accepted = accepted(req);
        RegistryStore.StoredManifest m = stored;
        if (!acceptable(accepted, stored.mediaType())) {
            Optional<RegistryStore.StoredManifest> platform = MediaTypes.isIndex(stored.mediaType())
                    && !Names.looksLikeDigest(reference) ? linuxAmd64(name, stored, accepted) : Optional.empty();
            m = platform.orElseThrow(() -> new RegistryError(ErrorCode.MANIFEST_UNKNOWN, "the manifest is a "
                    + stored.mediaType() + ", which the request's Accept header does not allow",
                    Map.of("tag", Names.shorten(reference))));
        }
        res.header("Docker-Content-Digest", m.digest().toString()).header("ETag", "\"" + m.digest() + "\"");
        res.send(200, m.mediaType(), m.bytes());
    }

    private Optional<RegistryStore.StoredManifest> linuxAmd64(String name, RegistryStore.StoredManifest index, Set<String> accepted) {
        ManifestDoc doc = ManifestDoc.parse(index.mediaType(), index.bytes());
        for (ManifestDoc.Ref child : doc.manifests()) {
            var p = child.platform();
            if (p != null && "linux".equals(p.path("os").asText()) && "amd64".equals(p.path("architecture").asText())
                    && acceptable(accepted, child.mediaType())) {
                return store.manifest(name, child.digest());
            }
        }
        return Optional.empty();
    }

    /** The media types of the Accept headers (several headers, comma-separated lists, parameters dropped). */
    private static Set<String> accepted(Request req) {
        Set<String> types = new LinkedHashSet<>();
        for (String header : req.headerValues("Accept")) {
            for (String part : header.split(",")) {
                String t = ManifestDoc.baseType(part);
                if (!t.isEmpty()) types.add(t);
            }
        }
        return types;
    }

    private static boolean acceptable(Set<String> accepted, String mediaType) {
        if (accepted.isEmpty() || accepted.contains("*/*") || accepted.contains(mediaType.toLowerCase(Locale.ROOT))) return true;
        int slash = mediaType.indexOf('/');
        return slash > 0 && accepted.contains(mediaType.substring(0, slash + 1) + "*");
    }

    /** PUT by tag, or by digest with optional {@code ?tag=} parameters. */
    void put(Request req, Response res) throws IOException {
        String name = RegistryApi.repository(req);
        String reference = req.pathParam("reference");
        Digest byDigest = null;
        List<String> tags = new ArrayList<>();
        if (Names.looksLikeDigest(reference)) {
            byDigest = Names.digest(reference);
            for (String t : req.queryAll("tag")) tags.add(checkTag(t));
        } else {
            tags.add(checkTag(reference));
        }
        byte[] body = body(req);
        ManifestDoc doc = ManifestDoc.parse(req.header("Content-Type").orElse(""), body);
        Digest digest = Digest.of(body);
        if (byDigest != null && !byDigest.equals(digest)) {
            throw new RegistryError(ErrorCode.DIGEST_INVALID, "the manifest's digest is " + digest + ", not " + byDigest
                    + " as its URL says", Map.of("digest", byDigest.toString()));
        }
        Lock shared = store.gcLock().readLock();
        shared.lock();
        try {
            checkReferences(name, doc);
            store.touch(digest, clock.instant());
            store.putManifest(name, body, doc, tags);
        } finally {
            shared.unlock();
        }
        res.header("Location", "/v2/" + name + "/manifests/" + digest).header("Docker-Content-Digest", digest.toString());
        if (doc.subject() != null) res.header("OCI-Subject", doc.subject().toString());
        if (byDigest != null && !tags.isEmpty()) res.header("OCI-Tag", String.join(", ", tags));
        res.noContent(201);
    }

    private byte[] body(Request req) throws IOException {
        if (req.contentLength().isPresent() && req.contentLength().getAsLong() > maxBytes) throw tooLarge();
        byte[] body = req.body().readNBytes(maxBytes + 1);
        if (body.length > maxBytes) throw tooLarge();
        return body;
    }

    private RegistryError tooLarge() {
        return new RegistryError(ErrorCode.MANIFEST_INVALID, 413, "manifest too large: at most " + maxBytes
                + " bytes are accepted", Map.of("limit", maxBytes));
    }

    /** An image manifest's blobs must be in the repository with the sizes it says; an index's manifests too. */
    private void checkReferences(String name, ManifestDoc doc) {
        for (ManifestDoc.Ref ref : doc.blobs()) {
            Optional<Info> blob = store.blob(name, ref.digest());
            if (blob.isEmpty()) {
                if (ref.external()) continue; // a foreign layer, fetched from its urls
                throw new RegistryError(ErrorCode.MANIFEST_BLOB_UNKNOWN, "blob " + ref.digest()
                        + " is not in repository " + name + "; push it before the manifest", Map.of("digest", ref.digest().toString()));
            }
            if (blob.get().size() != ref.size()) {
                throw new RegistryError(ErrorCode.MANIFEST_INVALID, "the manifest says blob " + ref.digest() + " has "
                        + ref.size() + " bytes, it has " + blob.get().size(), Map.of("digest", ref.digest().toString()));
            }
        }
        for (ManifestDoc.Ref ref : doc.manifests()) {
            if (!store.hasManifest(name, ref.digest())) {
                throw new RegistryError(ErrorCode.MANIFEST_BLOB_UNKNOWN, "manifest " + ref.digest()
                        + " is not in repository " + name + "; push it before the index", Map.of("digest", ref.digest().toString()));
            }
        }
    }

    /** DELETE by digest (the manifest and its tags) or by tag (the tag only). */
    void delete(Request req, Response res) throws IOException {
        String name = RegistryApi.repository(req);
        String reference = req.pathParam("reference");
        boolean deleted;
        if (Names.looksLikeDigest(reference)) {
            deleted = store.deleteManifest(name, Names.digest(reference));
        } else {
            deleted = store.deleteTag(name, checkTag(reference));
        }
        if (!deleted) throw manifestUnknown(name, reference);
        res.noContent(202);
    }

    /** The digest a tag or digest reference names in the repository. */
    private Digest resolve(String name, String reference) {
        if (Names.looksLikeDigest(reference)) {
            Digest d = Names.digest(reference);
            if (!store.hasManifest(name, d)) throw manifestUnknown(name, reference);
            return d;
        }
        if (!Names.isTag(reference)) throw manifestUnknown(name, reference);
        return store.tag(name, reference).orElseThrow(() -> manifestUnknown(name, reference));
    }

    private static String checkTag(String tag) {
        if (!Names.isTag(tag)) {
            throw new RegistryError(ErrorCode.MANIFEST_INVALID, "invalid tag (want [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127})",
                    Map.of("tag", Names.shorten(tag)));
        }
        return tag;
    }

    private RegistryError manifestUnknown(String name, String reference) {
        if (!store.repositoryExists(name)) return RegistryApi.nameUnknown(name);
        return new RegistryError(ErrorCode.MANIFEST_UNKNOWN, "manifest unknown to registry",
                Map.of(Names.looksLikeDigest(reference) ? "digest" : "tag", Names.shorten(reference)));
    }
}
