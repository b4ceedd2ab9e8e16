package dev.berth.compose.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.api.ApiJson;
import dev.berth.compose.model.Project;
import dev.berth.compose.model.ProjectLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Engine API create body of a service using most keys, as golden JSON ({@code -Dgolden.update=true} rewrites it). */
class ContainerSpecsTest {
    @Test
    void aServiceMapsToTheCreateBodyComposeSends() throws Exception {
        Path dir = Path.of(ContainerSpecsTest.class.getResource("/spec").toURI());
        Project p = ProjectLoader.load(new ProjectLoader.Options(dir, List.of(), "shop", null, List.of(), List.of(), k -> null, List.of()), w -> {});
        StringBuilder out = new StringBuilder();
        for (String s : List.of("web", "db")) {
            ContainerSpecs.Spec spec = ContainerSpecs.create(p, p.service(s), 1, ContainerSpecs.containerName(p, p.service(s), 1), Map.of(),
                    List.of(), n -> "shop-" + n + "-1");
            out.append("# ").append(spec.name()).append('\n');
            out.append(ApiJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(spec.request())).append('\n');
            for (Map.Entry<String, dev.berth.api.EndpointSettings> e : spec.extraNetworks().entrySet()) {
                out.append("# connected after create: ").append(e.getKey()).append(" aliases ").append(e.getValue().aliases())
                        .append(" ipam ").append(e.getValue().ipamConfig()).append('\n');
            }
        }
        String actual = out.toString().replace(dir.toString(), "/PROJECT")
                .replaceAll("\"com.docker.compose.config-hash\" : \"[0-9a-f]{64}\"", "\"com.docker.compose.config-hash\" : \"HASH\"");
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(Path.of("src/test/resources/spec/expected.txt"), actual);
            return;
        }
        assertEquals(Files.readString(dir.resolve("expected.txt")), actual);
    }
}
