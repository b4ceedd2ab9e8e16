package dev.berth.client;

/** What {@code GET /_ping} tells about the daemon, from its response headers. */
public record Ping(String apiVersion, String osType, boolean experimental, String builderVersion) {}
