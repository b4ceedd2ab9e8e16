package dev.berth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The seeds' workflow with {@code berth compose}: {@code examples/product-api} (a Flask app built from its Dockerfile,
 * its data on a named volume) brought up with one command, its data kept across {@code down}/{@code up}.
 */
@RequiresRoot(tools = {Tool.DEBOOTSTRAP, Tool.RUNC, Tool.CONMON})
class ComposeExampleIT {
    @RegisterExtension
    static final BerthDaemon berthd = new BerthDaemon();

    @Test
    void theProductApiComesUpWithOneCommandAndKeepsItsData() throws Exception {
        Images.debootstrap("python3-flask").importInto(berthd.berth(), "berth/python-flask:bookworm");
        // the example, in a directory of its own with a free port in place of 5000
        Path dir = berthd.root().resolve("product-api");
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(Repo.root().resolve("examples/product-api"))) {
            for (Path f : files.toList()) Files.copy(f, dir.resolve(f.getFileName()));
        }
        int port = freePort();
        Path file = dir.resolve("docker-compose.yml");
        Files.writeString(file, Files.readString(file).replace("127.0.0.1:5000:5000", "127.0.0.1:" + port + ":5000"));
        BerthCli berth = berthd.berth().withTimeout(Duration.ofMinutes(5));
        List<String> compose = List.of("compose", "--project-directory", dir.toString());
        try {
            CliResult up = berth.run(concat(compose, "up", "-d"));
            up.assertSuccess();
            assertTrue(up.stdout().contains("Successfully tagged product-api:latest"), up.describe());
            HttpClient http = HttpClient.newHttpClient();
            assertTrue(products(http, port).contains("\"name\":\"Laptop\""));
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/products"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Pen\",\"price\":1.5}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(201, created.statusCode(), created.body());

            berth.run(concat(compose, "down")).assertSuccess();
            CliResult again = berth.run(concat(compose, "up", "-d"));
            again.assertSuccess();
            assertFalse(again.stdout().contains("Step 1/"), "the image is there: not built again\n" + again.describe());
            assertTrue(products(http, port).contains("\"name\":\"Pen\""), "the data is on the named volume");
        } finally {
            berth.run(concat(compose, "down", "-v", "-t", "1"));
        }
        assertFalse(berthd.berth().ok("volume", "ls", "-q").stdout().contains("product-api_products"));
    }

    private static List<String> concat(List<String> a, String... b) {
        return Stream.concat(a.stream(), Stream.of(b)).toList();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** GET /products, retried while the app starts. */
    private static String products(HttpClient http, int port) throws Exception {
        Exception last = null;
        for (int i = 0; i < 150; i++) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/products"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) return r.body();
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the app did not answer on port " + port, last);
    }
}
