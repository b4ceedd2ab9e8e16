package dev.berth.cli.auth;

import dev.berth.cli.CliContext;

/** The {@code X-Registry-Auth} value the docker CLI sends for a registry: the stored credentials, or {@code {}}. */
public final class RegistryAuth {
    private RegistryAuth() {}

    /**
     * {@code X-Registry-Config} for a build: the credentials stored in {@code config.json}'s
     * {@code auths} (as the docker CLI sends them, keyed by server), or null when there are none.
     */
    public static String registryConfig(CliContext ctx) {
        return DockerConfig.load(ctx.globals().configDir(ctx.envFunction())).fileAuthsHeader();
    }

    public static String header(CliContext ctx, String domain) {
        DockerConfig.AuthConfig a = DockerConfig.load(ctx.globals().configDir(ctx.envFunction())).get(DockerConfig.serverKey(domain));
        return a.empty() ? "e30=" : a.header();
    }
}
