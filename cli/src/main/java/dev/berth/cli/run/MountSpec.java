package dev.berth.cli.run;

import dev.berth.api.Mount;
import dev.berth.cli.template.GoFormat;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** docker's {@code --mount type=...,source=...,target=...} parsing ({@code opts.MountOpt}), with its messages. */
public final class MountSpec {
    private MountSpec() {}

    /**
     * @param cwd the directory relative sources ({@code ./data}) are resolved against
     * @throws IllegalArgumentException with docker's message
     */
    public static Mount parse(String value, Path cwd) {
        List<String> fields = Csv.fields(value);
        String type = "volume";
        String source = null;
        String target = null;
        boolean readOnly = false;
        String consistency = null;
        String propagation = null;
        boolean nonRecursive = false;
        boolean roNonRecursive = false;
        boolean roForceRecursive = false;
        boolean bind = false;
        boolean volume = false;
        boolean noCopy = false;
        Map<String, String> labels = null;
        String subpath = null;
        boolean driverSet = false;
        String driverName = null;
        Map<String, String> driverOptions = null;
        boolean image = false;
        String imageSubpath = null;
        boolean tmpfs = false;
        Long size = null;
        Integer mode = null;
        for (String field : fields) {
            int eq = field.indexOf('=');
            String key = (eq < 0 ? field : field.substring(0, eq)).toLowerCase(Locale.ROOT);
            String val = eq < 0 ? null : field.substring(eq + 1);
            if (val == null) {
                switch (key) {
                    case "readonly", "ro" -> readOnly = true;
                    case "volume-nocopy" -> {
                        volume = true;
                        noCopy = true;
                        if (labels == null) labels = new LinkedHashMap<>();
                        driverSet = true;
                    }
                    case "bind-nonrecursive" -> {
                        bind = true;
                        nonRecursive = true;
                    }
                    default -> throw new IllegalArgumentException("invalid field '" + field + "' must be a key=value pair");
                }
                continue;
            }
            switch (key) {
                case "type" -> type = val.toLowerCase(Locale.ROOT);
                case "source", "src" -> {
                    source = val;
                    if (!val.startsWith("/") && val.startsWith(".")) source = cwd.resolve(val).normalize().toString();
                }
                case "target", "dst", "destination" -> target = val;
                case "readonly", "ro" -> readOnly = parseBool(key, val);
                case "consistency" -> consistency = val.toLowerCase(Locale.ROOT);
                case "bind-propagation" -> {
                    bind = true;
                    propagation = val.toLowerCase(Locale.ROOT);
                }
                case "bind-nonrecursive" -> {
                    bind = true;
                    nonRecursive = parseBool(key, val);
                }
                case "bind-recursive" -> {
                    switch (val) {
                        case "enabled" -> { }
                        case "disabled" -> {
                            bind = true;
                            nonRecursive = true;
                        }
                        case "writable" -> {
                            bind = true;
                            roNonRecursive = true;
                        }
                        case "readonly" -> {
                            bind = true;
                            roForceRecursive = true;
                        }
                        default -> throw new IllegalArgumentException("invalid value for " + key + ": " + val
                                + " (must be \"enabled\", \"disabled\", \"writable\", or \"readonly\")");
                    }
                }
                case "volume-subpath" -> {
                    volume = true;
                    subpath = val;
                    if (labels == null) labels = new LinkedHashMap<>();
                    driverSet = true;
                }
                case "volume-nocopy" -> {
                    volume = true;
                    if (labels == null) labels = new LinkedHashMap<>();
                    driverSet = true;
                    noCopy = parseBoolVolume(val);
                }
                case "volume-label" -> {
                    volume = true;
                    if (labels == null) labels = new LinkedHashMap<>();
                    driverSet = true;
                    putKv(labels, val);
                }
                case "volume-driver" -> {
                    volume = true;
                    if (labels == null) labels = new LinkedHashMap<>();
                    driverSet = true;
                    driverName = val;
                }
                case "volume-opt" -> {
                    volume = true;
                    if (labels == null) labels = new LinkedHashMap<>();
                    driverSet = true;
                    if (driverOptions == null) driverOptions = new LinkedHashMap<>();
                    putKv(driverOptions, val);
                }
                case "image-subpath" -> {
                    image = true;
                    imageSubpath = val;
                }
                case "tmpfs-size" -> {
                    tmpfs = true;
                    try {
                        size = GoParse.ramInBytes(val);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("invalid value for " + key + ": " + val);
                    }
                }
                case "tmpfs-mode" -> {
                    tmpfs = true;
                    try {
                        mode = (int) GoParse.parseUint(val, 8, 32);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("invalid value for " + key + ": " + val);
                    }
                }
                default -> throw new IllegalArgumentException("unexpected key '" + key + "' in '" + field + "'");
            }
        }
        if (type.isEmpty()) throw new IllegalArgumentException("type is required");
        if (target == null || target.isEmpty()) throw new IllegalArgumentException("target is required");
        if (volume && !type.equals("volume")) {
            throw new IllegalArgumentException("cannot mix 'volume-*' options with mount type '" + type + "'");
        }
        if (image && !type.equals("image")) {
            throw new IllegalArgumentException("cannot mix 'image-*' options with mount type '" + type + "'");
        }
        if (bind && !type.equals("bind")) {
            throw new IllegalArgumentException("cannot mix 'bind-*' options with mount type '" + type + "'");
        }
        if (tmpfs && !type.equals("tmpfs")) {
            throw new IllegalArgumentException("cannot mix 'tmpfs-*' options with mount type '" + type + "'");
        }
        if (roNonRecursive && !readOnly) {
            throw new IllegalArgumentException("option 'bind-recursive=writable' requires 'readonly' to be specified in conjunction");
        }
        if (roForceRecursive) {
            if (!readOnly) {
                throw new IllegalArgumentException("option 'bind-recursive=readonly' requires 'readonly' to be specified in conjunction");
            }
            if (!"rprivate".equals(propagation)) {
                throw new IllegalArgumentException("option 'bind-recursive=readonly' requires 'bind-propagation=rprivate' to be specified in conjunction");
            }
        }
        Mount.BindOptions bo = bind ? new Mount.BindOptions(propagation, nonRecursive ? true : null, null,
                roNonRecursive ? true : null, roForceRecursive ? true : null) : null;
        Mount.VolumeOptions vo = volume ? new Mount.VolumeOptions(noCopy ? true : null, labels, subpath,
                driverSet ? new Mount.Driver(driverName, driverOptions) : null) : null;
        Mount.ImageOptions io = image ? new Mount.ImageOptions(imageSubpath) : null;
        Mount.TmpfsOptions to = tmpfs ? new Mount.TmpfsOptions(size, mode, null) : null;
        return new Mount(type, source, target, readOnly ? true : null, consistency, bo, vo, io, to);
    }

    private static boolean parseBool(String key, String val) {
        Boolean b = goBool(val);
        if (b == null) throw new IllegalArgumentException("invalid value for " + key + ": " + val);
        return b;
    }

    private static boolean parseBoolVolume(String val) {
        Boolean b = goBool(val);
        if (b == null) throw new IllegalArgumentException("invalid value for volume-nocopy: " + val);
        return b;
    }

    private static void putKv(Map<String, String> target, String value) {
        int eq = value.indexOf('=');
        String k = eq < 0 ? value : value.substring(0, eq);
        if (!k.isEmpty()) target.put(k, eq < 0 ? "" : value.substring(eq + 1));
    }

    /** Go's {@code strconv.ParseBool}. */
    static Boolean goBool(String s) {
        return switch (s) {
            case "1", "t", "T", "TRUE", "true", "True" -> Boolean.TRUE;
            case "0", "f", "F", "FALSE", "false", "False" -> Boolean.FALSE;
            default -> null;
        };
    }

    static String quote(String s) {
        return GoFormat.quote(s);
    }
}
