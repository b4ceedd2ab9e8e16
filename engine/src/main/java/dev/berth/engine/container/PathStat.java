package dev.berth.engine.container;

import java.time.Instant;

/**
 * What is at a path in a container: Docker's {@code ContainerPathStat} ({@code docker cp} reads it
 * from the {@code X-Docker-Container-Path-Stat} header).
 *
 * @param name       the last component of the path as asked ({@code /} for the root)
 * @param size       bytes (of the link itself for a link)
 * @param mode       Go's {@code os.FileMode} bits (type bits such as {@code 1<<31} for a directory, then permissions)
 * @param mtime      modification time
 * @param linkTarget for a link, the absolute path it resolves to in the container; else ""
 */
public record PathStat(String name, long size, long mode, Instant mtime, String linkTarget) {}
