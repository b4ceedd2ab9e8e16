package dev.berth.cli.command;

import dev.berth.cli.BerthCommand;
import dev.berth.cli.CliContext;
import dev.berth.cli.Flag;
import dev.berth.cli.Flags;
import dev.berth.cli.Invocation;
import dev.berth.cli.CliException;
import dev.berth.cli.format.Units;
import dev.berth.cli.template.Funcs;
import dev.berth.cli.template.Template;
import dev.berth.cli.template.TemplateException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code berth system prune}: removes unused data. For now that is images (dangling, or all unused
 * with {@code -a}); container, network, volume and build-cache pruning join the list of steps as
 * the daemon gains those objects, and the confirmation lists exactly the steps that will run.
 */
public final class SystemPruneCommand implements BerthCommand {
    private static final String CONFIRMATION = """
            WARNING! This will remove:
            {{- range $_, $warning := .warnings }}
              - {{ $warning }}
            {{- end }}
            {{if .filters}}
              Items to be pruned will be filtered with:
            {{- range $_, $filters := .filters }}
              - {{ $filters }}
            {{- end }}
            {{end}}
            Are you sure you want to continue?""";

    static final Flags FLAGS = new Flags()
            .bool("a", "all", "Remove all unused images not just dangling ones")
            .value(null, "filter", Flag.Type.FILTER, "Provide filter values (e.g. \"label=<key>=<value>\")")
            .bool("f", "force", "Do not prompt for confirmation")
            .bool(null, "volumes", "Prune anonymous volumes");

    @Override
    public Flags flags() {
        return FLAGS;
    }

    @Override
    public int run(CliContext ctx, Invocation in) {
        boolean all = in.bool("all");
        List<String> filters = in.list("filter");
        boolean force = in.bool("force");
        boolean volumes = in.bool("volumes");
        Map<String, List<String>> f = FilterArgs.parse(filters);
        if (volumes && f.containsKey("until")) throw new CliException("ERROR: The \"until\" filter is not supported with \"--volumes\"");
        if (!force && !Prompt.confirm(ctx, confirmation(f, all))) return 0;
        long reclaimed = 0;
        Pruning.Result images = Pruning.images(ctx, all, filters);
        reclaimed += images.reclaimed();
        if (!images.output().isEmpty()) ctx.out().println(images.output());
        ctx.out().println("Total reclaimed space: " + Units.humanSize(reclaimed));
        return 0;
    }

    private static String confirmation(Map<String, List<String>> f, boolean all) {
        List<String> warnings = new ArrayList<>();
        warnings.add(all ? "all images without at least one container associated to them" : "all dangling images");
        List<String> shown = new ArrayList<>();
        for (String name : List.of("label", "label!", "until")) {
            for (String v : f.getOrDefault(name, List.of())) shown.add(name + "=" + v);
        }
        shown.sort(null);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("warnings", warnings);
        data.put("filters", shown);
        try {
            return Template.parse("confirmation message", CONFIRMATION, Funcs.docker()).execute(data);
        } catch (TemplateException e) {
            throw new IllegalStateException(e);
        }
    }
}
