package dev.berth.cli.command;

import dev.berth.api.EventMessage;
import dev.berth.cli.BerthCommand;
import dev.berth.cli.CliContext;
import dev.berth.cli.Flag;
import dev.berth.cli.Flags;
import dev.berth.cli.Invocation;
import dev.berth.cli.CliException;
import dev.berth.cli.format.FormatWriter;
import dev.berth.cli.render.EventView;
import dev.berth.cli.template.Funcs;
import dev.berth.cli.template.Template;
import dev.berth.cli.template.TemplateException;
import dev.berth.client.EventStream;
import dev.berth.client.EventsOptions;
import java.util.List;

/** {@code berth events}: streams daemon events until {@code --until} or until interrupted. */
public final class EventsCommand implements BerthCommand {
    static final Flags FLAGS = new Flags()
            .value("f", "filter", Flag.Type.FILTER, "Filter output based on conditions provided")
            .value(null, "format", Flag.Type.STRING, Help.INSPECT_FORMAT)
            .value(null, "since", Flag.Type.STRING, "Show all events created since timestamp")
            .value(null, "until", Flag.Type.STRING, "Stream events until this timestamp");

    @Override
    public Flags flags() {
        return FLAGS;
    }

    @Override
    public int run(CliContext ctx, Invocation in) {
        List<String> filters = in.list("filter");
        String format = in.string("format");
        String since = in.string("since");
        String until = in.string("until");
        Template tmpl = template(format);
        EventStream events = ctx.client().events(new EventsOptions(since, until, FilterArgs.of(filters)));
        Runtime.getRuntime().addShutdownHook(new Thread() {
            @Override
            public void run() {
                events.close(); // Ctrl-C: end the request cleanly
            }
        });
        try {
            while (events.hasNext()) {
                EventMessage e = events.next();
                if (tmpl == null) {
                    ctx.out().print(EventView.line(e, ctx.zone()));
                } else {
                    StringBuilder sb = new StringBuilder();
                    try {
                        tmpl.execute(sb, EventView.data(e));
                    } catch (TemplateException ex) {
                        ctx.out().print(sb.append('\n'));
                        throw new CliException(ex.getMessage());
                    }
                    ctx.out().print(sb.append('\n'));
                }
                ctx.out().flush();
            }
        } finally {
            events.close();
        }
        return 0;
    }

    /** Parses and trial-runs the format, as docker does, so a bad one fails before streaming. */
    private static Template template(String format) {
        if (format == null || format.isEmpty()) return null;
        String f = format.equals(FormatWriter.JSON) ? FormatWriter.JSON_TEMPLATE : format;
        try {
            Template t = Template.parse("", f, Funcs.docker());
            t.execute(EventView.data(null));
            return t;
        } catch (TemplateException e) {
            throw new CliException("Error parsing format: " + e.getMessage(), 64);
        }
    }
}
