package dev.berth.cli.command;

import dev.berth.api.ContainerStats;
import dev.berth.api.ContainerSummary;
import dev.berth.api.EventMessage;
import dev.berth.api.Filters;
import dev.berth.cli.BerthCommand;
import dev.berth.cli.CliContext;
import dev.berth.cli.Flag;
import dev.berth.cli.Flags;
import dev.berth.cli.Invocation;
import dev.berth.cli.format.FormatWriter;
import dev.berth.cli.render.StatsRow;
import dev.berth.client.ContainerListOptions;
import dev.berth.client.DockerClient;
import dev.berth.client.EventStream;
import dev.berth.client.EventsOptions;
import dev.berth.client.StatsStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code berth stats}: resource use of the named containers (or of all running ones, following
 * starts and stops), redrawn every half second, or printed once with {@code --no-stream}.
 */
public final class StatsCommand implements BerthCommand {
    static final Flags FLAGS = new Flags()
            .bool("a", "all", "Show all containers (default shows just running)")
            .value(null, "format", Flag.Type.STRING, Help.FORMAT)
            .bool(null, "no-stream", "Disable streaming stats and only pull the first result")
            .bool(null, "no-trunc", "Do not truncate output")
            .args(0, -1);

    /** The latest figures of each container shown, in the order they were added. */
    private final Map<String, StatsRow> rows = new LinkedHashMap<>();
    private boolean trunc;

    @Override
    public Flags flags() {
        return FLAGS;
    }

    @Override
    public int run(CliContext ctx, Invocation in) throws Exception {
        boolean noStream = in.bool("no-stream");
        trunc = !in.bool("no-trunc");
        String format = in.string("format");
        if (format == null || format.isEmpty()) format = FormatWriter.TABLE;
        String fmt = format.equals(FormatWriter.TABLE) ? StatsRow.DEFAULT_FORMAT : format;
        DockerClient client = ctx.client();
        List<String> names = in.args();
        boolean showAll = names.isEmpty();
        EventStream events = null;
        if (showAll) {
            Map<String, List<String>> f = new LinkedHashMap<>();
            f.put("type", List.of("container"));
            events = client.events(new EventsOptions(null, null, Filters.of(f)));
            for (ContainerSummary c : client.listContainers(new ContainerListOptions(in.bool("all"), 0, false, Filters.NONE))) {
                names = new ArrayList<>(names);
                names.add(c.id().substring(0, Math.min(12, c.id().length())));
            }
        }
        List<String> errors = new ArrayList<>();
        if (noStream) {
            for (String name : names) {
                try (StatsStream s = client.stats(name, false)) {
                    put(name, s.hasNext() ? StatsRow.of(name, s.next(), trunc) : StatsRow.invalid(name, trunc));
                } catch (RuntimeException e) {
                    if (Errors.fatal(e)) throw e;
                    errors.add(Errors.message(e));
                    put(name, StatsRow.invalid(name, trunc));
                }
            }
            if (events != null) events.close();
            if (!showAll) Errors.throwJoined(errors);
            ctx.out().print(FormatWriter.render(fmt, StatsRow.HEADER, snapshot()));
            return 0;
        }
        for (String name : names) follow(ctx, client, name, !showAll ? errors : null);
        if (events != null) watch(ctx, client, events, in.bool("all"));
        Thread.sleep(100);
        synchronized (this) {
            if (!showAll && !errors.isEmpty()) Errors.throwJoined(errors);
        }
        while (true) {
            Thread.sleep(500);
            String table = FormatWriter.render(fmt, StatsRow.HEADER, snapshot());
            StringBuilder screen = new StringBuilder("\033[H");
            for (String line : table.split("\n", -1)) screen.append(line).append("\033[K\n");
            screen.append("\033[J");
            ctx.out().print(screen);
            ctx.out().flush();
            synchronized (this) {
                if (rows.isEmpty() && !showAll) return 0;
            }
        }
    }

    private synchronized void put(String name, StatsRow row) {
        rows.put(name, row);
    }

    private synchronized void remove(String name) {
        rows.remove(name);
    }

    private synchronized List<StatsRow> snapshot() {
        return new ArrayList<>(rows.values());
    }

    /** Streams one container's stats into its row on a thread of its own. */
    private void follow(CliContext ctx, DockerClient client, String name, List<String> errors) {
        synchronized (this) {
            if (rows.containsKey(name)) return;
            rows.put(name, StatsRow.invalid(name, trunc));
        }
        Thread t = new Thread("berth-stats") {
            @Override
            public void run() {
                try (StatsStream s = client.stats(name, true)) {
                    while (s.hasNext()) {
                        ContainerStats v = s.next();
                        synchronized (StatsCommand.this) {
                            if (rows.containsKey(name)) rows.put(name, StatsRow.of(name, v, trunc));
                        }
                    }
                } catch (RuntimeException e) {
                    if (errors != null) {
                        synchronized (StatsCommand.this) {
                            errors.add(Errors.message(e));
                        }
                    }
                }
            }
        };
        t.setDaemon(true);
        t.start();
    }

    /** Adds containers as they start (or are created, with -a) and drops them as they stop (without -a). */
    private void watch(CliContext ctx, DockerClient client, EventStream events, boolean all) {
        Thread t = new Thread("berth-stats-events") {
            @Override
            public void run() {
                try {
                    while (events.hasNext()) {
                        EventMessage e = events.next();
                        String id = e.actor() == null || e.actor().id() == null ? "" : e.actor().id();
                        String shortId = id.substring(0, Math.min(12, id.length()));
                        String action = e.action() == null ? "" : e.action();
                        if (action.equals("start") || (all && action.equals("create"))) follow(ctx, client, shortId, null);
                        else if (!all && action.equals("die")) remove(shortId);
                    }
                } catch (RuntimeException e) {
                    // the event stream ended
                }
            }
        };
        t.setDaemon(true);
        t.start();
    }

}
