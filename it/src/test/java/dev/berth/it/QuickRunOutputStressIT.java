package dev.berth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code docker run --rm} of a container that prints and exits at once, many times while every core is kept busy:
 * each run must show its stdout, its stderr and its exit code. (Attachments made before start used to lose
 * everything when the process finished before conmon accepted their connection.)
 */
@RequiresRoot(tools = {Tool.DOCKER_CLI, Tool.BUSYBOX, Tool.RUNC, Tool.CONMON})
class QuickRunOutputStressIT {
    static final int RUNS = 200;
    static final Duration BUDGET = Duration.ofMinutes(4);

    @RegisterExtension
    static final BerthDaemon berthd = new BerthDaemon();

    @Test
    void quickRunsUnderCpuLoadKeepTheirOutput() throws Exception {
        DockerCli docker = berthd.docker();
        Images.busybox().importInto(docker);
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> burners = new ArrayList<>();
        for (int i = 0; i < 2 * Runtime.getRuntime().availableProcessors(); i++) {
            burners.add(Thread.ofPlatform().daemon().name("burn-" + i).start(() -> {
                long x = 0;
                while (!stop.get()) x += System.nanoTime() % 7;
                if (x == 42) System.out.print(""); // keep the loop
            }));
        }
        try {
            long deadline = System.nanoTime() + BUDGET.toNanos();
            int done = 0;
            for (; done < RUNS && System.nanoTime() < deadline; done++) {
                CliResult r = docker.run(List.of("run", "--rm", "--network", "none", "busybox", "sh", "-c",
                        "echo hi; echo oops >&2; exit 3"));
                String what = "run " + done + ": " + r.describe();
                assertEquals(3, r.exitCode(), what);
                assertEquals("hi\n", r.stdout(), what);
                assertEquals("oops\n", r.stderr(), what);
            }
            assertTrue(done >= 50, "only " + done + " runs in " + BUDGET);
        } finally {
            stop.set(true);
            for (Thread t : burners) t.join();
        }
    }
}
