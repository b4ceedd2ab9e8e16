package dev.berth.cli.compose;

import dev.berth.api.ContainerSummary;
import dev.berth.cli.CliContext;
import dev.berth.cli.Flag;
import dev.berth.cli.Flags;
import dev.berth.cli.Invocation;
import dev.berth.compose.Compose;
import dev.berth.compose.plan.Plan;
import dev.berth.compose.plan.Progress;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** {@code start}, {@code stop}, {@code restart}, {@code kill}, {@code pause}, {@code unpause} and {@code rm} of services' containers. */
final class LifecycleCommand extends ComposeBase {
    enum Action { START, STOP, RESTART, KILL, PAUSE, UNPAUSE, RM }

    private final Action action;

    LifecycleCommand(ComposeOptions options, Action action) {
        super(options);
        this.action = action;
    }

    @Override
    public Flags flags() {
        Flags f = new Flags();
        switch (action) {
            case STOP -> f.value("t", "timeout", Flag.Type.INT, "Specify a shutdown timeout in seconds");
            case RESTART -> f.bool(null, "no-deps", "Don't restart dependent services")
                    .value("t", "timeout", Flag.Type.INT, "Specify a shutdown timeout in seconds");
            case KILL -> f.bool(null, "remove-orphans", "Remove containers for services not defined in the Compose file")
                    .value("s", "signal", Flag.Type.STRING, "SIGNAL to send to the container", "SIGKILL");
            case RM -> f.bool("f", "force", "Don't ask to confirm removal")
                    .bool("s", "stop", "Stop the containers, if required, before removing")
                    .bool("v", "volumes", "Remove any anonymous volumes attached to containers");
            default -> { }
        }
        return f.args(0, -1);
    }

    @Override
    public int run(CliContext ctx, Invocation in) throws Exception {
        Compose compose = existing(ctx);
        List<String> services = in.args();
        boolean timed = action == Action.STOP || action == Action.RESTART;
        Integer timeout = timed && in.given("timeout") ? (int) in.integer("timeout", 10) : null;
        Progress progress = ProgressPrinter.forMode(ctx, options.progress());
        switch (action) {
            case START -> dryRunOr(ctx, compose.start(services, options.dryRun()));
            case STOP -> dryRunOr(ctx, compose.stop(services, options.dryRun(), timeout));
            case RESTART -> {
                // the services named, and (unless --no-deps) those depending on them with restart: true, dependencies first
                List<String> named = services.isEmpty() || in.bool("no-deps") ? services : compose.withRestartDependents(services);
                List<List<String>> waves = new ArrayList<>();
                if (named.isEmpty()) waves.add(List.of());
                for (String s : compose.project().startOrder()) if (named.contains(s)) waves.add(List.of(s));
                for (List<String> wave : waves) {
                    each(compose.containers(wave, true, false), progress, "Restarting", "Started",
                            c -> compose.client().restartContainer(c.id(), timeout, null));
                }
            }
            case KILL -> each(compose.containers(services, false, false), progress, "Killing", "Killed",
                    c -> compose.client().killContainer(c.id(), in.string("signal")));
            case PAUSE -> each(compose.containers(services, false, false), progress, "Pausing", "Paused",
                    c -> compose.client().pauseContainer(c.id()));
            case UNPAUSE -> each(compose.containers(services, false, false), progress, "Unpausing", "Unpaused",
                    c -> compose.client().unpauseContainer(c.id()));
            case RM -> {
                if (in.bool("stop")) compose.stop(services, false, null);
                List<ContainerSummary> stopped = new ArrayList<>();
                for (ContainerSummary c : compose.containers(services, true, false)) {
                    if (!"running".equals(c.state()) && !"paused".equals(c.state()) && !"restarting".equals(c.state())) stopped.add(c);
                }
                if (stopped.isEmpty()) {
                    ctx.err().println("No stopped containers");
                    return 0;
                }
                if (!in.bool("force")) {
                    List<String> names = new ArrayList<>();
                    for (ContainerSummary c : stopped) names.add(name(c));
                    ctx.out().println("Going to remove " + String.join(", ", names));
                    ctx.out().print("? Are you sure? (y/N) ");
                    ctx.out().flush();
                    String answer = new BufferedReader(new InputStreamReader(ctx.in(), StandardCharsets.UTF_8)).readLine();
                    if (answer == null || !answer.strip().toLowerCase().startsWith("y")) return 0;
                }
                boolean volumes = in.bool("volumes");
                each(stopped, progress, "Removing", "Removed", c -> compose.client().removeContainer(c.id(), volumes, true, false));
            }
        }
        return 0;
    }

    private void dryRunOr(CliContext ctx, Plan plan) {
        if (options.dryRun()) ctx.out().print(plan.isEmpty() ? "nothing to do\n" : plan.toString());
    }

    private interface Op {
        void apply(ContainerSummary c);
    }

    /** One call per container, in parallel, with a status line before and after. */
    private static void each(List<ContainerSummary> containers, Progress progress, String doing, String done, Op op) throws Exception {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (ContainerSummary c : containers) {
                futures.add(threads.submit(() -> {
                    String r = "Container " + name(c);
                    progress.event(r, doing);
                    try {
                        op.apply(c);
                    } catch (RuntimeException e) {
                        progress.event(r, "Error");
                        throw e;
                    }
                    progress.event(r, done);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r) throw r;
                    throw e;
                }
            }
        }
    }
}
