package dev.berth.runtime.spec;

import dev.berth.common.EngineException;
import dev.berth.runtime.internal.KernelFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Seccomp profiles: berth's default one, Docker-format files, and their resolution into the OCI
 * {@link Seccomp} of one container (moby's {@code setupSeccomp} semantics).
 *
 * <p>The default profile ({@code default-seccomp.json} next to this class) is berth's own data,
 * written to behave as Docker's default: everything not listed fails with EPERM; about 350
 * ordinary syscalls are allowed; the ones that need a capability in Docker's model (mount,
 * unshare, setns... with CAP_SYS_ADMIN; init_module... with CAP_SYS_MODULE; ptrace-like ones with
 * CAP_SYS_PTRACE...) are allowed only when the container has that capability; {@code clone} may not
 * create namespaces without CAP_SYS_ADMIN; {@code clone3} answers ENOSYS so that C libraries fall
 * back to the checkable {@code clone}. Deliberately stricter than Docker 20.10: {@code io_uring_*}
 * is not allowed (newer Docker releases dropped it too).
 */
public final class SeccompProfiles {
    private static final String DEFAULT_RESOURCE = "default-seccomp.json";
    private static volatile SeccompProfile defaultProfile;

    private SeccompProfiles() {}

    /** berth's default profile. */
    public static SeccompProfile defaultProfile() {
        SeccompProfile p = defaultProfile;
        if (p == null) {
            try (InputStream in = SeccompProfiles.class.getResourceAsStream(DEFAULT_RESOURCE)) {
                if (in == null) throw new IllegalStateException("the default seccomp profile " + DEFAULT_RESOURCE + " is missing from the runtime jar");
                p = parse(in.readAllBytes(), "the default seccomp profile");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            defaultProfile = p;
        }
        return p;
    }

    /**
     * Reads a Docker-format profile file ({@code --security-opt seccomp=FILE}).
     *
     * @throws EngineException.InvalidArgument if it is missing or not a valid profile
     */
    public static SeccompProfile read(Path file) {
        try {
            return parse(Files.readAllBytes(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new EngineException.InvalidArgument("opening seccomp profile (" + file + ") failed: no such file");
        } catch (IOException e) {
            throw new EngineException.InvalidArgument("opening seccomp profile (" + file + ") failed: " + e.getMessage(), e);
        }
    }

    /**
     * Parses a Docker-format profile; {@code source} names it in errors.
     *
     * @throws EngineException.InvalidArgument if it is not a valid profile
     */
    public static SeccompProfile parse(byte[] json, String source) {
        SeccompProfile p;
        try {
            p = SpecJson.mapper().readValue(json, SeccompProfile.class);
        } catch (IOException e) {
            throw new EngineException.InvalidArgument("decoding seccomp profile " + source + " failed: " + e.getMessage(), e);
        }
        if (p == null) throw new EngineException.InvalidArgument("seccomp profile " + source + " is empty");
        if (!p.architectures().isEmpty() && !p.archMap().isEmpty()) {
            throw new EngineException.InvalidArgument("seccomp profile " + source
                    + " specifies both 'architectures' and 'archMap'; use either 'architectures' or 'archMap'");
        }
        for (SeccompProfile.Rule r : p.syscalls()) {
            if (r.name() != null && !r.names().isEmpty()) {
                throw new EngineException.InvalidArgument("seccomp profile " + source + " has a rule with both 'name' and 'names' ("
                        + r.name() + "); use either 'name' or 'names'");
            }
            if (r.action() == null || r.action().isEmpty()) {
                throw new EngineException.InvalidArgument("seccomp profile " + source + " has a rule without an action: "
                        + (r.name() != null ? r.name() : r.names()));
            }
        }
        return p;
    }

    /**
     * Resolves a profile for one container, with moby's rules: a rule applies if none of its
     * {@code excludes} holds (an excluded cap is in {@code capabilities}, the arch is excluded, the
     * kernel is at least the excluded version) and all its {@code includes} hold (every included
     * cap is in {@code capabilities}, the arch is included, the kernel is at least the version).
     * Architectures come from {@code archMap} entries for the native arch, or else from
     * {@code architectures}.
     *
     * @param capabilities the container's bounding set (names as {@code CAP_SYS_ADMIN})
     * @param goArch the native architecture as Go names it ({@code amd64}, {@code arm64}); see {@link #nativeArch()}
     * @param kernelRelease the running kernel's release ({@code 6.1.0-18-amd64}); see {@link #kernelRelease()}
     * @return the OCI filter, or null when the profile has neither a default action nor rules (no filtering)
     */
    public static Seccomp toSpec(SeccompProfile profile, Collection<String> capabilities, String goArch, String kernelRelease) {
        if ((profile.defaultAction() == null || profile.defaultAction().isEmpty()) && profile.syscalls().isEmpty()) return null;
        String nativeArch = SCMP_ARCH.get(goArch);
        List<String> arches = new ArrayList<>(profile.architectures());
        for (SeccompProfile.ArchMap m : profile.archMap()) {
            if (m.architecture().equals(nativeArch)) {
                arches.add(m.architecture());
                arches.addAll(m.subArchitectures());
            }
        }
        int[] kernel = version(kernelRelease);
        List<Seccomp.Syscall> rules = new ArrayList<>();
        for (SeccompProfile.Rule r : profile.syscalls()) {
            if (applies(r, capabilities, goArch, kernel)) {
                List<String> names = r.name() != null ? List.of(r.name()) : r.names();
                rules.add(new Seccomp.Syscall(names, r.action(), r.errnoRet(), r.args()));
            }
        }
        return new Seccomp(profile.defaultAction(), profile.defaultErrnoRet(), arches, rules);
    }

    private static boolean applies(SeccompProfile.Rule r, Collection<String> caps, String arch, int[] kernel) {
        SeccompProfile.Filter ex = r.excludes();
        if (ex != null) {
            if (ex.arches().contains(arch)) return false;
            for (String c : ex.caps()) if (caps.contains(c)) return false;
            if (ex.minKernel() != null && compare(kernel, version(ex.minKernel())) >= 0) return false;
        }
        SeccompProfile.Filter in = r.includes();
        if (in != null) {
            if (!in.arches().isEmpty() && !in.arches().contains(arch)) return false;
            for (String c : in.caps()) if (!caps.contains(c)) return false;
            if (in.minKernel() != null && compare(kernel, version(in.minKernel())) < 0) return false;
        }
        return true;
    }

    /** Go's name of this JVM's architecture ({@code amd64}, {@code arm64}...). */
    public static String nativeArch() {
        String a = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return switch (a) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i686" -> "386";
            case "ppc64le" -> "ppc64le";
            case "s390x" -> "s390x";
            case "riscv64" -> "riscv64";
            default -> a;
        };
    }

    /** The running kernel's release, from {@code /proc/sys/kernel/osrelease}. */
    public static String kernelRelease() {
        try {
            return KernelFiles.read(Path.of("/proc/sys/kernel/osrelease")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the kernel release: " + e.getMessage(), e);
        }
    }

    private static final Map<String, String> SCMP_ARCH = Map.of(
            "amd64", "SCMP_ARCH_X86_64", "arm64", "SCMP_ARCH_AARCH64", "386", "SCMP_ARCH_X86",
            "arm", "SCMP_ARCH_ARM", "ppc64le", "SCMP_ARCH_PPC64LE", "s390x", "SCMP_ARCH_S390X",
            "riscv64", "SCMP_ARCH_RISCV64");

    /** Major and minor of a kernel version such as {@code 6.1.0-18-amd64} or {@code 4.8}. */
    static int[] version(String release) {
        String[] parts = release.split("[.\\-+]");
        try {
            return new int[] {Integer.parseInt(parts[0]), parts.length > 1 ? Integer.parseInt(parts[1].replaceAll("\\D.*", "")) : 0};
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new EngineException.InvalidArgument("not a kernel version: " + release);
        }
    }

    private static int compare(int[] a, int[] b) {
        return a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(a[1], b[1]);
    }
}
