/**
 * The thin layer between the engine and the OCI runtime: {@link dev.berth.runtime.Bundle} (a
 * directory with {@code config.json}) and {@link dev.berth.runtime.OciRuntime} (runc, crun... as
 * commands: state, start, kill, delete, pause, resume, update, ps) with
 * {@link dev.berth.runtime.RuncRuntime}. It knows nothing of Docker's API, images or names.
 * Spec generation is in {@code runtime.spec}, running containers under conmon in
 * {@code runtime.conmon}, cgroup statistics in {@code runtime.stats}.
 */
package dev.berth.runtime;
