package dev.berth.compose.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The compose-spec merge rules, key by key. */
class MergeTest {
    private static Map<String, Object> svc(String yaml) {
        return Merge.asMap(Yaml.parseAll("services:\n  s:\n" + yaml.indent(4), "t").getFirst());
    }

    private static Object merged(String base, String override, String key) {
        Map<String, Object> m = Merge.merge(svc(base), svc(override));
        Merge.enforceUnicity(m, TreePath.ROOT);
        return Merge.asMap(Merge.asMap(m.get("services")).get("s")).get(key);
    }

    @Test
    void scalarsAreReplacedAndCommandsWhole() {
        assertEquals("b", merged("image: a", "image: b", "image"));
        assertEquals(List.of("y"), merged("command: [x, z]", "command: [y]", "command"));
        assertEquals(List.of("CMD", "b"), Merge.asMap(merged("healthcheck: {test: [CMD, a], retries: 3}", "healthcheck: {test: [CMD, b]}",
                "healthcheck")).get("test"));
    }

    @Test
    void mappingsOfKeyValuesMergeByKeyInEitherSyntax() {
        assertEquals(List.of("A=1", "B=override", "C=3"), merged("environment: {A: 1, B: 2}", "environment: [B=override, C=3]", "environment"));
        assertEquals(List.of("x=1", "y=2"), merged("labels: [x=1]", "labels: {y: 2}", "labels"));
    }

    @Test
    void sequencesAreAppendedWithOneEntryPerTarget() {
        assertEquals(List.of("b:/data", "/other"), merged("volumes: [a:/data, /other]", "volumes: [b:/data]", "volumes"));
        assertEquals(List.of("8080:80", "9090:90"), merged("ports: ['8080:80']", "ports: ['9090:90', '8080:80']", "ports"));
        assertEquals(List.of("a:1.1.1.1", "b:2.2.2.2"), merged("extra_hosts: ['a:1.1.1.1']", "extra_hosts: ['b:2.2.2.2', 'a:1.1.1.1']", "extra_hosts"));
    }

    @Test
    void dependsOnNetworksBuildAndLogging() {
        Map<String, Object> deps = Merge.asMap(merged("depends_on: [db]", "depends_on: {cache: {condition: service_healthy}}", "depends_on"));
        assertEquals(List.of("db", "cache"), List.copyOf(deps.keySet()));
        assertEquals(Map.of("context", "./app", "target", "prod"), merged("build: ./app", "build: {target: prod}", "build"));
        Map<String, Object> same = new LinkedHashMap<>(Merge.asMap(merged("logging: {driver: json-file, options: {a: 1}}",
                "logging: {options: {b: 2}}", "logging")));
        assertEquals(Map.of("a", 1, "b", 2), same.get("options"));
        Map<String, Object> other = Merge.asMap(merged("logging: {driver: json-file, options: {a: 1}}",
                "logging: {driver: syslog, options: {b: 2}}", "logging"));
        assertEquals(Map.of("driver", "syslog", "options", Map.of("b", 2)), other);
    }
}
