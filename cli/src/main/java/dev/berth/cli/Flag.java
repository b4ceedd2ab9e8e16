package dev.berth.cli;

/**
 * One command-line flag, as docker's pflag declares it: an optional one-letter name, a long name,
 * a value type (which decides parsing, validation and the type shown in help), the usage text,
 * and a default.
 */
public record Flag(String shortName, String longName, Type type, String usage, String defaultValue, boolean hidden) {

    /** pflag value types; {@link #label()} is what help shows after the flag name. */
    public enum Type {
        BOOL(""), STRING("string"), INT("int"), LIST("list"), FILTER("filter"), STRINGS("strings"),
        /** go-units sizes: {@code 512m}, {@code 1g}. */
        BYTES("bytes"),
        /** A size or -1 (unlimited swap). */
        SWAP_BYTES("bytes"),
        /** A rational number of CPUs. */
        DECIMAL("decimal"),
        /** A Go duration: {@code 30s}, {@code 1m30s}. */
        DURATION("duration"),
        UINT16("uint16"),
        UINT("uint"),
        /** {@code name=soft[:hard]}, repeatable. */
        ULIMIT("ulimit"),
        /** {@code type=bind,src=...,dst=...}, repeatable. */
        MOUNT("mount"),
        /** A network name or {@code name=...,alias=...}, repeatable. */
        NETWORK("network"),
        /** {@code key=value} pairs, repeatable. */
        MAP("map"),
        /** {@code key=value} sysctls, repeatable. */
        SYSCTL("map"),
        /** GPU requests, repeatable. */
        GPUS("gpu-request"),
        /** Lists whose values docker validates (and may normalise) when given. */
        ENV_LIST("list"), LABEL_LIST("list"), ATTACH_LIST("list"), HOST_LIST("list"), IP_LIST("list"),
        DNS_SEARCH_LIST("list"), LINK_LIST("list"), CGROUP_RULE_LIST("list"), WEIGHT_DEVICE_LIST("list"),
        BPS_DEVICE_LIST("list"), IOPS_DEVICE_LIST("list");

        private final String label;

        Type(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** Whether repeated uses accumulate rather than replace. */
        public boolean repeatable() {
            switch (this) {
                case BOOL, STRING, INT, BYTES, SWAP_BYTES, DECIMAL, DURATION, UINT16, UINT:
                    return false;
                default:
                    return true;
            }
        }
    }

    /** {@code -f, --filter} or {@code --format}, as pflag names a flag in messages. */
    public String displayName() {
        return shortName == null ? "--" + longName : "-" + shortName + ", --" + longName;
    }
}
