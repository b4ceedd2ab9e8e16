package dev.berth.registry;

import static dev.berth.registry.Http.errorCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.http.ListenAddress;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** htpasswd basic auth (bcrypt entries as {@code htpasswd -B} writes them) and TLS. */
class RegistryAuthTest {
    /** {@code htpasswd -Bbn alice s3cret}, and an MD5 entry that must be ignored. */
    static final String HTPASSWD = """
            alice:$2y$05$ZWSlnNUtLz8BnlSLtDWv/ODZ.gVrUIK1rRBE4zlcDWEHCEesD2xQW
            # a comment
            bob:$apr1$cquOm1Lq$6yjmRbUBZZgO9toMWXE.A1
            """;

    @TempDir
    Path dir;

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyRequestNeedsTheCredentialsOfAUserOfTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("htpasswd"), HTPASSWD);
        RegistryConfig config = RegistryConfig.of(ListenAddress.parse("127.0.0.1:0"), dir.resolve("root")).withHtpasswd(file);
        try (RegistryServer server = RegistryServer.start(config)) {
            Http anonymous = new Http(server.url());
            HttpResponse<byte[]> r = anonymous.get("/v2/");
            assertEquals(401, r.statusCode());
            assertEquals("UNAUTHORIZED", errorCode(r));
            assertEquals("Basic realm=\"berth-registry\"", r.headers().firstValue("WWW-Authenticate").orElseThrow());
            assertEquals(401, anonymous.get("/v2/_catalog").statusCode());
            assertEquals(401, anonymous.send("POST", "/v2/x/blobs/uploads/", null).statusCode());

            assertEquals(200, anonymous.get("/v2/", "Authorization", basic("alice", "s3cret")).statusCode());
            assertEquals(200, anonymous.get("/v2/_catalog", "Authorization", basic("alice", "s3cret")).statusCode(),
                    "a second request is served from the verified cache");
            assertEquals(401, anonymous.get("/v2/", "Authorization", basic("alice", "wrong")).statusCode());
            assertEquals(401, anonymous.get("/v2/", "Authorization", basic("bob", "md5pw")).statusCode(), "only bcrypt entries");
            assertEquals(401, anonymous.get("/v2/", "Authorization", basic("nobody", "s3cret")).statusCode());
            for (String garbage : new String[] {"Basic !!!", "Basic " + Base64.getEncoder().encodeToString("nocolon".getBytes()),
                    "Bearer abc", "Basic", "basic " + "A".repeat(10_000)}) {
                assertEquals(401, anonymous.get("/v2/", "Authorization", garbage).statusCode(), garbage);
            }

            // the file is read again when it changes: alice removed
            Files.writeString(file, "carol:" + org.springframework.security.crypto.bcrypt.BCrypt.hashpw("pw",
                    org.springframework.security.crypto.bcrypt.BCrypt.gensalt(4)) + "\n");
            Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
            assertEquals(401, anonymous.get("/v2/", "Authorization", basic("alice", "s3cret")).statusCode());
            assertEquals(200, anonymous.get("/v2/", "Authorization", basic("carol", "pw")).statusCode());
        }
    }

    @Test
    void servesHttpsWithAPemCertificateAndKey() throws Exception {
        RegistryConfig config = RegistryConfig.of(ListenAddress.parse("127.0.0.1:0"), dir.resolve("root"))
                .withTls(resource("rsa.crt"), resource("rsa-pkcs8.key"));
        try (RegistryServer server = RegistryServer.start(config)) {
            assertTrue(server.url().startsWith("https://127.0.0.1:"), server.url());
            HttpClient trusting = HttpClient.newBuilder().sslContext(trusting(resource("rsa.crt"))).build();
            Http https = new Http(trusting, server.url());
            assertEquals(200, https.get("/v2/").statusCode());
            TestImages.Blob b = TestImages.Blob.of("over tls");
            assertEquals(201, https.send("POST", "/v2/tls/blobs/uploads/?digest=" + b.digest(), b.bytes()).statusCode());
            assertThrows(SSLHandshakeException.class, () -> new Http(server.url()).get("/v2/"));
        }
    }

    @Test
    void aMissingHtpasswdOrTlsFileStopsTheStartAndLeavesTheStorageFree() throws Exception {
        Path root = dir.resolve("root");
        RegistryConfig noFile = RegistryConfig.of(ListenAddress.parse("127.0.0.1:0"), root).withHtpasswd(dir.resolve("none"));
        assertThrows(IOException.class, () -> RegistryServer.start(noFile));
        RegistryConfig badTls = RegistryConfig.of(ListenAddress.parse("127.0.0.1:0"), root)
                .withTls(dir.resolve("none.crt"), dir.resolve("none.key"));
        assertThrows(IOException.class, () -> RegistryServer.start(badTls));
        assertThrows(IllegalArgumentException.class, () -> RegistryConfig.of(ListenAddress.parse("127.0.0.1:0"), root)
                .withTls(dir.resolve("a"), null));
        try (RegistryStore store = RegistryStore.open(root)) {
            assertFalse(store.root().toString().isEmpty());
        }
    }

    private static Path resource(String name) throws Exception {
        return Path.of(RegistryAuthTest.class.getResource("/tls/" + name).toURI());
    }

    private static SSLContext trusting(Path certificate) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            trust.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
