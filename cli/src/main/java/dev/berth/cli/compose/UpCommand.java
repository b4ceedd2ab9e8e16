package dev.berth.cli.compose;

import dev.berth.api.ContainerInspect;
import dev.berth.api.ContainerSummary;
import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.cli.Flag;
import dev.berth.cli.Flags;
import dev.berth.cli.Invocation;
import dev.berth.compose.Compose;
import dev.berth.compose.plan.ComposeLabels;
import dev.berth.compose.plan.Plan;
import dev.berth.compose.plan.Planner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code berth compose up} and {@code create}: converge the project (pull or build missing images, create
 * networks and volumes, create, recreate, scale and start containers), then, attached, print the containers'
 * logs prefixed by their names until they all exit or Ctrl+C stops them.
 */
final class UpCommand extends ComposeBase {
    private final boolean create;

    private static final Flags UP_FLAGS = new Flags()
            .bool(null, "abort-on-container-exit", "Stops all containers if any container was stopped. Incompatible with -d")
            .bool(null, "always-recreate-deps", "Recreate dependent containers. Incompatible with --no-recreate.")
            .value(null, "attach", Flag.Type.LIST, "Restrict attaching to the specified services. Incompatible with --attach-dependencies.")
            .bool(null, "build", "Build images before starting containers")
            .bool("d", "detach", "Detached mode: Run containers in the background")
            .value(null, "exit-code-from", Flag.Type.STRING, "Return the exit code of the selected service container. Implies --abort-on-container-exit")
            .bool(null, "force-recreate", "Recreate containers even if their configuration and image haven't changed")
            .bool(null, "no-build", "Don't build an image, even if it's policy")
            .value(null, "no-attach", Flag.Type.LIST, "Do not attach (stream logs) to the specified services")
            .bool(null, "no-color", "Produce monochrome output")
            .bool(null, "no-deps", "Don't start linked services")
            .bool(null, "no-log-prefix", "Don't print prefix in logs")
            .bool(null, "no-recreate", "If containers already exist, don't recreate them. Incompatible with --force-recreate.")
            .bool(null, "no-start", "Don't start the services after creating them")
            .value(null, "pull", Flag.Type.STRING, "Pull image before running (\"always\"|\"missing\"|\"never\")", "policy")
            .bool(null, "quiet-pull", "Pull without printing progress information")
            .bool(null, "remove-orphans", "Remove containers for services not defined in the Compose file")
            .bool("V", "renew-anon-volumes", "Recreate anonymous volumes instead of retrieving data from the previous containers")
            .value(null, "scale", Flag.Type.LIST, "Scale SERVICE to NUM instances. Overrides the `scale` setting in the Compose file if present.")
            .value("t", "timeout", Flag.Type.INT, "Use this timeout in seconds for container shutdown when attached or when containers are already running")
            .bool(null, "timestamps", "Show timestamps")
            .bool(null, "wait", "Wait for services to be running|healthy. Implies detached mode.")
            .value(null, "wait-timeout", Flag.Type.INT, "Maximum duration in seconds to wait for the project to be running|healthy")
            .bool("y", "yes", "Assume \"yes\" as answer to all prompts and run non-interactively")
            .args(0, -1);

    private static final Flags CREATE_FLAGS = new Flags()
            .bool(null, "build", "Build images before starting containers")
            .bool(null, "force-recreate", "Recreate containers even if their configuration and image haven't changed")
            .bool(null, "no-build", "Don't build an image, even if it's policy")
            .bool(null, "no-recreate", "If containers already exist, don't recreate them. Incompatible with --force-recreate.")
            .value(null, "pull", Flag.Type.STRING, "Pull image before running (\"always\"|\"missing\"|\"never\"|\"build\")", "policy")
            .bool(null, "quiet-pull", "Pull without printing progress information")
            .bool(null, "remove-orphans", "Remove containers for services not defined in the Compose file")
            .value(null, "scale", Flag.Type.LIST, "Scale SERVICE to NUM instances. Overrides the `scale` setting in the Compose file if present.")
            .bool("y", "yes", "Assume \"yes\" as answer to all prompts and run non-interactively")
            .args(0, -1);

