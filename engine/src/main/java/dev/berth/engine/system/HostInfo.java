package dev.berth.engine.system;

/** Facts about the machine the engine runs on, read once at start. */
public record HostInfo(String hostname, String kernelVersion, String operatingSystem, String osVersion,
                       String architecture, int cpus, long memTotal, String cgroupVersion) {

    /** Docker's name for the architecture ({@code amd64}), as image configs use it. */
    public String goArch() {
        return switch (architecture) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> architecture;
        };
    }

    public static HostInfo probe() {
        return new HostInfo(read("/proc/sys/kernel/hostname", "localhost"),
                read("/proc/sys/kernel/osrelease", "unknown"),
                osRelease("PRETTY_NAME", "Linux"),
                osRelease("VERSION_ID", ""),
                System.getProperty("os.arch").equals("amd64") ? "x86_64" : System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(),
                readMemTotal(),
                java.nio.file.Files.exists(java.nio.file.Path.of("/sys/fs/cgroup/cgroup.controllers")) ? "2" : "1");
    }

    private static String read(String file, String fallback) {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of(file)).trim();
        } catch (java.io.IOException e) {
            return fallback;
        }
    }

    private static String osRelease(String key, String fallback) {
        return read("/etc/os-release", "").lines()
                .filter(l -> l.startsWith(key + "="))
                .map(l -> l.substring(key.length() + 1).replace("\"", ""))
                .findFirst().orElse(fallback);
    }

    private static long readMemTotal() {
        return read("/proc/meminfo", "").lines()
                .filter(l -> l.startsWith("MemTotal:"))
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024)
                .findFirst().orElse(0L);
    }
}
