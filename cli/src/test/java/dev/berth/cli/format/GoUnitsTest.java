package dev.berth.cli.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.cli.template.GoFormat;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sizes, durations and float formatting against values printed by Go itself
 * ({@code go-units-oracle.go.txt}: docker's go-units functions and {@code fmt}), in {@code go-units.tsv}.
 */
class GoUnitsTest {

    static Stream<Arguments> lines(String kind) throws Exception {
        List<Arguments> out = new ArrayList<>();
        try (var r = new BufferedReader(new InputStreamReader(GoUnitsTest.class.getResourceAsStream("go-units.tsv"),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                String[] f = line.split("\t");
                if (f[0].equals(kind)) out.add(Arguments.of((Object[]) java.util.Arrays.copyOfRange(f, 1, f.length)));
            }
        }
        return out.stream();
    }

    static Stream<Arguments> sizes() throws Exception {
        return lines("S");
    }

    static Stream<Arguments> durations() throws Exception {
        return lines("D");
    }

    static Stream<Arguments> floats() throws Exception {
        return lines("G");
    }

    static Stream<Arguments> values() throws Exception {
        return lines("V");
    }

    @ParameterizedTest(name = "{0} bytes")
    @MethodSource("sizes")
    void humanSizes(String bytes, String prec3, String prec4, String binary) {
        double size = Double.parseDouble(bytes);
        assertEquals(prec3, Units.humanSize(size, 3), "HumanSizeWithPrecision(3)");
        assertEquals(prec4, Units.humanSize(size), "HumanSize");
        assertEquals(binary, Units.bytesSize(size), "BytesSize");
    }

    @ParameterizedTest(name = "{0} s")
    @MethodSource("durations")
    void humanDurations(String seconds, String expected) {
        assertEquals(expected, Units.humanDuration(Duration.ofSeconds(Long.parseLong(seconds))));
    }

    @ParameterizedTest(name = "%.{0} of {1}")
    @MethodSource("floats")
    void fixedPrecision(String prec, String value, String g, String e, String f) {
        double d = Double.parseDouble(value);
        int p = Integer.parseInt(prec);
        assertEquals(g, GoFormat.formatFloat(d, 'g', p), "%g");
        assertEquals(e, GoFormat.formatFloat(d, 'e', p), "%e");
        assertEquals(f, GoFormat.formatFloat(d, 'f', p), "%f");
    }

    @ParameterizedTest(name = "%v of {0}")
    @MethodSource("values")
    void shortest(String value, String expected) {
        assertEquals(expected, GoFormat.print(Double.parseDouble(value)));
    }
}
