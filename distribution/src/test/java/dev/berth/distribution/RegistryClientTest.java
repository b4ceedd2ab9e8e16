package dev.berth.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.common.EngineException;
import dev.berth.content.ContentStore;
import dev.berth.content.local.LocalContentStore;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Descriptor.Platform;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageRef;
import dev.berth.oci.Index;
import dev.berth.oci.Manifest;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.OciJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryClientTest {
    @TempDir Path dir;
    FakeRegistry registry;
    ContentStore content;
    RegistryClient client;
    final List<Progress> progress = Collections.synchronizedList(new ArrayList<>());

    byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
            .getBytes(StandardCharsets.UTF_8);
    byte[] layer1 = random(300_000, 1);
    byte[] layer2 = random(5_000, 2);

    @BeforeEach
    void setUp() throws IOException {
        registry = new FakeRegistry();
        content = new LocalContentStore(dir.resolve("content"));
        client = new RegistryClient(RegistryOptions.defaults().withRetries(4, Duration.ofMillis(10))
                .withCertsDir(dir.resolve("certs.d")));
    }

    @AfterEach
    void tearDown() {
        registry.close();
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    ImageRef ref(String s) {
        return ImageRef.parse(registry.host() + "/" + s);
    }

    /** Publishes a schema 2 image with two layers as {@code repo:tag}; returns its manifest bytes. */
    byte[] publish(String repo, String tag) {
        registry.putBlob(repo, config);
        registry.putBlob(repo, layer1);
        registry.putBlob(repo, layer2);
        byte[] manifest = manifestBytes();
        registry.putManifest(repo, tag, MediaTypes.DOCKER_MANIFEST, manifest);
        return manifest;
    }

    byte[] manifestBytes() {
        return OciJson.write(new Manifest(2, MediaTypes.DOCKER_MANIFEST,
                new Descriptor(MediaTypes.DOCKER_CONFIG, Digest.of(config), config.length),
                List.of(new Descriptor(MediaTypes.DOCKER_LAYER_GZIP, Digest.of(layer1), layer1.length),
                        new Descriptor(MediaTypes.DOCKER_LAYER_GZIP, Digest.of(layer2), layer2.length)), null));
    }

    PullResult pull(String ref, Credentials creds) {
        return client.pull(ref(ref), Platform.linuxAmd64(), creds, content, progress::add);
    }

    List<String> statuses(Digest layer) {
        return progress.stream().filter(p -> layer.shortHex().equals(p.id())).map(Progress::status).distinct().toList();
    }

    long blobGets() {
        return registry.log.stream().filter(l -> l.startsWith("GET ") && l.contains("/blobs/")).count();
    }

    @Test
    void pullsATagIntoTheContentStoreWithProgress() {
        byte[] manifest = publish("app", "v1");
        PullResult r = pull("app:v1", Credentials.ANONYMOUS);
        assertEquals(Digest.of(manifest), r.digest());
        assertEquals(Digest.of(config), r.config().digest());
        assertEquals(2, r.layers().size());
        assertTrue(content.exists(Digest.of(layer1)) && content.exists(Digest.of(layer2)) && content.exists(Digest.of(config)));
        assertEquals(List.of("Pulling fs layer", "Downloading", "Verifying Checksum", "Download complete"),
                statuses(Digest.of(layer1)));
        assertTrue(registry.log.stream().anyMatch(l -> l.equals("GET /v2/")), "pings first");
    }

    @Test
    void aSecondPullSkipsBlobsTheStoreHas() {
        publish("app", "v1");
        pull("app:v1", Credentials.ANONYMOUS);
        long before = blobGets();
        progress.clear();
        PullResult r = pull("app:v1", Credentials.ANONYMOUS);
        assertEquals(before, blobGets());
        assertTrue(r.downloaded().isEmpty());
        assertEquals(List.of("Already exists"), statuses(Digest.of(layer1)));
    }

    @Test
    void pullsByDigestAndChoosesThePlatformFromAnIndex() {
        byte[] amd = publish("multi", "amd");
        byte[] armConfig = "{\"architecture\":\"arm64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
        registry.putBlob("multi", armConfig);
        byte[] arm = OciJson.write(new Manifest(2, MediaTypes.OCI_MANIFEST,
                new Descriptor(MediaTypes.OCI_CONFIG, Digest.of(armConfig), armConfig.length), List.of(), null));
        registry.putManifest("multi", "arm", MediaTypes.OCI_MANIFEST, arm);
        byte[] index = OciJson.write(new Index(2, MediaTypes.OCI_INDEX, List.of(
                new Descriptor(MediaTypes.OCI_MANIFEST, Digest.of(arm), arm.length, null, null,
                        new Platform("arm64", "linux", null, "v8")),
                new Descriptor(MediaTypes.DOCKER_MANIFEST, Digest.of(amd), amd.length, null, null, Platform.linuxAmd64())), null));
        registry.putManifest("multi", "latest", MediaTypes.OCI_INDEX, index);

        PullResult r = pull("multi:latest", Credentials.ANONYMOUS);
        assertEquals(Digest.of(index), r.digest(), "the repo digest is the index's");
        assertEquals(Digest.of(amd), r.manifestDigest());

        PullResult a = client.pull(ref("multi@" + Digest.of(index)), new Platform("arm64", "linux", null, null),
                Credentials.ANONYMOUS, content, progress::add);
        assertEquals(Digest.of(arm), a.manifestDigest());
        var e = assertThrows(EngineException.NotFound.class, () -> client.pull(ref("multi:latest"),
                new Platform("s390x", "linux", null, null), Credentials.ANONYMOUS, content, progress::add));
        assertEquals("no matching manifest for linux/s390x in the manifest list entries", e.getMessage());
    }

    @Test
    void unknownTagAndRepositoryGetDockersMessages() {
        publish("app", "v1");
        var e = assertThrows(EngineException.NotFound.class, () -> pull("app:nope", Credentials.ANONYMOUS));
        assertEquals("manifest for " + registry.host() + "/app:nope not found: manifest unknown: manifest unknown", e.getMessage());
    }

    @Test
    void basicAuth() {
        publish("app", "v1");
        registry.auth = FakeRegistry.Auth.BASIC;
        var e = assertThrows(EngineException.NotFound.class, () -> pull("app:v1", Credentials.ANONYMOUS));
        assertTrue(e.getMessage().startsWith("pull access denied for " + registry.host() + "/app, repository does not exist"
                + " or may require 'docker login': unauthorized"), e.getMessage());
        pull("app:v1", Credentials.basic("alice", "secret"));
        assertTrue(content.exists(Digest.of(layer1)));
        client.login(registry.host(), Credentials.basic("alice", "secret"));
        var bad = assertThrows(EngineException.Unauthorized.class, () -> client.login(registry.host(), Credentials.basic("alice", "nope")));
        assertEquals("login attempt to http://" + registry.host() + "/v2/ failed with status: 401 Unauthorized", bad.getMessage());
    }

    @Test
    void bearerTokensAreCachedPerScopeAndRenewedAfterA401() {
        publish("app", "v1");
        registry.auth = FakeRegistry.Auth.BEARER;
        pull("app:v1", Credentials.basic("alice", "secret"));
        assertEquals(1, registry.tokensIssued.get());
        content.delete(Digest.of(layer2));
        pull("app:v1", Credentials.basic("alice", "secret"));
        assertEquals(1, registry.tokensIssued.get(), "the cached token serves the second pull");
        registry.revokeTokens();
        content.delete(Digest.of(layer2));
        pull("app:v1", Credentials.basic("alice", "secret"));
        assertEquals(2, registry.tokensIssued.get(), "a 401 with a token renews it");
        pull("app:v1", Credentials.ANONYMOUS);
        assertEquals(3, registry.tokensIssued.get(), "other credentials, another token");
        var e = assertThrows(EngineException.Unauthorized.class, () -> client.login(registry.host(), Credentials.basic("alice", "x")));
        assertTrue(e.getMessage().endsWith("unauthorized: incorrect username or password"), e.getMessage());
        client.login(registry.host(), Credentials.basic("alice", "secret"));
    }

    @Test
    void transientErrorsAreRetried() {
        publish("app", "v1");
        registry.transientFailures.set(3);
        pull("app:v1", Credentials.ANONYMOUS);
        assertTrue(content.exists(Digest.of(layer1)));
    }

    @Test
    void persistentServerErrorsFailClearly() {
        publish("app", "v1");
        registry.transientFailures.set(100);
        var e = assertThrows(EngineException.Unavailable.class, () -> pull("app:v1", Credentials.ANONYMOUS));
        assertTrue(e.getMessage().contains("503 Service Unavailable"), e.getMessage());
    }

    @Test
    void aBlobWithTheWrongDigestIsNotStored() throws IOException {
        publish("app", "v1");
        registry.blobFaults.put(Digest.of(layer1).toString(), b -> {
            byte[] c = b.clone();
            c[10] ^= 1;
            return c;
        });
        var e = assertThrows(EngineException.InvalidArgument.class, () -> pull("app:v1", Credentials.ANONYMOUS));
        assertTrue(e.getMessage().startsWith("filesystem layer verification failed for digest " + Digest.of(layer1)), e.getMessage());
        assertFalse(content.exists(Digest.of(layer1)));
        assertNoIngests();
    }

    @Test
    void aTruncatedBlobIsRetriedThenNotStored() throws IOException {
        publish("app", "v1");
        registry.blobFaults.put(Digest.of(layer1).toString(), b -> Arrays.copyOf(b, b.length / 2));
        var e = assertThrows(EngineException.Unavailable.class, () -> pull("app:v1", Credentials.ANONYMOUS));
        assertTrue(e.getMessage().contains("was truncated"), e.getMessage());
        assertFalse(content.exists(Digest.of(layer1)));
        assertNoIngests();
    }

    @Test
    void garbageManifestsAreRefused() {
        registry.putManifest("bad", "json", MediaTypes.DOCKER_MANIFEST, "{\"schemaVersion\":2,".getBytes());
        assertTrue(assertThrows(EngineException.InvalidArgument.class, () -> pull("bad:json", Credentials.ANONYMOUS))
                .getMessage().startsWith("invalid manifest"));
        registry.putManifest("bad", "huge", MediaTypes.DOCKER_MANIFEST, new byte[5 << 20]);
        assertTrue(assertThrows(EngineException.InvalidArgument.class, () -> pull("bad:huge", Credentials.ANONYMOUS))
                .getMessage().contains("is too large"));
        registry.putManifest("bad", "html", "text/html", "<html>".getBytes());
        assertTrue(assertThrows(EngineException.InvalidArgument.class, () -> pull("bad:html", Credentials.ANONYMOUS))
                .getMessage().contains("not JSON"));
        byte[] m = manifestBytes();
        registry.manifests.put("bad:" + Digest.of(config), m);
        registry.manifestTypes.put("bad:" + Digest.of(config), MediaTypes.DOCKER_MANIFEST);
        assertTrue(assertThrows(EngineException.InvalidArgument.class, () -> pull("bad@" + Digest.of(config), Credentials.ANONYMOUS))
                .getMessage().startsWith("manifest verification failed for digest " + Digest.of(config)));
        assertTrue(content.list().isEmpty());
    }

    PushRequest pushRequest(String target, List<String> mountFrom) {
        content.put(config);
        content.put(layer1);
        content.put(layer2);
        return new PushRequest(ref(target), new Descriptor(MediaTypes.DOCKER_CONFIG, Digest.of(config), config.length),
                List.of(new Descriptor(MediaTypes.DOCKER_LAYER_GZIP, Digest.of(layer1), layer1.length),
                        new Descriptor(MediaTypes.DOCKER_LAYER, Digest.of(layer2), layer2.length)),
                List.of("aaaaaaaaaaaa", "bbbbbbbbbbbb"), mountFrom);
    }

    @Test
    void pushesMonolithicallyThenSkipsWhatTheRegistryHas() {
        PushResult r = client.push(pushRequest("app:v2", List.of()), Credentials.ANONYMOUS, content, progress::add);
        assertTrue(registry.hasBlob("app", Digest.of(layer1)) && registry.hasBlob("app", Digest.of(config)));
        byte[] manifest = registry.manifests.get("app:v2");
        assertEquals(Digest.of(manifest), r.digest());
        assertEquals(manifest.length, r.size());
        assertEquals(MediaTypes.DOCKER_MANIFEST, registry.manifestTypes.get("app:v2"));
        assertFalse(registry.log.stream().anyMatch(l -> l.startsWith("PATCH")));
        assertTrue(progress.stream().anyMatch(p -> p.status().equals("Pushed") && p.id().equals("aaaaaaaaaaaa")));
        progress.clear();
        client.push(pushRequest("app:v3", List.of()), Credentials.ANONYMOUS, content, progress::add);
        assertTrue(progress.stream().anyMatch(p -> p.status().equals("Layer already exists") && p.id().equals("aaaaaaaaaaaa")));
    }

    @Test
    void pushesLargeBlobsInChunksAndMountsAcrossRepositories() {
        client = new RegistryClient(RegistryOptions.defaults().withChunkSize(64 * 1024).withCertsDir(dir));
        registry.auth = FakeRegistry.Auth.BEARER;
        client.push(pushRequest("one:v1", List.of()), Credentials.basic("alice", "secret"), content, progress::add);
        assertTrue(registry.log.stream().filter(l -> l.startsWith("PATCH")).count() >= 5, "300 kB in 64 kB chunks");
        assertTrue(registry.hasBlob("one", Digest.of(layer1)));
        progress.clear();
        client.push(pushRequest("two:v1", List.of("one")), Credentials.basic("alice", "secret"), content, progress::add);
        assertTrue(progress.stream().anyMatch(p -> p.status().equals("Mounted from one")), progress.toString());
        assertTrue(registry.hasBlob("two", Digest.of(layer1)));
        // pull back what was pushed
        PullResult back = pull("two:v1", Credentials.basic("alice", "secret"));
        assertEquals(Digest.of(config), back.config().digest());
    }

    @Test
    void listsTagsAcrossPages() {
        for (String t : List.of("a", "b", "c", "d", "e")) publish("many", t);
        assertEquals(List.of("a", "b", "c", "d", "e"), client.tags(ref("many"), Credentials.ANONYMOUS));
        assertEquals("/v2/x/tags/list?n=2&last=b", RegistryClient.nextPage("</v2/x/tags/list?n=2&last=b>; rel=\"next\""));
    }

    @Test
    void parsesChallenges() {
        List<Challenge> cs = Challenge.parse("Bearer realm=\"https://auth.example/token\",service=\"registry.example\","
                + "scope=\"repository:a/b:pull,push\", Basic realm=\"x\"");
        assertEquals(2, cs.size());
        assertEquals(Map.of("realm", "https://auth.example/token", "service", "registry.example",
                "scope", "repository:a/b:pull,push"), cs.get(0).params());
        assertTrue(cs.get(1).basic());
    }

    @Test
    void decodesXRegistryAuth() {
        String json = "{\"username\":\"bob\",\"password\":\"pw\",\"serveraddress\":\"localhost:5000\"}";
        Credentials c = Credentials.fromRegistryAuth(java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(json.getBytes()));
        assertEquals("bob", c.username());
        assertEquals("pw", c.password());
        String auth = "{\"auth\":\"" + java.util.Base64.getEncoder().encodeToString("eve:x:y".getBytes()) + "\"}";
        Credentials a = Credentials.fromRegistryAuth(java.util.Base64.getUrlEncoder().encodeToString(auth.getBytes()));
        assertEquals("eve", a.username());
        assertEquals("x:y", a.password());
        assertTrue(Credentials.fromRegistryAuth("e30=").anonymous());
        assertTrue(Credentials.fromRegistryAuth("!!garbage").anonymous());
        assertEquals("docker.io", RegistryClient.registryDomain("https://index.docker.io/v1/"));
        assertEquals("localhost:5000", RegistryClient.registryDomain("http://localhost:5000/"));
    }

    private void assertNoIngests() throws IOException {
        try (var s = Files.list(dir.resolve("content/ingest"))) {
            assertEquals(0, s.count());
        }
    }
}
