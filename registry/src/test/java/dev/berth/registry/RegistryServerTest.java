package dev.berth.registry;

import static dev.berth.registry.Http.errorCode;
import static dev.berth.registry.Http.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.http.ListenAddress;
import dev.berth.oci.Digest;
import dev.berth.registry.TestImages.Blob;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The distribution API on the wire (loopback TCP, JDK client): the spec's flows, and garbage refused. */
class RegistryServerTest {
    @TempDir
    Path dir;
    Path root;

    RegistryServer server;
    Http http;

    @BeforeEach
    void start() throws Exception {
        root = dir.resolve("root");
        server = RegistryServer.start(RegistryConfig.of(ListenAddress.parse("127.0.0.1:0"), root).withMaxManifestBytes(64 * 1024));
        http = new Http(server.url());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A monolithic upload: POST ?digest= with the bytes. */
    HttpResponse<byte[]> push(String repo, Blob blob) throws Exception {
        return http.send("POST", "/v2/" + repo + "/blobs/uploads/?digest=" + blob.digest(), blob.bytes(),
                "Content-Type", "application/octet-stream");
    }

    HttpResponse<byte[]> putManifest(String repo, String ref, byte[] manifest) throws Exception {
        return http.send("PUT", "/v2/" + repo + "/manifests/" + ref, manifest,
                "Content-Type", "application/vnd.oci.image.manifest.v1+json");
    }

    /** Pushes a config and a layer and a manifest tagged {@code tag}; returns the manifest. */
    byte[] image(String repo, String tag, String seed) throws Exception {
        Blob config = Blob.of("{\"config\":\"" + seed + "\"}");
        Blob layer = Blob.of("layer " + seed);
        assertEquals(201, push(repo, config).statusCode());
        assertEquals(201, push(repo, layer).statusCode());
        byte[] m = TestImages.manifest(config, layer);
        assertEquals(201, putManifest(repo, tag, m).statusCode());
        return m;
    }

    @Test
    void baseEndpointAnswersWithTheApiVersionHeader() throws Exception {
        HttpResponse<byte[]> r = http.get("/v2/");
        assertEquals(200, r.statusCode());
        assertEquals("registry/2.0", r.headers().firstValue("Docker-Distribution-Api-Version").orElseThrow());
        assertEquals(200, http.get("/v2").statusCode());
    }

    @Test
    void monolithicUploadThenHeadGetAndRange() throws Exception {
        Blob b = Blob.of("hello registry");
        HttpResponse<byte[]> put = push("a/b", b);
        assertEquals(201, put.statusCode());
        assertEquals("/v2/a/b/blobs/" + b.digest(), put.headers().firstValue("Location").orElseThrow());
        assertEquals(b.digest().toString(), put.headers().firstValue("Docker-Content-Digest").orElseThrow());

        HttpResponse<byte[]> head = http.send("HEAD", "/v2/a/b/blobs/" + b.digest(), null);
        assertEquals(200, head.statusCode());
        assertEquals(String.valueOf(b.bytes().length), head.headers().firstValue("Content-Length").orElseThrow());
        assertEquals(0, head.body().length);
        assertArrayEquals(b.bytes(), http.get("/v2/a/b/blobs/" + b.digest()).body());

        HttpResponse<byte[]> range = http.get("/v2/a/b/blobs/" + b.digest(), "Range", "bytes=6-");
        assertEquals(206, range.statusCode());
        assertEquals("registry", new String(range.body(), StandardCharsets.UTF_8));
        assertEquals("bytes 6-13/14", range.headers().firstValue("Content-Range").orElseThrow());
        assertEquals(416, http.get("/v2/a/b/blobs/" + b.digest(), "Range", "bytes=99-").statusCode());

        HttpResponse<byte[]> other = http.get("/v2/c/d/blobs/" + b.digest());
        assertEquals(404, other.statusCode(), "a blob is served only by the repositories that link it");
        assertEquals("BLOB_UNKNOWN", errorCode(other));
    }

    @Test
    void postThenPutIsAMonolithicUploadToo() throws Exception {
        Blob b = Blob.of("two steps");
        HttpResponse<byte[]> post = http.send("POST", "/v2/x/blobs/uploads/", null);
        assertEquals(202, post.statusCode());
        assertTrue(post.headers().firstValue("Docker-Upload-UUID").isPresent());
        HttpResponse<byte[]> put = http.send("PUT", http.location(post) + "?digest=" + b.digest(), b.bytes(),
                "Content-Type", "application/octet-stream");
        assertEquals(201, put.statusCode());
        assertArrayEquals(b.bytes(), http.get("/v2/x/blobs/" + b.digest()).body());
    }

    @Test
    void chunkedUploadInOrderWithStatusAndOutOfOrderChunksRefused() throws Exception {
        byte[] all = new byte[300_000];
        for (int i = 0; i < all.length; i++) all[i] = (byte) (i * 31);
        Digest digest = Digest.of(all);
        HttpResponse<byte[]> post = http.send("POST", "/v2/big/blobs/uploads/", null);
        String location = http.location(post);
        HttpResponse<byte[]> p1 = http.send("PATCH", location, Arrays.copyOfRange(all, 0, 100_000),
                "Content-Range", "0-99999", "Content-Type", "application/octet-stream");
        assertEquals(202, p1.statusCode());
        assertEquals("0-99999", p1.headers().firstValue("Range").orElseThrow());

        HttpResponse<byte[]> wrong = http.send("PATCH", http.location(p1), Arrays.copyOfRange(all, 200_000, 300_000),
                "Content-Range", "200000-299999", "Content-Type", "application/octet-stream");
        assertEquals(416, wrong.statusCode());
        assertEquals("BLOB_UPLOAD_INVALID", errorCode(wrong));

        HttpResponse<byte[]> status = http.get(http.location(p1));
        assertEquals(204, status.statusCode());
        assertEquals("0-99999", status.headers().firstValue("Range").orElseThrow());

        // a chunk without Content-Range (as Docker sends a streamed one) goes at the end
        HttpResponse<byte[]> p2 = http.send("PATCH", http.location(p1), Arrays.copyOfRange(all, 100_000, 200_000),
                "Content-Type", "application/octet-stream");
        assertEquals(202, p2.statusCode());
        HttpResponse<byte[]> done = http.send("PUT", http.location(p2) + "?digest=" + digest,
                Arrays.copyOfRange(all, 200_000, 300_000), "Content-Type", "application/octet-stream");
        assertEquals(201, done.statusCode());
        assertArrayEquals(all, http.get("/v2/big/blobs/" + digest).body());
        assertEquals(404, http.get(location).statusCode(), "the session is gone once committed");
    }

    @Test
    void aWrongDigestCommitsNothing() throws Exception {
        Blob b = Blob.of("the real bytes");
        Digest claimed = Digest.of("other bytes".getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> r = http.send("POST", "/v2/x/blobs/uploads/?digest=" + claimed, b.bytes());
        assertEquals(400, r.statusCode());
        assertEquals("DIGEST_INVALID", errorCode(r));
        assertEquals(404, http.send("HEAD", "/v2/x/blobs/" + claimed, null).statusCode());
        assertFalse(Files.exists(root.resolve("blobs/sha256").resolve(b.digest().hex())), "not stored under its real digest either");
        assertFalse(Files.exists(root.resolve("blobs/sha256").resolve(claimed.hex())));
        try (Stream<Path> ingest = Files.list(root.resolve("ingest"))) {
            assertEquals(0, ingest.count(), "the ingest was dropped");
        }
        for (String garbage : List.of("sha256:abc", "md5:d41d8cd98f00b204e9800998ecf8427e", "sha512:" + "a".repeat(128), "")) {
            HttpResponse<byte[]> g = http.send("POST", "/v2/x/blobs/uploads/?digest=" + garbage, b.bytes());
            assertEquals(400, g.statusCode(), garbage);
            assertEquals("DIGEST_INVALID", errorCode(g), garbage);
        }
    }

    @Test
    void crossRepositoryMountAndItsFallBackToAnUpload() throws Exception {
        Blob b = Blob.of("shared layer");
        push("src/repo", b);
        HttpResponse<byte[]> mounted = http.send("POST", "/v2/dst/repo/blobs/uploads/?mount=" + b.digest() + "&from=src/repo", null);
        assertEquals(201, mounted.statusCode());
        assertEquals("/v2/dst/repo/blobs/" + b.digest(), mounted.headers().firstValue("Location").orElseThrow());
        assertEquals(200, http.send("HEAD", "/v2/dst/repo/blobs/" + b.digest(), null).statusCode());

        HttpResponse<byte[]> notThere = http.send("POST", "/v2/third/blobs/uploads/?mount=" + b.digest() + "&from=nowhere", null);
        assertEquals(202, notThere.statusCode(), "an upload session instead");
        assertTrue(notThere.headers().firstValue("Location").orElseThrow().startsWith("/v2/third/blobs/uploads/"));
    }

    @Test
    void manifestsByTagAndDigestWithTheirChecks() throws Exception {
        byte[] m = image("app", "v1", "one");
        Digest d = Digest.of(m);
        HttpResponse<byte[]> byTag = http.get("/v2/app/manifests/v1", "Accept", "application/vnd.oci.image.manifest.v1+json");
        assertEquals(200, byTag.statusCode());
        assertArrayEquals(m, byTag.body());
        assertEquals(d.toString(), byTag.headers().firstValue("Docker-Content-Digest").orElseThrow());
        assertEquals("application/vnd.oci.image.manifest.v1+json", byTag.headers().firstValue("Content-Type").orElseThrow());
        assertArrayEquals(m, http.get("/v2/app/manifests/" + d).body());
        HttpResponse<byte[]> head = http.send("HEAD", "/v2/app/manifests/v1", null);
        assertEquals(String.valueOf(m.length), head.headers().firstValue("Content-Length").orElseThrow());

        Blob config = Blob.of("{}");
        push("app", config);
        Blob missing = Blob.of("never pushed");
        HttpResponse<byte[]> unknownBlob = putManifest("app", "v2", TestImages.manifest(config, missing));
        assertEquals(400, unknownBlob.statusCode());
        assertEquals("MANIFEST_BLOB_UNKNOWN", errorCode(unknownBlob));

        byte[] lying = TestImages.manifest(config).clone();
        String wrongSize = new String(lying, StandardCharsets.UTF_8).replace("\"size\":2", "\"size\":3");
        HttpResponse<byte[]> sized = putManifest("app", "v2", wrongSize.getBytes(StandardCharsets.UTF_8));
        assertEquals("MANIFEST_INVALID", errorCode(sized));

        HttpResponse<byte[]> byWrongDigest = putManifest("app", Digest.of("x".getBytes()).toString(), TestImages.manifest(config));
        assertEquals("DIGEST_INVALID", errorCode(byWrongDigest));

        for (String garbage : List.of("{not json", "[]", "{\"schemaVersion\":1,\"name\":\"x\"}", "{\"schemaVersion\":2}",
                "{\"schemaVersion\":2,\"config\":{\"digest\":\"sha256:zz\",\"size\":1,\"mediaType\":\"a/b\"}}",
                "{\"schemaVersion\":2,\"config\":" + TestImages.desc("a/b", config) + ",\"layers\":{}}",
                "{\"schemaVersion\":2,\"config\":" + TestImages.desc("a/b", config) + "} trailing")) {
            HttpResponse<byte[]> r = putManifest("app", "bad", garbage.getBytes(StandardCharsets.UTF_8));
            assertEquals(400, r.statusCode(), garbage);
            assertEquals("MANIFEST_INVALID", errorCode(r), garbage);
        }
        byte[] huge = ("{\"schemaVersion\":2,\"annotations\":{\"x\":\"" + "a".repeat(70 * 1024) + "\"}}").getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> tooBig = putManifest("app", "huge", huge);
        assertEquals(413, tooBig.statusCode());
        assertEquals("MANIFEST_INVALID", errorCode(tooBig));

        HttpResponse<byte[]> unknown = http.get("/v2/app/manifests/nope");
        assertEquals(404, unknown.statusCode());
        assertEquals("MANIFEST_UNKNOWN", errorCode(unknown));
        assertEquals("NAME_UNKNOWN", errorCode(http.get("/v2/nosuch/manifests/v1")));
        assertEquals(List.of("v1"), tags("app"));
    }

    @Test
    void anIndexNeedsItsManifestsAndAnswersAClientThatAcceptsNoIndexWithLinuxAmd64() throws Exception {
        byte[] amd = image("multi", "amd", "amd64");
        String index = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
                + "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + Digest.of(amd) + "\",\"size\":"
                + amd.length + ",\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}}]}";
        HttpResponse<byte[]> r = http.send("PUT", "/v2/multi/manifests/latest", index.getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/vnd.oci.image.index.v1+json");
        assertEquals(201, r.statusCode());
        HttpResponse<byte[]> plain = http.get("/v2/multi/manifests/latest", "Accept", "application/vnd.oci.image.manifest.v1+json");
        assertArrayEquals(amd, plain.body());
        HttpResponse<byte[]> full = http.get("/v2/multi/manifests/latest", "Accept",
                "application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json");
        assertEquals(index, new String(full.body(), StandardCharsets.UTF_8));

        String dangling = index.replace(Digest.of(amd).toString(), Digest.of("nothing".getBytes()).toString());
        HttpResponse<byte[]> bad = http.send("PUT", "/v2/multi/manifests/broken", dangling.getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/vnd.oci.image.index.v1+json");
        assertEquals("MANIFEST_BLOB_UNKNOWN", errorCode(bad));
    }

    @Test
    void tagListAndCatalogArePagedWithLinkHeaders() throws Exception {
        for (String t : List.of("b", "a", "c", "d")) image("paged", t, t);
        image("other/one", "x", "x");
        image("other/two", "x", "y");

        HttpResponse<byte[]> page1 = http.get("/v2/paged/tags/list?n=2");
        assertEquals(List.of("a", "b"), strings(json(page1).get("tags")));
        assertEquals("paged", json(page1).get("name").asText());
        String link = page1.headers().firstValue("Link").orElseThrow();
        assertEquals("</v2/paged/tags/list?last=b&n=2>; rel=\"next\"", link);
        HttpResponse<byte[]> page2 = http.get(link.substring(1, link.indexOf('>')));
        assertEquals(List.of("c", "d"), strings(json(page2).get("tags")));
        assertTrue(page2.headers().firstValue("Link").isEmpty());
        assertEquals(List.of("d"), strings(json(http.get("/v2/paged/tags/list?last=c")).get("tags")));
        assertEquals(List.of(), strings(json(http.get("/v2/paged/tags/list?n=0")).get("tags")));
        assertEquals("UNSUPPORTED", errorCode(http.get("/v2/paged/tags/list?n=-1")));
        assertEquals("NAME_UNKNOWN", errorCode(http.get("/v2/unknown/tags/list")));

        assertEquals(List.of("other/one", "other/two", "paged"), strings(json(http.get("/v2/_catalog")).get("repositories")));
        HttpResponse<byte[]> c1 = http.get("/v2/_catalog?n=1&last=other/one");
        assertEquals(List.of("other/two"), strings(json(c1).get("repositories")));
        assertEquals("</v2/_catalog?last=other%2Ftwo&n=1>; rel=\"next\"", c1.headers().firstValue("Link").orElseThrow());
    }

    @Test
    void deletesOfManifestsTagsAndBlobs() throws Exception {
        byte[] m = image("del", "v1", "del");
        Digest d = Digest.of(m);
        http.send("PUT", "/v2/del/manifests/v2", m, "Content-Type", "application/vnd.oci.image.manifest.v1+json");
        assertEquals(202, http.send("DELETE", "/v2/del/manifests/v2", null).statusCode());
        assertEquals(List.of("v1"), tags("del"));
        assertEquals(202, http.send("DELETE", "/v2/del/manifests/" + d, null).statusCode());
        assertEquals("MANIFEST_UNKNOWN", errorCode(http.get("/v2/del/manifests/v1")));
        assertEquals("MANIFEST_UNKNOWN", errorCode(http.get("/v2/del/manifests/" + d)));
        assertEquals(List.of(), tags("del"));
        assertEquals(404, http.send("DELETE", "/v2/del/manifests/" + d, null).statusCode());

        Blob b = Blob.of("deletable");
        push("del", b);
        HttpResponse<byte[]> del = http.send("DELETE", "/v2/del/blobs/" + b.digest(), null);
        assertEquals(202, del.statusCode());
        assertEquals("BLOB_UNKNOWN", errorCode(http.get("/v2/del/blobs/" + b.digest())));
        assertEquals(404, http.send("DELETE", "/v2/del/blobs/" + b.digest(), null).statusCode());
    }

    @Test
    void referrersListsTheManifestsWhoseSubjectIsTheDigestFilteredByArtifactType() throws Exception {
        byte[] subject = image("ref", "v1", "subject");
        Digest s = Digest.of(subject);
        Blob sbomConfig = Blob.of("{\"sbom\":true}");
        Blob sbom = Blob.of("sbom layer");
        push("ref", sbomConfig);
        push("ref", sbom);
        String artifact = new String(TestImages.manifest(sbomConfig, List.of(sbom), s, subject.length), StandardCharsets.UTF_8)
                .replace("\"mediaType\":\"application/vnd.oci.image.config.v1+json\"", "\"mediaType\":\"application/spdx+json\"");
        byte[] artifactBytes = artifact.getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> put = putManifest("ref", Digest.of(artifactBytes).toString(), artifactBytes);
        assertEquals(201, put.statusCode());
        assertEquals(s.toString(), put.headers().firstValue("OCI-Subject").orElseThrow());

        HttpResponse<byte[]> r = http.get("/v2/ref/referrers/" + s);
        assertEquals(200, r.statusCode());
        assertEquals("application/vnd.oci.image.index.v1+json", r.headers().firstValue("Content-Type").orElseThrow());
        var manifests = json(r).get("manifests");
        assertEquals(1, manifests.size());
        assertEquals(Digest.of(artifactBytes).toString(), manifests.get(0).get("digest").asText());
        assertEquals("application/spdx+json", manifests.get(0).get("artifactType").asText());
        assertEquals(artifactBytes.length, manifests.get(0).get("size").asLong());

        HttpResponse<byte[]> filtered = http.get("/v2/ref/referrers/" + s + "?artifactType=application/other");
        assertEquals(0, json(filtered).get("manifests").size());
        assertEquals("artifactType", filtered.headers().firstValue("OCI-Filters-Applied").orElseThrow());
        assertEquals(0, json(http.get("/v2/ref/referrers/" + Digest.of("none".getBytes()))).get("manifests").size());
        assertEquals(1, json(http.get("/v2/ref/referrers/" + s + "?artifactType=application/spdx%2Bjson")).get("manifests").size());

        assertEquals(202, http.send("DELETE", "/v2/ref/manifests/" + Digest.of(artifactBytes), null).statusCode());
        assertEquals(0, json(http.get("/v2/ref/referrers/" + s)).get("manifests").size());
    }

    @Test
    void badNamesAndPathTraversalAreRefused() throws Exception {
        Blob b = Blob.of("x");
        for (String name : List.of("UPPER", "a/../b", "a/%2e%2e/b", "%2e%2e", "a//b", "-a", "a/_layers", "a" + "/b".repeat(200))) {
            HttpResponse<byte[]> r = http.send("POST", "/v2/" + name + "/blobs/uploads/?digest=" + b.digest(), b.bytes());
            assertTrue(r.statusCode() == 400 || r.statusCode() == 404, name + " -> " + r.statusCode());
            String code = errorCode(r);
            assertTrue(code.equals("NAME_INVALID") || code.equals("UNSUPPORTED"), name + " -> " + code);
        }
        for (String tag : List.of("..", ".hidden", "-x", "a".repeat(129))) {
            HttpResponse<byte[]> r = putManifest("ok", tag, "{}".getBytes(StandardCharsets.UTF_8));
            assertEquals(400, r.statusCode(), tag);
        }
        assertEquals("UNSUPPORTED", errorCode(http.get("/v2/../../etc/passwd")));
        assertEquals("UNSUPPORTED", errorCode(http.get("/v1/_catalog")));
        try (Stream<Path> all = Files.list(dir)) {
            assertEquals(List.of(root), all.toList(), "nothing written beside the root");
        }
    }

    @Test
    void aSecondProcessCannotOpenTheSameStorage() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> RegistryStore.open(root));
        assertTrue(e.getMessage().contains("in use"), e.getMessage());
    }

    List<String> tags(String repo) throws Exception {
        return strings(json(http.get("/v2/" + repo + "/tags/list")).get("tags"));
    }

    static List<String> strings(com.fasterxml.jackson.databind.JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
