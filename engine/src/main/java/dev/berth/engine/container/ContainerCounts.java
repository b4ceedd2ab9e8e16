package dev.berth.engine.container;

/** {@code docker info}'s container counts, as moby counts them: by status, restarting ones among the stopped. */
public record ContainerCounts(int total, int running, int paused, int stopped) {}
