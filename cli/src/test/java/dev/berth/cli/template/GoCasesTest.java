package dev.berth.cli.template;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden cases produced by Go's own {@code text/template} (with docker's template functions):
 * {@code go-cases.input.jsonl} run through {@code oracle.go.txt} gives {@code go-cases.jsonl}.
 * To regenerate: {@code go run oracle.go < go-cases.input.jsonl > go-cases.jsonl}.
 */
class GoCasesTest {
    private static final ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_LONG_FOR_INTS).build();

    /**
     * Where we deliberately differ from the Go 1.19 oracle: newer Go (docker 28 is built with Go
     * 1.24) reports a stray ")" in the lexer; and {@code join} accepts any list of strings (Go
     * needs a typed {@code []string}, which raw JSON lists are not).
     */
    private static final Map<String, String> OVERRIDES = Map.of(
            "unexpected right paren", "ERR template: :1: unexpected right paren",
            "join", "a, b, c");

    static Stream<Arguments> cases() throws Exception {
        List<Arguments> out = new ArrayList<>();
        try (var in = GoCasesTest.class.getResourceAsStream("go-cases.jsonl");
             var r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) continue;
                JsonNode c = JSON.readTree(line);
                String expected = c.has("output") ? c.get("output").asText() : "ERR " + c.get("error").asText();
                expected = OVERRIDES.getOrDefault(c.get("name").asText(), expected);
                Object data = c.has("data") ? JSON.treeToValue(c.get("data"), Object.class) : null;
                out.add(Arguments.of(c.get("name").asText(), c.get("template").asText(), data,
                        c.path("missingKeyError").asBoolean(false), expected));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesGo(String name, String template, Object data, boolean missingKeyError, String expected) {
        String actual;
        try {
            Template t = Template.parse("", template, Funcs.docker());
            if (missingKeyError) t = t.withMissingKeyError();
            actual = t.execute(data);
        } catch (TemplateException e) {
            actual = "ERR " + e.getMessage();
        }
        assertEquals(expected, actual, () -> "template: " + template);
    }
}
