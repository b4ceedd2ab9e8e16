package dev.berth.runtime.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.common.EngineException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeccompProfilesTest {
    private static final SeccompProfile DEFAULT = SeccompProfiles.defaultProfile();

    private static Seccomp resolve(List<String> caps, String arch, String kernel) {
        return SeccompProfiles.toSpec(DEFAULT, caps, arch, kernel);
    }

    @Test
    void theDefaultProfileDeniesByDefaultAndAllowsTheUsualSyscalls() {
        Seccomp s = resolve(KernelCapabilities.DOCKER_DEFAULT, "amd64", "6.1.0");
        assertEquals("SCMP_ACT_ERRNO", s.defaultAction());
        assertEquals(1, s.defaultErrnoRet(), "EPERM");
        assertEquals(List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"), s.architectures());
        List<String> allowed = SpecCustomizersTest.allowed(s);
        assertTrue(allowed.size() > 340, "about 350 syscalls: " + allowed.size());
        assertTrue(allowed.containsAll(List.of("read", "openat", "clone", "execve", "futex", "epoll_pwait", "statx", "ptrace", "arch_prctl",
                "rseq", "close_range", "faccessat2", "chroot")));
    }

    @Test
    void nothingDangerousIsAllowedWithoutItsCapability() {
        Set<String> dangerous = Set.of("mount", "umount2", "umount", "unshare", "setns", "init_module", "finit_module", "delete_module",
                "kexec_load", "kexec_file_load", "reboot", "swapon", "swapoff", "bpf", "open_by_handle_at", "keyctl", "add_key",
                "request_key", "acct", "settimeofday", "clock_settime", "iopl", "ioperm", "pivot_root", "userfaultfd", "perf_event_open",
                "io_uring_setup", "io_uring_enter", "fsopen", "fsmount", "move_mount", "open_tree", "syslog",
                "lookup_dcookie", "quotactl", "vhangup", "nfsservctl", "uselib", "ustat", "sysfs", "_sysctl", "get_kernel_syms",
                "query_module", "create_module", "kcmp", "pidfd_getfd", "name_to_handle_at", "sethostname", "setdomainname");
        Seccomp s = resolve(KernelCapabilities.DOCKER_DEFAULT, "amd64", "6.1.0");
        List<String> leaked = SpecCustomizersTest.allowed(s).stream().filter(dangerous::contains).toList();
        assertEquals(List.of(), leaked);
        // clone is allowed only without namespace flags
        Seccomp.Syscall clone = s.syscalls().stream().filter(r -> r.names().equals(List.of("clone"))).findFirst().orElseThrow();
        assertEquals(List.of(new Seccomp.Arg(0, 0x7E020000L, 0, "SCMP_CMP_MASKED_EQ")), clone.args());
    }

    @Test
    void capabilityGroupsOpenWithTheirCapability() {
        List<String> caps = new java.util.ArrayList<>(KernelCapabilities.DOCKER_DEFAULT);
        caps.addAll(List.of("CAP_SYS_MODULE", "CAP_SYS_PTRACE", "CAP_SYS_TIME"));
        List<String> allowed = SpecCustomizersTest.allowed(resolve(caps, "amd64", "6.1.0"));
        assertTrue(allowed.containsAll(List.of("init_module", "finit_module", "delete_module", "kcmp", "pidfd_getfd", "clock_settime")));
        assertFalse(allowed.contains("mount"));
    }

    @Test
    void archAndKernelConditionsApply() {
        Seccomp arm = resolve(KernelCapabilities.DOCKER_DEFAULT, "arm64", "6.1.0");
        assertEquals(List.of("SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"), arm.architectures());
        assertFalse(SpecCustomizersTest.allowed(arm).contains("arch_prctl"));
        assertTrue(SpecCustomizersTest.allowed(arm).contains("set_tls"));
        assertFalse(SpecCustomizersTest.allowed(resolve(KernelCapabilities.DOCKER_DEFAULT, "amd64", "4.4.0-210-generic")).contains("ptrace"),
                "ptrace only from kernel 4.8, as Docker");
        assertArrayEquals(new int[] {6, 18}, SeccompProfiles.version("6.18.44-fc-v657"));
        assertArrayEquals(new int[] {4, 8}, SeccompProfiles.version("4.8"));
        assertThrows(EngineException.InvalidArgument.class, () -> SeccompProfiles.version("linux"));
    }

    @Test
    void dockerFormatFilesAreReadAndChecked(@TempDir Path dir) throws Exception {
        Path ok = dir.resolve("ok.json");
        Files.writeString(ok, "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"name\":\"mount\",\"action\":\"SCMP_ACT_ERRNO\"}],\"unknownField\":1}");
        Seccomp s = SeccompProfiles.toSpec(SeccompProfiles.read(ok), List.of(), "amd64", "6.1");
        assertEquals("SCMP_ACT_ALLOW", s.defaultAction());
        assertEquals(List.of(new Seccomp.Syscall(List.of("mount"), "SCMP_ACT_ERRNO", null, List.of())), s.syscalls());

        assertThrows(EngineException.InvalidArgument.class, () -> SeccompProfiles.read(dir.resolve("missing.json")));
        assertThrows(EngineException.InvalidArgument.class, () -> SeccompProfiles.parse("{not json".getBytes(StandardCharsets.UTF_8), "x"));
        assertThrows(EngineException.InvalidArgument.class, () -> SeccompProfiles.parse(
                "{\"syscalls\":[{\"name\":\"a\",\"names\":[\"b\"],\"action\":\"SCMP_ACT_ALLOW\"}]}".getBytes(StandardCharsets.UTF_8), "x"));
        assertThrows(EngineException.InvalidArgument.class, () -> SeccompProfiles.parse(
                "{\"architectures\":[\"SCMP_ARCH_X86\"],\"archMap\":[{\"architecture\":\"SCMP_ARCH_X86_64\"}]}".getBytes(StandardCharsets.UTF_8), "x"));
        assertNull(SeccompProfiles.toSpec(SeccompProfiles.parse("{}".getBytes(StandardCharsets.UTF_8), "empty"), List.of(), "amd64", "6.1"),
                "an empty profile means no filter, as in Docker");
    }
}
