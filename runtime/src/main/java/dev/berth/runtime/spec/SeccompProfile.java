package dev.berth.runtime.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A seccomp profile in Docker's file format ({@code docker run --security-opt seccomp=FILE}):
 * like the OCI form, plus rules that apply only with some capabilities, architectures or
 * kernels ({@code includes}/{@code excludes}) and an {@code archMap} that names the
 * sub-architectures of each native one. {@link SeccompProfiles#toSpec} resolves it for one container.
 *
 * @param defaultAction the action for syscalls no rule names
 * @param defaultErrnoRet the errno of an ERRNO default action, or null (runc then uses EPERM)
 * @param architectures fixed architectures (the older form; exclusive with {@code archMap})
 * @param archMap native architecture to its sub-architectures
 * @param syscalls the rules
 */
public record SeccompProfile(String defaultAction, Integer defaultErrnoRet, List<String> architectures,
                             List<ArchMap> archMap, List<Rule> syscalls) {
    public SeccompProfile {
        architectures = Spec.Lists.copy(architectures);
        archMap = Spec.Lists.copy(archMap);
        syscalls = Spec.Lists.copy(syscalls);
    }

    /** An architecture and the ones its processes can also call in (e.g. x86_64: x86, x32). */
    public record ArchMap(String architecture, List<String> subArchitectures) {
        public ArchMap {
            subArchitectures = Spec.Lists.copy(subArchitectures);
        }
    }

    /**
     * One rule of the profile.
     *
     * @param name a single syscall (the older form; exclusive with {@code names})
     * @param names the syscalls
     * @param action e.g. {@code SCMP_ACT_ALLOW}
     * @param errnoRet the errno for an ERRNO action
     * @param args conditions on arguments
     * @param comment free text
     * @param includes the rule applies only if all of these hold
     * @param excludes the rule does not apply if any of these holds
     */
    public record Rule(String name, List<String> names, String action, Integer errnoRet, List<Seccomp.Arg> args,
                       String comment, Filter includes, Filter excludes) {
        public Rule {
            names = Spec.Lists.copy(names);
            args = Spec.Lists.copy(args);
        }
    }

    /**
     * Conditions of a rule.
     *
     * @param caps capabilities in the container's bounding set ({@code CAP_SYS_ADMIN})
     * @param arches Go architecture names ({@code amd64}, {@code arm64}, {@code x86}...)
     * @param minKernel a kernel version such as {@code 4.8}
     */
    public record Filter(List<String> caps, List<String> arches, @JsonProperty("minKernel") String minKernel) {
        public Filter {
            caps = Spec.Lists.copy(caps);
            arches = Spec.Lists.copy(arches);
        }
    }
}
