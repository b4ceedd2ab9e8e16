package dev.berth.cli.command;

import dev.berth.api.ApiVersion;
import dev.berth.cli.CliException;
import dev.berth.client.DockerClient;

/** docker's {@code NewVersionError}: a flag the API version berth speaks does not support. */
final class ApiFeatures {
    private ApiFeatures() {}

    static void require(String feature, String version) {
        if (ApiVersion.compare(DockerClient.API_VERSION, version) < 0) {
            throw new CliException("\"" + feature + "\" requires API version " + version
                    + ", but the berth daemon API version is " + DockerClient.API_VERSION);
        }
    }
}
