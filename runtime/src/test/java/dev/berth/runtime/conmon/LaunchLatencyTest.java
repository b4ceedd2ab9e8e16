package dev.berth.runtime.conmon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.common.linux.Libc;
import dev.berth.runtime.spec.Spec;
import dev.berth.runtime.testing.RuntimeSandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Measures the runtime layer's share of {@code docker run --rm busybox true}: spec generation,
 * overlay mount, bundle + conmon + {@code runc create}, {@code runc start}, exit notification,
 * removal. Prints a table (and writes {@code target/launch-latency.txt}); asserts only sanity bounds.
 * 3 warm-up runs, then {@value #RUNS} measured runs.
 */
@Tag("root")
@Tag("perf")
class LaunchLatencyTest {
    @RegisterExtension static final RuntimeSandbox sandbox = new RuntimeSandbox();
    private static final int RUNS = 20;

    @Test
    void runTrueEndToEnd() throws Exception {
        Map<String, List<Double>> phases = new LinkedHashMap<>();
        for (int i = 0; i < 3 + RUNS; i++) {
            Map<String, Double> t = runOnce();
            if (i >= 3) t.forEach((k, v) -> phases.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
        }
        StringBuilder report = new StringBuilder(String.format("%-44s %8s %8s %8s %8s%n", "phase (" + RUNS + " runs, ms)", "mean", "median", "p90", "max"));
        phases.forEach((k, v) -> {
            double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            report.append(String.format("%-44s %8.1f %8.1f %8.1f %8.1f%n", k, Arrays.stream(a).average().orElse(0), a[a.length / 2],
                    a[(int) Math.ceil(a.length * 0.9) - 1], a[a.length - 1]));
        });
        System.out.print(report);
        Files.writeString(Path.of("target/launch-latency.txt"), report);
        double mean = phases.get("run true, end to end").stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertTrue(mean < 2000, "run true takes " + mean + " ms on average");
    }

    private static Map<String, Double> runOnce() throws Exception {
        Map<String, Double> t = new LinkedHashMap<>();
        String id = sandbox.newId();
        long t0 = System.nanoTime();
        Spec spec = sandbox.spec(id, List.of("true")); // includes the overlay mount
        long t1 = System.nanoTime();
        ConmonContainer c = sandbox.conmon().create(CreateOptions.of(id, spec, sandbox.logPath(id)));
        long t2 = System.nanoTime();
        c.start();
        long t3 = System.nanoTime();
        int code = c.awaitExit(Duration.ofSeconds(10));
        long t4 = System.nanoTime();
        sandbox.conmon().remove(id);
        Libc.umount2(Path.of(spec.root().path()), Libc.MNT_DETACH);
        long t5 = System.nanoTime();
        assertEquals(0, code);
        t.put("spec generation + overlay mount", ms(t0, t1));
        t.put("create: bundle + conmon + runc create", ms(t1, t2));
        t.put("start: runc start", ms(t2, t3));
        t.put("create -> running (create + start)", ms(t1, t3));
        t.put("exit seen (inotify on exit file)", ms(t3, t4));
        t.put("remove: runc delete + files + umount", ms(t4, t5));
        t.put("run true, end to end", ms(t0, t5));
        return t;
    }

    private static double ms(long from, long to) {
        return (to - from) / 1e6;
    }
}
