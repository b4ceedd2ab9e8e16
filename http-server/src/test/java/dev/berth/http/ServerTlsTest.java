package dev.berth.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** TLS listeners with keys and certificates from PEM files (test pairs in src/test/resources/tls). */
class ServerTlsTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"rsa.crt, rsa-pkcs8.key", "rsa.crt, rsa-pkcs1.key", "ec.crt, ec-sec1.key"})
    void servesHttpsWithAPemKeyPair(String cert, String key) throws Exception {
        Router router = new Router().get("/hello", (req, res) ->
                res.send(200, "text/plain", "hello over tls".getBytes(StandardCharsets.UTF_8)));
        SSLContext tls = ServerTls.fromPem(resource(cert), resource(key));
        try (HttpServer server = HttpServer.start(router, ServerOptions.listen(ListenAddress.parse("127.0.0.1:0")).withTls(tls))) {
            int port = ((ListenAddress.Tcp) server.addresses().getFirst()).port();
            HttpClient client = HttpClient.newBuilder().sslContext(trusting(resource(cert))).build();
            for (int i = 0; i < 2; i++) { // the second request reuses the TLS connection
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/hello")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode());
                assertEquals("hello over tls", r.body());
            }
            HttpClient untrusting = HttpClient.newHttpClient();
            assertThrows(SSLHandshakeException.class, () -> untrusting.send(
                    HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/hello")).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
    }

    @Test
    void plainHttpToATlsListenerGetsGoHttpsServersAnswer() throws Exception {
        Router router = new Router().get("/hello", (req, res) -> res.send(200, "text/plain", new byte[0]));
        SSLContext tls = ServerTls.fromPem(resource("rsa.crt"), resource("rsa-pkcs8.key"));
        try (HttpServer server = HttpServer.start(router, ServerOptions.listen(ListenAddress.parse("127.0.0.1:0")).withTls(tls))) {
            int port = ((ListenAddress.Tcp) server.addresses().getFirst()).port();
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, r.statusCode());
            assertEquals("Client sent an HTTP request to an HTTPS server.\n", r.body());
            HttpClient client = HttpClient.newBuilder().sslContext(trusting(resource("rsa.crt"))).build();
            assertEquals(200, client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/hello")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode(), "TLS still works after a plain request");
        }
    }

    @Test
    void badKeyFilesAreClearErrors() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.key"), "nothing here\n");
        IOException e = assertThrows(IOException.class, () -> ServerTls.fromPem(resource("rsa.crt"), empty));
        assertEquals("no PEM private key in " + empty, e.getMessage());

        Path encrypted = Files.writeString(dir.resolve("enc.key"),
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n");
        e = assertThrows(IOException.class, () -> ServerTls.fromPem(resource("rsa.crt"), encrypted));
        assertTrue(e.getMessage().contains("is encrypted"), e.getMessage());

        e = assertThrows(IOException.class, () -> ServerTls.fromPem(resource("rsa.crt"), resource("ec-sec1.key")));
        assertTrue(e.getMessage().contains("does not go with the certificate"), e.getMessage());

        Path noCert = Files.writeString(dir.resolve("none.crt"), "");
        e = assertThrows(IOException.class, () -> ServerTls.fromPem(noCert, resource("rsa-pkcs8.key")));
        assertTrue(e.getMessage().contains(noCert.toString()), e.getMessage());
    }

    static Path resource(String name) throws Exception {
        return Path.of(ServerTlsTest.class.getResource("/tls/" + name).toURI());
    }

    static SSLContext trusting(Path cert) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            trust.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
