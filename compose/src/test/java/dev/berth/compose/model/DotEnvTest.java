package dev.berth.compose.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DotEnvTest {
    @Test
    void readsComposesEnvFileSyntax() {
        Map<String, String> env = DotEnv.parse("""
                # a comment
                export A=plain value # inline comment
                B='single $A \\n'
                C="double ${A:-x}\\n\\"q\\""
                D: yaml style
                E=$$literal
                INHERITED
                MISSING
                F="multi
                line"
                G=${UNDEFINED:-def}
                """, Map.of("INHERITED", "from-os")::get);
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("A", "plain value");
        expected.put("B", "single $A \\n");
        expected.put("C", "double plain value\n\"q\"");
        expected.put("D", "yaml style");
        expected.put("E", "$literal");
        expected.put("INHERITED", "from-os");
        expected.put("F", "multi\nline");
        expected.put("G", "def");
        assertEquals(expected, env);
    }

    @Test
    void badLinesAreErrorsWithTheirLineNumber() {
        ComposeException e = assertThrows(ComposeException.class, () -> DotEnv.parse("A=1\nB=\"open\n", k -> null));
        assertEquals("line 2: unterminated quoted value \"open", e.getMessage());
        e = assertThrows(ComposeException.class, () -> DotEnv.parse("A=1\nB$=2\n", k -> null));
        assertEquals("line 2: unexpected character \"$\" in variable name \"B$=2\"", e.getMessage());
    }
}
