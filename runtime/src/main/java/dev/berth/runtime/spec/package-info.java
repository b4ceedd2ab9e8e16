/**
 * OCI runtime specs: the immutable model ({@link dev.berth.runtime.spec.Spec},
 * {@link dev.berth.runtime.spec.LinuxSpec}, {@link dev.berth.runtime.spec.Resources},
 * {@link dev.berth.runtime.spec.Seccomp}), its JSON ({@link dev.berth.runtime.spec.SpecJson}),
 * Docker's default spec and generation ({@link dev.berth.runtime.spec.SpecGenerator}), the small
 * composable customizers ({@link dev.berth.runtime.spec.SpecCustomizers}, containerd's SpecOpts;
 * their order dependencies are documented there), capabilities
 * ({@link dev.berth.runtime.spec.KernelCapabilities}) and seccomp profiles in Docker's format
 * with berth's own default ({@link dev.berth.runtime.spec.SeccompProfiles}).
 */
package dev.berth.runtime.spec;
