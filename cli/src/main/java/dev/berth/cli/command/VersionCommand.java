package dev.berth.cli.command;

import dev.berth.api.VersionResponse;
import dev.berth.cli.BerthCommand;
import dev.berth.cli.CliContext;
import dev.berth.cli.Flag;
import dev.berth.cli.Flags;
import dev.berth.cli.Invocation;
import dev.berth.cli.CliException;
import dev.berth.cli.format.FormatWriter;
import dev.berth.cli.render.VersionView;
import dev.berth.cli.template.Funcs;
import dev.berth.cli.template.StructObject;
import dev.berth.cli.template.Template;
import dev.berth.cli.template.TemplateException;
import dev.berth.cli.template.TemplateObject;
import dev.berth.client.DockerClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code berth version}: client and server versions. The client part is printed even when the
 * daemon cannot be reached; the error follows and the status is 1.
 */
public final class VersionCommand implements BerthCommand {
    static final Flags FLAGS = new Flags().value("f", "format", Flag.Type.STRING, Help.INSPECT_FORMAT);

    @Override
    public Flags flags() {
        return FLAGS;
    }

    @Override
    public int run(CliContext ctx, Invocation in) {
        String format = in.string("format");
        Template tmpl = template(format);
        StructObject client = VersionView.client(ctx.build(), DockerClient.API_VERSION, "default", null);
        StructObject server = null;
        RuntimeException failure = null;
        try {
            VersionResponse v = ctx.client().version();
            server = VersionView.server(v, null);
        } catch (RuntimeException e) {
            failure = e;
        }
        StringBuilder out = new StringBuilder();
        TemplateException templateFailure = null;
        try {
            tmpl.execute(out, VersionView.data(client, server));
        } catch (TemplateException e) {
            templateFailure = e;
        }
        ctx.out().print(VersionView.layout(out.toString()));
        if (failure != null) throw failure;
        if (templateFailure != null) throw new CliException(templateFailure.getMessage());
        return 0;
    }

    static Template template(String format) {
        String f = format == null || format.isEmpty() ? VersionView.DEFAULT_TEMPLATE
                : format.equals(FormatWriter.JSON) ? FormatWriter.JSON_TEMPLATE : format;
        Funcs funcs = Funcs.docker().with(Funcs.func("getDetailsOrder", DETAILS_ORDER, Funcs.ArgType.ANY));
        try {
            return Template.parse("version", f, funcs);
        } catch (TemplateException e) {
            throw new CliException("template parsing error: " + e.getMessage(), 64);
        }
    }

    /** docker's {@code getDetailsOrder}: a component's detail keys, sorted. */
    private static final Funcs.Body DETAILS_ORDER = new Funcs.Body() {
        @Override
        public Object call(List<Object> args) {
            List<String> keys = new ArrayList<>();
            if (args.get(0) instanceof TemplateObject c && c.field("Details") instanceof Map<?, ?> d) {
                for (Object k : d.keySet()) keys.add(String.valueOf(k));
            }
            keys.sort(null);
            return keys;
        }
    };
}
