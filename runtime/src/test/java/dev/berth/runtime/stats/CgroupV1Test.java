package dev.berth.runtime.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupV1Test {
    @Test
    void findsEachControllersDirectory() {
        CgroupV1 c = CgroupV1.parse(List.of(
                "30 25 0:26 / /sys/fs/cgroup/unified rw,nosuid - cgroup2 cgroup2 rw",
                "31 25 0:27 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid - cgroup cgroup rw,cpu,cpuacct",
                "32 25 0:28 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory",
                "33 25 0:29 / /sys/fs/cgroup/systemd rw - cgroup cgroup rw,xattr,name=systemd",
                "34 25 0:30 /docker/abc /sys/fs/cgroup/pids rw - cgroup cgroup rw,pids",
                "35 25 8:1 / / rw - ext4 /dev/sda1 rw"));
        assertEquals(Optional.of(Path.of("/sys/fs/cgroup/cpu,cpuacct/berth/x")), c.path("cpuacct", "/berth/x"));
        assertEquals(Optional.of(Path.of("/sys/fs/cgroup/cpu,cpuacct/berth/x")), c.path("cpu", "/berth/x"));
        assertEquals(Optional.of(Path.of("/sys/fs/cgroup/memory/berth/x")), c.path("memory", "/berth/x"));
        assertEquals(Optional.of(Path.of("/sys/fs/cgroup/systemd/berth/x")), c.path("name=systemd", "/berth/x"));
        assertEquals(Optional.empty(), c.path("blkio", "/berth/x"), "not mounted");
        assertEquals(Optional.of(Path.of("/sys/fs/cgroup/pids/berth/x")), c.path("pids", "/docker/abc/berth/x"), "a nested mount root");
        assertEquals(Optional.empty(), c.path("pids", "/berth/x"), "outside the nested mount");
    }

    @Test
    void readsKernelFileFormats(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("memory.stat"), "cache 4096\nrss 8192\ntotal_inactive_file 100\n");
        assertEquals(8192L, CgroupV1Stats.keyValues(dir.resolve("memory.stat")).get("rss"));
        Files.writeString(dir.resolve("io"), "8:0 Read 4096\n8:0 Write 512\n8:0 Total 4608\nTotal 4608\n");
        List<CgroupStats.BlkioEntry> e = CgroupV1Stats.blkioEntries(dir.resolve("io"));
        assertEquals(List.of(new CgroupStats.BlkioEntry(8, 0, "Read", 4096), new CgroupStats.BlkioEntry(8, 0, "Write", 512),
                new CgroupStats.BlkioEntry(8, 0, "Total", 4608)), e);
        assertTrue(CgroupV1Stats.systemUsage() > 0);
    }
}
