package dev.berth.cli.command;

import dev.berth.cli.BerthCommand;
import dev.berth.cli.CliContext;
import dev.berth.cli.Flags;
import dev.berth.cli.Invocation;
import dev.berth.cli.auth.DockerConfig;

/** {@code berth logout [SERVER]}: forgets the stored credentials of a registry, as {@code docker logout}. */
public final class LogoutCommand implements BerthCommand {
    static final Flags FLAGS = new Flags().args(0, 1);

    @Override
    public Flags flags() {
        return FLAGS;
    }

    @Override
    public int run(CliContext ctx, Invocation in) {
        String server = in.args().isEmpty() ? DockerConfig.INDEX_SERVER : in.args().getFirst();
        boolean index = server.equals(DockerConfig.INDEX_SERVER) || server.equals("docker.io");
        String key = index ? DockerConfig.INDEX_SERVER : LoginCommand.hostname(server);
        DockerConfig config = DockerConfig.load(ctx.globals().configDir(ctx.envFunction()));
        if (!index && config.get(key).empty()) {
            ctx.out().println("Not logged in to " + key);
            return 0;
        }
        ctx.out().println("Removing login credentials for " + (index ? "https://index.docker.io/v1/" : key));
        config.erase(key);
        return 0;
    }
}
