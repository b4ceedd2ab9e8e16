package dev.berth.cli.command;

import dev.berth.api.ContainerWaitResponse;
import dev.berth.cli.BerthCommand;
import dev.berth.cli.CliContext;
import dev.berth.cli.Flags;
import dev.berth.cli.Invocation;
import dev.berth.client.ContainerWait;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** {@code berth wait CONTAINER...}: blocks until each container stops and prints its exit code. */
public final class WaitCommand implements BerthCommand {
    static final Flags FLAGS = new Flags().args(1, -1);

    @Override
    public Flags flags() {
        return FLAGS;
    }

    @Override
    public int run(CliContext ctx, Invocation in) {
        List<String> errors = new ArrayList<>();
        for (String name : in.args()) {
            try (ContainerWait w = ctx.client().waitContainer(name, null)) {
                ContainerWaitResponse r = w.await();
                ctx.out().println(r.statusCode());
                ctx.out().flush();
            } catch (UncheckedIOException e) {
                errors.add(e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
            } catch (RuntimeException e) {
                if (Errors.fatal(e)) throw e;
                errors.add(Errors.message(e));
            }
        }
        Errors.throwJoined(errors);
        return 0;
    }
}
