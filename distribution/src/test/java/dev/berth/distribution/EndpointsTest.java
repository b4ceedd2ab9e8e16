package dev.berth.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EndpointsTest {
    @TempDir Path dir;

    private static void keytool(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
    }

    @Test
    void trustsARegistryCertificateFromCertsDOnlyThere() throws Exception {
        Path ks = dir.resolve("ks.p12");
        keytool("-genkeypair", "-alias", "reg", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", ks.toString(),
                "-storepass", "changeit");
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "changeit".toCharArray());
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(kmf.getKeyManagers(), null, null);
        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(server));
        https.createContext("/v2/", ex -> {
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        https.start();
        try {
            String host = "127.0.0.1:" + https.getAddress().getPort();
            Path certsD = dir.resolve("certs.d");
            Files.createDirectories(certsD.resolve(host));
            keytool("-exportcert", "-rfc", "-alias", "reg", "-keystore", ks.toString(), "-storepass", "changeit",
                    "-file", certsD.resolve(host).resolve("ca.crt").toString());
            Endpoints trusting = new Endpoints(RegistryOptions.defaults().withCertsDir(certsD));
            assertEquals(200, get(trusting.verifiedTarget(host)));
            assertTrue(trusting.isInsecure(host), "loopback is insecure, as in Docker");

            Endpoints systemOnly = new Endpoints(RegistryOptions.defaults().withCertsDir(dir.resolve("none")));
            assertThrows(SSLHandshakeException.class, () -> get(systemOnly.verifiedTarget(host)));
        } finally {
            https.stop(0);
        }
    }

    @Test
    void insecureRegistriesByNameAndCidr() {
        Endpoints e = new Endpoints(RegistryOptions.defaults().withInsecureRegistries(List.of("reg.example:5000", "192.0.2.0/24")));
        assertTrue(e.isInsecure("reg.example:5000"));
        assertTrue(e.isInsecure("192.0.2.7:443"));
        assertFalse(e.isInsecure("192.0.3.7:443"));
        assertTrue(e.isInsecure("localhost:5000"));
        assertEquals("http://reg.example:5000", e.target("reg.example:5000").base().toString());
    }

    private static int get(Endpoints.Target t) throws IOException, InterruptedException {
        return t.client().send(HttpRequest.newBuilder(t.resolve("/v2/")).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
