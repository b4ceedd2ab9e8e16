package dev.berth.cli.compose;

import dev.berth.cli.CliContext;
import dev.berth.cli.Invocation;
import dev.berth.compose.model.ComposeException;
import dev.berth.compose.model.Project;
import dev.berth.compose.model.ProjectLoader;
import java.util.List;

/** The options of {@code berth compose} before the command: which project, how to show progress. */
public final class ComposeOptions {
    private final Invocation in;
    private final boolean dryRun;

    public ComposeOptions(Invocation in, boolean dryRun) {
        this.in = in;
        this.dryRun = dryRun || in.bool("dry-run");
    }

    public boolean dryRun() {
        return dryRun;
    }

    /** {@code --progress}, or "" for the default. */
    public String progress() {
        String p = in.string("progress");
        return p == null ? "" : p;
    }

    /** {@code --parallel}: the most API calls at once, -1 for no limit. */
    public int parallel() {
        return (int) in.integer("parallel", -1);
    }

    public String ansi() {
        return in.string("ansi");
    }

    /** The name given with {@code -p}, or null. */
    public String projectNameFlag() {
        return in.string("project-name");
    }

    public ProjectLoader.Options loaderOptions(CliContext ctx, List<String> services) {
        return new ProjectLoader.Options(ctx.cwd(), in.list("file"), in.string("project-name"), in.string("project-directory"),
                in.list("env-file"), in.list("profile"), ctx.envFunction(), services);
    }

    /** Loads the project; warnings go to stderr as Compose prints them. */
    public Project load(CliContext ctx, List<String> services) {
        return ProjectLoader.load(loaderOptions(ctx, services), w -> ctx.err().println("WARN[0000] " + w));
    }

    /**
     * For commands on existing containers ({@code down}, {@code ps}, {@code logs}...): the project, or, when there is
     * no compose file but {@code -p} names the project, the project known by that name only.
     */
    public Project loadOrName(CliContext ctx) {
        try {
            return load(ctx, List.of());
        } catch (ComposeException e) {
            String name = in.string("project-name");
            if (name == null || name.isEmpty() || !e.getMessage().startsWith("no configuration file provided")) throw e;
            return Project.named(name, ctx.cwd());
        }
    }
}
