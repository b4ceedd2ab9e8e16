package dev.berth.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Parses the CSV of {@code RUN --mount=...} as BuildKit does. */
final class RunMounts {
    private RunMounts() {}

    static RunMount parse(String csv) {
        RunMount.Type type = RunMount.Type.BIND;
        String target = null, source = null, from = null, id = null, env = null;
        boolean readOnly = false, roAuto = true, required = false;
        RunMount.Sharing sharing = null;
        Long size = null;
        Integer mode = null, uid = null, gid = null;
        for (String field : fields(csv)) {
            int eq = field.indexOf('=');
            String key = (eq < 0 ? field : field.substring(0, eq)).toLowerCase(Locale.ROOT);
            String value = eq < 0 ? "" : field.substring(eq + 1);
            if (eq < 0) {
                switch (key) {
                    case "readonly", "ro" -> { readOnly = true; roAuto = false; }
                    case "readwrite", "rw" -> { readOnly = false; roAuto = false; }
                    case "required" -> {
                        if (type != RunMount.Type.SECRET && type != RunMount.Type.SSH) throw unexpected(key, type);
                        required = true;
                    }
                    default -> throw Parser.failure("invalid field '" + field + "' must be a key=value pair");
                }
                continue;
            }
            switch (key) {
                case "type" -> {
                    try {
                        type = RunMount.Type.valueOf(value.toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw Parser.failure("unsupported mount type " + GoQuote.quote(value));
                    }
                }
                case "from" -> from = value;
                case "source", "src" -> source = value;
                case "target", "dst", "destination" -> target = value;
                case "readonly", "ro" -> { readOnly = bool(key, value); roAuto = false; }
                case "readwrite", "rw" -> { readOnly = !bool(key, value); roAuto = false; }
                case "required" -> {
                    if (type != RunMount.Type.SECRET && type != RunMount.Type.SSH) throw unexpected(key, type);
                    required = bool(key, value);
                }
                case "size" -> {
                    if (type != RunMount.Type.TMPFS) throw unexpected(key, type);
                    size = ramInBytes(key, value);
                }
                case "id" -> id = value;
                case "sharing" -> {
                    try {
                        sharing = RunMount.Sharing.valueOf(value.toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw Parser.failure("unsupported sharing value " + GoQuote.quote(value));
                    }
                }
                case "mode" -> mode = number(value, 8, "mode");
                case "uid" -> uid = number(value, 10, "uid");
                case "gid" -> gid = number(value, 10, "gid");
                case "env" -> env = value;
                default -> throw Parser.failure("unexpected key '" + key + "' in '" + field + "'");
            }
        }
        boolean fileInfo = type == RunMount.Type.SECRET || type == RunMount.Type.SSH || type == RunMount.Type.CACHE;
        if (!fileInfo) {
            String t = GoQuote.quote(type.value());
            if (mode != null) throw Parser.failure("mode not allowed for " + t + " type mounts");
            if (uid != null) throw Parser.failure("uid not allowed for " + t + " type mounts");
            if (gid != null) throw Parser.failure("gid not allowed for " + t + " type mounts");
        }
        if (roAuto) readOnly = type != RunMount.Type.CACHE && type != RunMount.Type.TMPFS;
        if (type == RunMount.Type.SECRET) {
            if (from != null) throw Parser.failure("secret mount should not have a from");
            if (sharing != null) throw Parser.failure("secret mount should not define sharing");
            if (isEmpty(source) && isEmpty(target) && isEmpty(id)) {
                throw Parser.failure("invalid secret mount. one of source, target required");
            }
            if (!isEmpty(source) && !isEmpty(id)) throw Parser.failure("both source and id can't be set");
        }
        if (sharing != null && type != RunMount.Type.CACHE) {
            throw Parser.failure("invalid cache sharing set for " + type.value() + " mount");
        }
        if (type != RunMount.Type.SECRET && type != RunMount.Type.SSH && isEmpty(target)) {
            throw Parser.failure("invalid mount target " + GoQuote.quote(target == null ? "" : target));
        }
        return new RunMount(type, target, source, from, id, readOnly, sharing, size, mode, uid, gid, required, env);
    }

    private static boolean isEmpty(String s) { return s == null || s.isEmpty(); }

    private static RuntimeException unexpected(String key, RunMount.Type type) {
        return Parser.failure("unexpected key '" + key + "' for mount type '" + type.value() + "'");
    }

    /** Go's strconv.ParseBool. */
    private static boolean bool(String key, String value) {
        return switch (value) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw Parser.failure("invalid value for " + key + ": " + value);
        };
    }

    private static Integer number(String value, int radix, String key) {
        try {
            long v = Long.parseLong(value, radix);
            if (v < 0 || v > 0xFFFF_FFFFL || value.startsWith("+")) throw new NumberFormatException();
            return (int) v;
        } catch (NumberFormatException e) {
            throw Parser.failure("invalid value " + value + " for " + key);
        }
    }

    /** docker/go-units RAMInBytes: {@code 64m}, {@code 1g}, {@code 512k}, {@code 100} (binary units). */
    private static long ramInBytes(String key, String value) {
        var m = java.util.regex.Pattern.compile("^(\\d+(?:\\.\\d+)?) ?([kKmMgGtTpP])?[iI]?[bB]?$").matcher(value);
        if (!m.matches()) throw Parser.failure("invalid value for " + key + ": " + value);
        double n = Double.parseDouble(m.group(1));
        int exp = m.group(2) == null ? 0 : "kmgtp".indexOf(Character.toLowerCase(m.group(2).charAt(0))) + 1;
        return (long) (n * Math.pow(1024, exp));
    }

    /** One CSV record (Go's encoding/csv rules: quoted fields, {@code ""} inside quotes). */
    static List<String> fields(String csv) {
        List<String> out = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        int i = 0, n = csv.length();
        while (true) {
            f.setLength(0);
            if (i < n && csv.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= n) throw Parser.failure("failed to parse csv mounts: extraneous or missing \" in quoted-field");
                    char c = csv.charAt(i++);
                    if (c == '"') {
                        if (i < n && csv.charAt(i) == '"') { f.append('"'); i++; continue; }
                        break;
                    }
                    f.append(c);
                }
                if (i < n && csv.charAt(i) != ',') {
                    throw Parser.failure("failed to parse csv mounts: extraneous or missing \" in quoted-field");
                }
            } else {
                while (i < n && csv.charAt(i) != ',') {
                    char c = csv.charAt(i++);
                    if (c == '"') throw Parser.failure("failed to parse csv mounts: bare \" in non-quoted-field");
                    f.append(c);
                }
            }
            out.add(f.toString());
            if (i >= n) break;
            i++; // the comma
        }
        return out;
    }
}
