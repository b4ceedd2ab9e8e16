/**
 * Resource statistics of a container from its cgroup v1 files
 * ({@link dev.berth.runtime.stats.CgroupV1Stats} reading into the plain record
 * {@link dev.berth.runtime.stats.CgroupStats}); {@link dev.berth.runtime.stats.CgroupV1} finds
 * the hierarchies. cgroup v2 is not read yet.
 */
package dev.berth.runtime.stats;
