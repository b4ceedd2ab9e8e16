package dev.berth.compose.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InterpolationTest {
    private final List<String> warnings = new ArrayList<>();
    private final Interpolation i = new Interpolation(Map.of("A", "a", "EMPTY", "", "N", "2")::get, warnings::add);

    @Test
    void substitutesAsCompose() {
        assertEquals("a-a-a", i.substitute("$A-${A}-${A:-x}", "p"));
        assertEquals("x|x|", i.substitute("${U:-x}|${EMPTY:-x}|${EMPTY-x}", "p"));
        assertEquals("y||", i.substitute("${A:+y}|${EMPTY:+y}|${U+y}", "p"));
        assertEquals("a/b", i.substitute("${U:-${A}/b}", "p"));
        assertEquals("$A $ $1 $(x)", i.substitute("$$A $ $1 $(x)", "p"));
        assertEquals("{a}", i.substitute("{$A}", "p"));
        assertEquals(List.of(), warnings);
        assertEquals("", i.substitute("${UNSET}", "p"));
        assertEquals(List.of("The \"UNSET\" variable is not set. Defaulting to a blank string."), warnings);
    }

    @Test
    void errorsNameTheKey() {
        ComposeException e = assertThrows(ComposeException.class, () -> i.substitute("${U:?must be set}", "services.web.image"));
        assertEquals("error while interpolating services.web.image: required variable U is missing a value: must be set", e.getMessage());
        e = assertThrows(ComposeException.class, () -> i.substitute("${EMPTY?x}${EMPTY:?}", "services.web.image"));
        assertEquals("error while interpolating services.web.image: required variable EMPTY is missing a value", e.getMessage());
        e = assertThrows(ComposeException.class, () -> i.substitute("${1}", "services.web.command.[]"));
        assertEquals("invalid interpolation format for services.web.command.[].\nYou may need to escape any $ with another $.\n${1}",
                e.getMessage());
        assertThrows(ComposeException.class, () -> i.substitute("${A", "x"));
    }

    @Test
    void interpolatesValuesNotKeysAndCastsTypedKeys() {
        Object tree = Casts.apply(i.apply(Map.of("services", Map.of("w", Map.of("tty", "${A:+true}", "scale", "$N",
                "environment", Map.of("$A", "$A")))), ""));
        assertEquals(Map.of("services", Map.of("w", Map.of("tty", true, "scale", 2, "environment", Map.of("$A", "a")))), tree);
    }

    @Test
    void variablesOfAModel() {
        Map<String, Interpolation.Variable> v = Interpolation.variables(Map.of("a", List.of("${X:-d} $Y ${Z:?e}", "$$NOT ${W:+p${V}}")));
        assertEquals(List.of("V", "W", "X", "Y", "Z"), List.copyOf(v.keySet()));
        assertEquals(new Interpolation.Variable("X", false, "d", ""), v.get("X"));
        assertEquals(new Interpolation.Variable("Z", true, "", ""), v.get("Z"));
        assertEquals(new Interpolation.Variable("W", false, "", "p${V}"), v.get("W"));
    }
}
