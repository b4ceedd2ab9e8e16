package dev.berth.it;

import static dev.berth.it.NetworksDockerCliIT.freePort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The README's main job, as the seeds teach it: {@code DOCKER_BUILDKIT=0 docker build} of examples/product-api (the
 * course's Flask product API) against berthd on its locally made base image, then {@code docker run -d -p} with a
 * named volume: the API answers on 127.0.0.1, turns healthy, and its data outlives the container.
 */
@RequiresRoot(tools = {Tool.DOCKER_CLI, Tool.DEBOOTSTRAP, Tool.RUNC, Tool.CONMON})
class ExampleAppIT {
    @RegisterExtension
    static final BerthDaemon berthd = new BerthDaemon();

    @Test
    void theProductApiBuildsRunsAndKeepsItsData() throws Exception {
        DockerCli docker = berthd.docker().withTimeout(Duration.ofMinutes(5));
        Images.debootstrap("python3-flask").importInto(docker, "berth/python-flask:bookworm");
        CliResult build = docker.withEnv("DOCKER_BUILDKIT", "0").ok("build", "-t", "product-api",
                Repo.root().resolve("examples/product-api").toString());
        assertTrue(build.stdout().contains("Successfully tagged product-api:latest"), build.stdout());
        assertTrue(build.stdout().contains("flask 2."), "the RUN step's output: " + build.stdout());
        // berth build of the same context: every step from the cache, the same image
        CliResult again = berthd.berth().ok("build", "-t", "product-api:berth", Repo.root().resolve("examples/product-api").toString());
        assertTrue(again.stdout().contains(" ---> Using cache") && !again.stdout().contains(" ---> Running in "), again.stdout());
        assertEquals(docker.ok("image", "inspect", "--format", "{{.Id}}", "product-api").stdout(),
                docker.ok("image", "inspect", "--format", "{{.Id}}", "product-api:berth").stdout());

        int port = freePort();
        docker.ok("run", "-d", "--name", "api", "-p", "127.0.0.1:" + port + ":5000", "-v", "products:/data", "product-api");
        HttpClient http = HttpClient.newHttpClient();
        assertTrue(products(http, port).contains("\"name\":\"Laptop\""));
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/products"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Pen\",\"price\":1.5}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());

        String health = "";
        for (int i = 0; i < 100 && !health.equals("healthy"); i++) {
            Thread.sleep(200);
            health = docker.ok("inspect", "--format", "{{.State.Health.Status}}", "api").stdout().strip();
        }
        assertEquals("healthy", health, "the image's HEALTHCHECK");

        docker.ok("rm", "-f", "api");
        docker.ok("run", "-d", "--name", "api", "-p", "127.0.0.1:" + port + ":5000", "-v", "products:/data", "product-api");
        assertTrue(products(http, port).contains("\"name\":\"Pen\""), "the data is on the volume");
        docker.ok("rm", "-f", "api");
    }

    /** GET /products, retried while the app starts. */
    private static String products(HttpClient http, int port) throws Exception {
        Exception last = null;
        for (int i = 0; i < 150; i++) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/products"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) return r.body();
            } catch (java.io.IOException e) {
                last = e;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the app did not answer on port " + port, last);
    }
}
