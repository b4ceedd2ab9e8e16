package dev.berth.engine.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Whole container lives leave nothing behind; and how long the shortest one takes. */
class ContainerLeakTest {
    @RegisterExtension
    static final ContainerSandbox sandbox = new ContainerSandbox();

    @Test
    void fiftyCreateStartStopRemoveCyclesLeaveNoMountCgroupProcessOrFile() throws Exception {
        ContainerService s = sandbox.service();
        for (int i = 0; i < 50; i++) {
            HostSpec host = HostSpec.defaults().withInit(i % 2 == 0);
            Container c = s.create(ContainerSpec.of(ContainerSandbox.IMAGE, "sleep", "1000").withHost(host)).container();
            s.start(c.id());
            if (i % 5 == 4) {
                s.remove(c.id(), true); // killed by rm -f
            } else {
                s.stop(c.id(), i % 2 == 0 ? 10 : 0); // SIGTERM through the init, or SIGKILL at once
                assertEquals(i % 2 == 0 ? 143 : 137, s.inspect(c.id()).state().exitCode());
                s.remove(c.id(), false);
            }
        }
        assertEquals(List.of(), s.list(ContainerQuery.everything()));
        assertEquals(List.of(), sandbox.leftovers());
        List<String> conmons = ContainerSandbox.processesMentioning(sandbox.root());
        assertEquals(List.of(), conmons);
    }

    @Test
    void createStartWaitOfTrue() throws Exception {
        ContainerService s = sandbox.service();
        for (int i = 0; i < 3; i++) run(s); // warm up
        int n = 20;
        long total = 0;
        for (int i = 0; i < n; i++) total += run(s);
        double avgMs = total / 1e6 / n;
        System.out.printf("create+start+wait of true: %.1f ms on average over %d runs%n", avgMs, n);
        assertTrue(avgMs < 2000, "create+start+wait took " + avgMs + " ms on average");
        for (Container c : s.list(ContainerQuery.everything())) s.remove(c.id(), false);
        assertEquals(List.of(), sandbox.leftovers());
    }

    private static long run(ContainerService s) throws Exception {
        long t0 = System.nanoTime();
        Container c = s.create(ContainerSpec.of(ContainerSandbox.IMAGE, "true")).container();
        CompletableFuture<WaitResult> exit = s.wait(c.id(), WaitCondition.NEXT_EXIT);
        s.start(c.id());
        assertEquals(0, exit.get(20, TimeUnit.SECONDS).statusCode());
        long took = System.nanoTime() - t0;
        assertTrue(Duration.ofNanos(took).toSeconds() < 20);
        return took;
    }
}
