package dev.berth.cli.command;

import dev.berth.api.InfoResponse;
import dev.berth.cli.BerthCommand;
import dev.berth.cli.CliContext;
import dev.berth.cli.Flag;
import dev.berth.cli.Flags;
import dev.berth.cli.Invocation;
import dev.berth.cli.CliException;
import dev.berth.cli.format.FormatWriter;
import dev.berth.cli.render.InfoView;
import dev.berth.cli.template.Funcs;
import dev.berth.cli.template.StructObject;
import dev.berth.cli.template.Template;
import dev.berth.cli.template.TemplateException;
import dev.berth.client.ConnectionFailedException;
import dev.berth.common.EngineException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** {@code berth info}: client and daemon information, pretty or through {@code --format}. */
public final class InfoCommand implements BerthCommand {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\.[a-zA-Z]");

    static final Flags FLAGS = new Flags().value("f", "format", Flag.Type.STRING, Help.INSPECT_FORMAT);

    @Override
    public Flags flags() {
        return FLAGS;
    }

    @Override
    public int run(CliContext ctx, Invocation in) {
        String format = in.string("format");
        StructObject clientInfo = InfoView.clientInfo(ctx.build(), "default", ctx.globals().debug());
        String f = format == null ? "" : format;
        InfoResponse info = null;
        RuntimeException connectFailure = null;
        List<String> serverErrors = new ArrayList<>();
        if (needsServer(f, clientInfo)) {
            try {
                info = ctx.client().info();
            } catch (ConnectionFailedException e) {
                connectFailure = e;
            } catch (EngineException e) {
                serverErrors.add("Error response from daemon: " + e.getMessage());
                if (!f.isEmpty()) ctx.err().println(serverErrors.get(serverErrors.size() - 1));
            }
        }
        if (f.isEmpty()) {
            ctx.out().print(InfoView.client(clientInfo));
            ctx.out().println();
            ctx.out().println("Server:");
            List<String> warnings = new ArrayList<>();
            if (info != null) ctx.out().print(InfoView.server(info, ctx.globals().debug(), warnings));
            ctx.out().flush();
            for (String w : warnings) ctx.err().println(w);
            for (String e : serverErrors) ctx.err().println("ERROR: " + e);
            if (connectFailure != null) throw connectFailure;
            if (!serverErrors.isEmpty()) throw new CliException("errors pretty printing info");
            return 0;
        }
        if (connectFailure != null) throw connectFailure;
        Template tmpl = parse(f.equals(FormatWriter.JSON) ? FormatWriter.JSON_TEMPLATE : f);
        StringBuilder out = new StringBuilder();
        try {
            tmpl.execute(out, InfoView.data(info, clientInfo));
        } catch (TemplateException e) {
            ctx.out().print(out.append('\n'));
            throw new CliException(e.getMessage());
        }
        ctx.out().print(out.append('\n'));
        return 0;
    }

    /** docker's {@code needsServerInfo}: whether the format reads anything beyond the client part. */
    private static boolean needsServer(String f, StructObject clientInfo) {
        if (f.isEmpty() || f.equals(FormatWriter.JSON) || f.equals(FormatWriter.JSON_TEMPLATE)) return true;
        if (!PLACEHOLDER.matcher(f).find()) return true;
        try {
            Map<String, Object> sparse = new LinkedHashMap<>();
            sparse.put("ClientInfo", clientInfo);
            Template.parse("", f, Funcs.docker()).execute(new StructObject("system.sparseInfo", sparse));
            return false;
        } catch (TemplateException e) {
            return true;
        }
    }

    private static Template parse(String f) {
        try {
            return Template.parse("", f, Funcs.docker());
        } catch (TemplateException e) {
            throw new CliException("template parsing error: " + e.getMessage(), 64);
        }
    }
}