    UpCommand(ComposeOptions options, boolean create) {
        super(options);
        this.create = create;
    }

    @Override
    public Flags flags() {
        return create ? CREATE_FLAGS : UP_FLAGS;
    }

    @Override
    public int run(CliContext ctx, Invocation in) throws Exception {
        if (in.bool("force-recreate") && in.bool("no-recreate")) throw new CliException("--force-recreate and --no-recreate are incompatible");
        if (!create && in.bool("detach") && (in.bool("abort-on-container-exit") || in.string("exit-code-from") != null)) {
            throw new CliException("--abort-on-container-exit and --detach are incompatible");
        }
        if (in.bool("build") && in.bool("no-build")) throw new CliException("--build and --no-build are incompatible");
        Map<String, Integer> scale = new LinkedHashMap<>();
        for (String s : in.list("scale")) {
            int eq = s.indexOf('=');
            try {
                scale.put(s.substring(0, eq), Integer.parseInt(s.substring(eq + 1)));
            } catch (RuntimeException e) {
                throw new CliException("invalid --scale value \"" + s + "\": expected SERVICE=NUM");
            }
        }
        Planner.Recreate recreate = in.bool("force-recreate") ? Planner.Recreate.FORCE
                : in.bool("no-recreate") ? Planner.Recreate.NEVER : Planner.Recreate.DIVERGED;
        Planner.Recreate deps = !create && in.bool("always-recreate-deps") ? Planner.Recreate.FORCE
                : recreate == Planner.Recreate.NEVER ? Planner.Recreate.NEVER : Planner.Recreate.DIVERGED;
        boolean noDeps = !create && in.bool("no-deps");
        boolean start = !create && !in.bool("no-start");
        List<String> services = in.args();
        java.time.Instant began = java.time.Instant.now();
        Compose compose = compose(ctx, services);
        for (String s : scale.keySet()) compose.project().service(s);
        Integer timeout = !create && in.given("timeout") ? (int) in.integer("timeout", 10) : null;
        Planner.UpOptions up = new Planner.UpOptions(services, recreate, deps, noDeps, scale, in.bool("remove-orphans"), start);
        String pull = in.string("pull");
        if (!List.of("policy", "always", "missing", "never", "build").contains(pull)) {
            throw new CliException("invalid --pull option \"" + pull + "\"");
        }
        Plan plan = compose.up(up, in.bool("build"), pull, options.dryRun(), timeout);
        if (options.dryRun()) {
            ctx.out().print(plan.isEmpty() ? "nothing to do\n" : plan.toString());
            return 0;
        }
        if (create || !start) return 0;
        List<String> selected = Planner.selected(compose.project(), services, noDeps);
        if (in.bool("wait")) return waitRunning(ctx, compose, selected, in.given("wait-timeout") ? in.integer("wait-timeout", 0) : 0);
        if (in.bool("detach")) return 0;
        return attach(ctx, compose, selected, in, timeout, began);
    }

    /** {@code --wait}: until every container runs, and is healthy if it has a health check. */
    private static int waitRunning(CliContext ctx, Compose compose, List<String> services, long timeoutSeconds) throws InterruptedException {
        long deadline = timeoutSeconds > 0 ? System.nanoTime() + timeoutSeconds * 1_000_000_000L : Long.MAX_VALUE;
        ProgressPrinter progress = new ProgressPrinter(ctx.err(), "");
        for (ContainerSummary c : compose.containers(services, true, false)) {
            String name = name(c);
            progress.event("Container " + name, "Waiting");
            while (true) {
                ContainerInspect i = compose.client().inspectContainer(c.id(), false);
                boolean healthy = i.state().health() == null ? i.state().running() : "healthy".equals(i.state().health().status());
                if (healthy) {
                    progress.event("Container " + name, "Healthy");
                    break;
                }
                if (!i.state().running() || (i.state().health() != null && "unhealthy".equals(i.state().health().status()))) {
                    progress.event("Container " + name, "Error");
                    throw new CliException("container " + name + " is " + (i.state().running() ? "unhealthy" : "exited"));
                }
                if (System.nanoTime() > deadline) throw new CliException("timeout waiting for container " + name);
                Thread.sleep(250);
            }
        }
        return 0;
    }

