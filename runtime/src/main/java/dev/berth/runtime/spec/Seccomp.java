package dev.berth.runtime.spec;

import java.util.List;

/**
 * The OCI form of a seccomp filter ({@code linux.seccomp}), as the runtime loads it: a default
 * action and rules for named syscalls. Built from a Docker-format {@link SeccompProfile} by
 * {@link SeccompProfiles#toSpec}.
 *
 * @param defaultAction e.g. {@code SCMP_ACT_ERRNO}
 * @param defaultErrnoRet the errno of the default action (1 = EPERM), or null for the runtime's default
 * @param architectures e.g. {@code SCMP_ARCH_X86_64}; empty for the native one only
 * @param syscalls the rules, in order
 */
public record Seccomp(String defaultAction, Integer defaultErrnoRet, List<String> architectures, List<Syscall> syscalls) {
    public Seccomp {
        architectures = Spec.Lists.copy(architectures);
        syscalls = Spec.Lists.copy(syscalls);
    }

    /** One rule: these syscalls, if all {@code args} conditions hold, get {@code action}. */
    public record Syscall(List<String> names, String action, Integer errnoRet, List<Arg> args) {
        public Syscall {
            names = Spec.Lists.copy(names);
            args = Spec.Lists.copy(args);
        }
    }

    /**
     * A condition on a syscall argument.
     *
     * @param index the argument, 0-based
     * @param op e.g. {@code SCMP_CMP_EQ}, {@code SCMP_CMP_MASKED_EQ} (then {@code value} is the mask)
     */
    public record Arg(int index, long value, long valueTwo, String op) {}
}
