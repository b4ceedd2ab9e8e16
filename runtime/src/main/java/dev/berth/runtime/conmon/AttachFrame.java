package dev.berth.runtime.conmon;

/** One chunk of a container's output read from conmon's attach socket. */
public record AttachFrame(AttachStream stream, byte[] data) {}
