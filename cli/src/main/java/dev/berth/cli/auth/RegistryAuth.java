package dev.berth.cli.auth;

import dev.berth.cli.CliContext;

/** The {@code X-Registry-Auth} value the docker CLI sends for a registry: the stored credentials, or {@code {}}. */
public final class RegistryAuth {
    private RegistryAuth() {}

    public static String header(CliContext ctx, String domain) {
        DockerConfig.AuthConfig a = DockerConfig.load(ctx.globals().configDir(ctx.envFunction())).get(DockerConfig.serverKey(domain));
        return a.empty() ? "e30=" : a.header();
    }
}