    /** Attached mode: logs of every container until they all stop; Ctrl+C stops the project. */
    private int attach(CliContext ctx, Compose compose, List<String> services, Invocation in, Integer timeout,
                       java.time.Instant began) throws InterruptedException {
        List<String> only = in.list("attach");
        List<String> skip = in.list("no-attach");
        boolean abort = in.bool("abort-on-container-exit") || in.string("exit-code-from") != null;
        String exitFrom = in.string("exit-code-from");
        boolean color = !in.bool("no-color") && !"never".equals(options.ansi())
                && ("always".equals(options.ansi()) || ctx.streams().outIsTerminal());
        LogPrinter logs = new LogPrinter(ctx.out(), ctx.err(), color, !in.bool("no-log-prefix"), in.bool("timestamps"));
        List<ContainerSummary> containers = new ArrayList<>();
        for (ContainerSummary c : compose.containers(services, true, false)) {
            String svc = c.labels().get(ComposeLabels.SERVICE);
            if (!only.isEmpty() && !only.contains(svc)) continue;
            if (skip.contains(svc)) continue;
            containers.add(c);
        }
        String project = compose.project().name();
        List<String> names = new ArrayList<>();
        for (ContainerSummary c : containers) {
            String n = LogPrinter.shortName(project, name(c));
            names.add(n);
            logs.register(n);
        }
        ctx.out().println("Attaching to " + String.join(", ", names));
        ctx.out().flush();
        AtomicBoolean stopping = new AtomicBoolean();
        AtomicInteger exitCode = new AtomicInteger();
        Runnable stopAll = () -> {
            if (!stopping.compareAndSet(false, true)) return;
            try {
                compose.stop(services, false, timeout);
            } catch (RuntimeException e) {
                ctx.err().println(e.getMessage());
            }
        };
        Interrupts interrupts = Interrupts.install(() -> {
            ctx.err().println("Gracefully stopping... (press Ctrl+C again to force)");
            Thread.ofVirtual().start(stopAll);
        }, () -> {
            for (ContainerSummary c : containers) {
                try {
                    compose.client().killContainer(c.id(), null);
                } catch (RuntimeException ignored) {
                    // already gone
                }
            }
            logs.closeAll();
        });
        try {
            List<Thread> threads = new ArrayList<>();
            // the output since this up began (Compose attaches before it starts containers)
            String since = began.getEpochSecond() + "." + String.format("%09d", began.getNano());
            for (int i = 0; i < containers.size(); i++) {
                ContainerSummary c = containers.get(i);
                String n = names.get(i);
                String svc = c.labels().get(ComposeLabels.SERVICE);
                threads.add(Thread.ofVirtual().start(() -> {
                    try {
                        logs.copy(compose.client(), c, n, true, "all", since);
                        ContainerInspect i2 = compose.client().inspectContainer(c.id(), false);
                        int code = i2.state().exitCode();
                        if (!i2.state().running()) {
                            logs.status(n, "exited with code " + code);
                            if (exitFrom != null ? exitFrom.equals(svc) : abort) exitCode.compareAndSet(0, code);
                            if (abort && !stopping.get()) {
                                ctx.err().println("Aborting on container exit...");
                                stopAll.run();
                            }
                        }
                    } catch (Exception e) {
                        // the container went away
                    }
                }));
            }
            for (Thread t : threads) t.join();
        } finally {
            interrupts.uninstall();
        }
        if (stopping.get() && !abort) return 130;
        return exitCode.get();
    }
}
