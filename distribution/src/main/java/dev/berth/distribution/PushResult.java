package dev.berth.distribution;

import dev.berth.oci.Digest;

/** What a push put at the registry: the manifest's digest and size (as {@code docker push} reports them). */
public record PushResult(String tag, Digest digest, long size) {}
