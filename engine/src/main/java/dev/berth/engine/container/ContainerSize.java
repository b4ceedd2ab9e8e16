package dev.berth.engine.container;

/**
 * {@code SizeRw} and {@code SizeRootFs}: bytes the container wrote, and those plus its image's.
 */
public record ContainerSize(long rw, long rootFs) {}
