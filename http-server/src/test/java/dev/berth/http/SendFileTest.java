package dev.berth.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Arrays;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Response#sendFile}: sendfile on plain TCP, streamed through TLS, HEAD without a body, keep-alive after. */
class SendFileTest {
    @TempDir
    Path dir;

    private Router router(Path file) {
        return new Router().get("/file/{from}/{length}", (req, res) -> {
            try {
                res.sendFile(200, "application/octet-stream", file, Long.parseLong(req.pathParam("from")),
                        Long.parseLong(req.pathParam("length")));
            } catch (NoSuchFileException e) {
                res.send(404, "text/plain", "gone".getBytes());
            }
        });
    }

    private byte[] content() {
        byte[] b = new byte[3_000_000];
        for (int i = 0; i < b.length; i++) b[i] = (byte) (i * 7 + i / 1000);
        return b;
    }

    @Test
    void plainTcpSendsTheRangeAndKeepsTheConnection() throws Exception {
        byte[] b = content();
        Path file = Files.write(dir.resolve("blob"), b);
        try (HttpServer server = HttpServer.start(router(file), ServerOptions.listen(ListenAddress.parse("127.0.0.1:0")))) {
            String base = "http://127.0.0.1:" + ((ListenAddress.Tcp) server.addresses().getFirst()).port();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            for (int i = 0; i < 3; i++) {
                HttpResponse<byte[]> all = http.send(HttpRequest.newBuilder(URI.create(base + "/file/0/" + b.length)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, all.statusCode());
                assertArrayEquals(b, all.body());
            }
            HttpResponse<byte[]> part = http.send(HttpRequest.newBuilder(URI.create(base + "/file/1000/5000")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertArrayEquals(Arrays.copyOfRange(b, 1000, 6000), part.body());
            HttpResponse<byte[]> head = http.send(HttpRequest.newBuilder(URI.create(base + "/file/0/10"))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals("10", head.headers().firstValue("Content-Length").orElseThrow());
            assertEquals(0, head.body().length);
            Files.delete(file);
            assertEquals(404, http.send(HttpRequest.newBuilder(URI.create(base + "/file/0/10")).build(),
                    HttpResponse.BodyHandlers.ofByteArray()).statusCode(), "a missing file is still an error reply");
        }
    }

    @Test
    void tlsStreamsTheFile() throws Exception {
        byte[] b = content();
        Path file = Files.write(dir.resolve("blob"), b);
        Path cert = resource("rsa.crt");
        SSLContext tls = ServerTls.fromPem(cert, resource("rsa-pkcs8.key"));
        try (HttpServer server = HttpServer.start(router(file), ServerOptions.listen(ListenAddress.parse("127.0.0.1:0")).withTls(tls))) {
            String base = "https://127.0.0.1:" + ((ListenAddress.Tcp) server.addresses().getFirst()).port();
            HttpClient https = HttpClient.newBuilder().sslContext(trusting(cert)).version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<byte[]> r = https.send(HttpRequest.newBuilder(URI.create(base + "/file/7/" + (b.length - 7))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertArrayEquals(Arrays.copyOfRange(b, 7, b.length), r.body());
        }
    }

    private static Path resource(String name) throws Exception {
        return Path.of(SendFileTest.class.getResource("/tls/" + name).toURI());
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
