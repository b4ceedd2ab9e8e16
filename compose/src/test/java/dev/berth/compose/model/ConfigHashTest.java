package dev.berth.compose.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The config hash as Compose v2's {@code ServiceHash} computes it. */
class ConfigHashTest {
    private static Map<String, Object> svc(String yaml) {
        Map<String, Object> model = Merge.asMap(Yaml.parseAll("services:\n  s:\n" + yaml.indent(4), "t").getFirst());
        return Merge.asMap(Merge.asMap(model.get("services")).get("s"));
    }

    @Test
    void theValueComposeItselfExpects() {
        // docker/compose pkg/compose/convergence_test.go: a service with two prioritised networks, no image
        assertEquals("8dbce408396f8986266bc5deba0c09cfebac63c95c2238e405c7bee5f1bd84b8",
                ConfigHash.of("test", svc("networks: {a: {priority: 10}, b: {priority: 100}}")));
    }

    @Test
    void goJsonOfTheService() {
        assertEquals("{\"command\":[\"sh\",\"-c\",\"a \\u003c b\"],\"deploy\":{\"resources\":{},\"placement\":{}},"
                        + "\"entrypoint\":null,\"environment\":{\"A\":\"1\",\"B\":null},\"image\":\"busybox\"}",
                ConfigWriter.serviceJson("s", svc("image: busybox\ncommand: [sh, -c, a < b]\nenvironment: {B: null, A: '1'}\n"
                        + "deploy: {}\nx-extra: 1")));
    }

    @Test
    void whatDoesNotChangeAContainerDoesNotChangeTheHash() {
        String base = ConfigHash.of("s", svc("image: busybox"));
        assertEquals(base, ConfigHash.of("s", svc("image: busybox\nscale: 3\ndepends_on: {db: {condition: service_started}}\n"
                + "profiles: [x]\nbuild: {context: .}\npull_policy: always")));
        assertEquals(ConfigHash.of("s", svc("image: busybox\ndeploy: {}")),
                ConfigHash.of("s", svc("image: busybox\ndeploy: {replicas: 2}")));
        assertNotEquals(base, ConfigHash.of("s", svc("image: busybox\ncommand: [true]")));
    }
}
