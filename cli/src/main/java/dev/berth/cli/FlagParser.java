package dev.berth.cli;

import dev.berth.cli.template.GoFormat;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses arguments the way docker's flag library (spf13/pflag) does, against declared
 * {@link Flags}: {@code --name=value}, {@code --name value}, {@code -abc} clusters,
 * {@code -fvalue} and {@code -f=value}, booleans that take no value unless attached
 * ({@code --all=false}), {@code --} to end flags, and flags anywhere among the arguments unless
 * the command stops at its first argument. Errors carry pflag's wording, e.g.
 * {@code unknown shorthand flag: 'x' in -x}.
 */
final class FlagParser {

    /** A flag error: docker prints it with the usage line and exits 125. */
    static final class FlagError extends Exception {
        FlagError(String message) {
            super(message, null, false, false);
        }
    }

    /** The outcome: the invocation, or that help was asked for. */
    record Parsed(Invocation invocation, boolean help) {
        List<String> args() {
            return invocation.args();
        }
    }

    private final Flags model;
    private final Map<Flag, List<String>> values = new IdentityHashMap<>();
    private boolean help;

    private FlagParser(Flags model) {
        this.model = model;
    }

    /**
     * Parses {@code args} against {@code flags}.
     *
     * @param interspersed whether flags may follow positional arguments
     */
    static Parsed parse(Flags flags, List<String> args, boolean interspersed) throws FlagError {
        FlagParser p = new FlagParser(flags);
        List<String> positional = p.scan(args, interspersed);
        return new Parsed(new Invocation(flags, p.values, positional), p.help);
    }

    private List<String> scan(List<String> input, boolean interspersed) throws FlagError {
        List<String> positional = new ArrayList<>();
        List<String> args = new ArrayList<>(input);
        while (!args.isEmpty()) {
            String s = args.remove(0);
            if (s.length() < 2 || s.charAt(0) != '-') {
                positional.add(s);
                if (!interspersed) {
                    positional.addAll(args);
                    break;
                }
                continue;
            }
            if (s.charAt(1) == '-') {
                if (s.length() == 2) {
                    positional.addAll(args);
                    break;
                }
                parseLong(s, args);
            } else {
                String shorthands = s.substring(1);
                while (!shorthands.isEmpty()) shorthands = parseShort(shorthands, args);
            }
        }
        return positional;
    }

    private void parseLong(String s, List<String> args) throws FlagError {
        String name = s.substring(2);
        if (name.isEmpty() || name.charAt(0) == '-' || name.charAt(0) == '=') throw new FlagError("bad flag syntax: " + s);
        int eq = name.indexOf('=');
        String value = eq >= 0 ? name.substring(eq + 1) : null;
        if (eq >= 0) name = name.substring(0, eq);
        Flag opt = model.byLong(name);
        if (name.equals("help") && (opt == null || opt.type() == Flag.Type.BOOL)) {
            help = true;
            return;
        }
        if (opt == null) throw new FlagError("unknown flag: --" + name);
        if (value == null) {
            if (opt.type() == Flag.Type.BOOL) value = "true";
            else if (!args.isEmpty()) value = args.remove(0);
            else throw new FlagError("flag needs an argument: " + s);
        }
        set(opt, value);
    }

    private String parseShort(String shorthands, List<String> args) throws FlagError {
        char c = shorthands.charAt(0);
        String rest = shorthands.substring(1);
        Flag opt = model.byShort(c);
        if (opt == null) {
            if (c == 'h') {
                help = true;
                return rest;
            }
            throw new FlagError("unknown shorthand flag: '" + c + "' in -" + shorthands);
        }
        String value;
        if (shorthands.length() > 2 && shorthands.charAt(1) == '=') {
            value = shorthands.substring(2);
            rest = "";
        } else if (opt.type() == Flag.Type.BOOL) {
            value = "true";
        } else if (shorthands.length() > 1) {
            value = shorthands.substring(1);
            rest = "";
        } else if (!args.isEmpty()) {
            value = args.remove(0);
        } else {
            throw new FlagError("flag needs an argument: '" + c + "' in -" + shorthands);
        }
        set(opt, value);
        return rest;
    }

    private void set(Flag opt, String value) throws FlagError {
        String problem = validate(opt, value);
        if (problem == null && opt.type().ordinal() > Flag.Type.STRINGS.ordinal()) {
            try {
                value = dev.berth.cli.run.FlagChecks.check(opt.type(), value);
            } catch (IllegalArgumentException e) {
                problem = e.getMessage();
            }
        }
        if (problem != null) {
            throw new FlagError("invalid argument " + GoFormat.quote(value) + " for " + GoFormat.quote(opt.displayName())
                    + " flag: " + problem);
        }
        List<String> list = values.get(opt);
        if (list == null) {
            list = new ArrayList<>();
            values.put(opt, list);
        }
        list.add(value);
    }

    /** Checks a value the way the flag's pflag type would; returns the problem or null. */
    private static String validate(Flag opt, String value) {
        switch (opt.type()) {
            case BOOL:
                return parseBool(value) == null ? "strconv.ParseBool: parsing " + GoFormat.quote(value) + ": invalid syntax" : null;
            case INT:
                try {
                    dev.berth.cli.run.GoParse.parseInt(value, 0, 64);
                    return null;
                } catch (IllegalArgumentException e) {
                    return e.getMessage();
                }
            case FILTER:
                return !value.isEmpty() && !value.contains("=") ? "bad format of filter (expected name=value)" : null;
            default:
                return null;
        }
    }

    /** Go's {@code strconv.ParseBool}. */
    static Boolean parseBool(String s) {
        switch (s) {
            case "1", "t", "T", "TRUE", "true", "True":
                return Boolean.TRUE;
            case "0", "f", "F", "FALSE", "false", "False":
                return Boolean.FALSE;
            default:
                return null;
        }
    }
}
