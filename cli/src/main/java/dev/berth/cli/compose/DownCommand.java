package dev.berth.cli.compose;

import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.cli.Flag;
import dev.berth.cli.Flags;
import dev.berth.cli.Invocation;
import dev.berth.compose.Compose;
import dev.berth.compose.plan.Plan;
import dev.berth.compose.plan.Planner;

/** {@code berth compose down}: stop and remove the project's containers and networks (volumes with -v, images with --rmi). */
final class DownCommand extends ComposeBase {
    private static final Flags FLAGS = new Flags()
            .bool(null, "remove-orphans", "Remove containers for services not defined in the Compose file")
            .value(null, "rmi", Flag.Type.STRING, "Remove images used by services. \"local\" remove only images that don't have a custom tag (\"local\"|\"all\")")
            .value("t", "timeout", Flag.Type.INT, "Specify a shutdown timeout in seconds")
            .bool("v", "volumes", "Remove named volumes declared in the \"volumes\" section of the Compose file and anonymous volumes attached to containers")
            .args(0, -1);

    DownCommand(ComposeOptions options) {
        super(options);
    }

    @Override
    public Flags flags() {
        return FLAGS;
    }

    @Override
    public int run(CliContext ctx, Invocation in) {
        String rmi = in.string("rmi");
        if (rmi != null && !rmi.equals("local") && !rmi.equals("all")) throw new CliException("invalid value for --rmi: " + rmi);
        Compose compose = existing(ctx);
        Integer timeout = in.given("timeout") ? (int) in.integer("timeout", 10) : null;
        Plan plan = compose.down(new Planner.DownOptions(in.bool("remove-orphans"), in.bool("volumes"), rmi), options.dryRun(), timeout);
        if (options.dryRun()) ctx.out().print(plan.isEmpty() ? "nothing to do\n" : plan.toString());
        return 0;
    }
}
