package dev.berth.cli.compose;

import dev.berth.cli.BerthCommand;
import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.cli.Invocations;
import dev.berth.cli.auth.RegistryAuth;
import dev.berth.cli.command.BuildCommand;
import dev.berth.compose.Compose;
import dev.berth.compose.model.Project;
import dev.berth.compose.model.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What the compose commands share: loading the project, the progress output, building images. */
abstract class ComposeBase implements BerthCommand {
    final ComposeOptions options;

    ComposeBase(ComposeOptions options) {
        this.options = options;
    }

    Compose compose(CliContext ctx, List<String> services) {
        return compose(ctx, options.load(ctx, services));
    }

    /** For commands on existing containers: works with {@code -p NAME} and no compose file. */
    Compose existing(CliContext ctx) {
        return compose(ctx, options.loadOrName(ctx));
    }

    private Compose compose(CliContext ctx, Project p) {
        return new Compose(ctx.client(), p, ProgressPrinter.forMode(ctx, options.progress()), builder(ctx), options.parallel())
                .withRegistryAuth(host -> RegistryAuth.header(ctx, host));
    }

    /** Builds a service's image with {@code berth build}'s code: its context, Dockerfile, args and target. */
    static Compose.ImageBuilder builder(CliContext ctx) {
        return (Project project, Service service, String tag) -> {
            Map<String, Object> b = service.build();
            List<String> args = new ArrayList<>(List.of("-t", tag));
            String context = String.valueOf(b.get("context"));
            if (b.get("dockerfile_inline") != null) throw new CliException("service \"" + service.name() + "\": dockerfile_inline is not supported");
            if (b.get("dockerfile") != null) {
                java.nio.file.Path df = java.nio.file.Path.of(context).resolve(String.valueOf(b.get("dockerfile")));
                args.addAll(List.of("-f", df.toString()));
            }
            if (b.get("target") != null) args.addAll(List.of("--target", String.valueOf(b.get("target"))));
            if (b.get("network") != null) args.addAll(List.of("--network", String.valueOf(b.get("network"))));
            if (Boolean.TRUE.equals(b.get("no_cache"))) args.add("--no-cache");
            if (b.get("args") instanceof Map<?, ?> m) {
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    args.addAll(List.of("--build-arg", e.getValue() == null ? String.valueOf(e.getKey()) : e.getKey() + "=" + e.getValue()));
                }
            }
            if (b.get("labels") instanceof Map<?, ?> m) {
                for (Map.Entry<?, ?> e : m.entrySet()) args.addAll(List.of("--label", e.getKey() + "=" + e.getValue()));
            }
            if (b.get("tags") instanceof List<?> tags) for (Object t : tags) args.addAll(List.of("-t", String.valueOf(t)));
            args.add(context);
            BuildCommand build = new BuildCommand();
            try {
                int rc = build.run(ctx, Invocations.parse(build.flags(), args));
                if (rc != 0) throw new CliException("failed to build " + service.name(), rc);
            } catch (java.io.IOException e) {
                throw new CliException("failed to build " + service.name() + ": " + e.getMessage());
            }
        };
    }

    static String name(dev.berth.api.ContainerSummary c) {
        return Compose.name(c);
    }
}
