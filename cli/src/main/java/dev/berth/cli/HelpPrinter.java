package dev.berth.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders help the way docker's cobra templates do: {@code Usage:  ...}, the description,
 * {@code Aliases:}, {@code Options:} in pflag's layout (sorted, aligned, wrapped at 79 columns),
 * and command lists for groups and the root.
 */
final class HelpPrinter {
    private static final int WIDTH = 79;
    private static final int NAME_PADDING = 11;

    private HelpPrinter() {}

    static String leaf(String path, CommandTable.Leaf leaf, Flags spec) {
        StringBuilder sb = new StringBuilder();
        sb.append("Usage:  ").append(path).append(' ').append(leaf.use()).append("\n\n")
                .append(leaf.longHelp() != null ? leaf.longHelp() : leaf.shortHelp());
        if (leaf.aliasesHelp() != null) sb.append("\n\nAliases:\n  ").append(leaf.aliasesHelp());
        String flags = flagUsages(spec);
        if (!flags.isEmpty()) sb.append("\n\nOptions:\n").append(flags.stripTrailing());
        return sb.append('\n').toString();
    }

    static String group(String path, CommandTable.Group group) {
        StringBuilder sb = new StringBuilder();
        sb.append("Usage:  ").append(path).append(" COMMAND\n\n").append(group.shortHelp()).append("\n\nCommands:");
        for (CommandTable.Leaf l : group.commands()) {
            sb.append("\n  ").append(rpad(l.name(), NAME_PADDING)).append(' ').append(l.shortHelp());
        }
        sb.append("\n\nRun '").append(path).append(" COMMAND --help' for more information on a command.");
        return sb.append('\n').toString();
    }

    static String root(Flags globals) {
        StringBuilder sb = new StringBuilder();
        sb.append("Usage:  berth [OPTIONS] COMMAND\n\nA self-sufficient runtime for containers\n\nCommon Commands:");
        for (CommandTable.Leaf l : CommandTable.COMMON) {
            sb.append("\n  ").append(rpad(l.name() + " ", NAME_PADDING + 1)).append(l.shortHelp());
        }
        sb.append("\n\nManagement Commands:");
        for (CommandTable.Group g : CommandTable.GROUPS) {
            sb.append("\n  ").append(rpad(g.name() + " ", NAME_PADDING + 1)).append(g.shortHelp());
            if (g == CommandTable.BUILDER) {
                sb.append("\n  ").append(rpad("compose ", NAME_PADDING + 1)).append("Define and run multi-container applications");
            }
        }
        sb.append("\n\nCommands:");
        for (CommandTable.Leaf l : CommandTable.ROOT) {
            if (CommandTable.COMMON.contains(l)) continue;
            sb.append("\n  ").append(rpad(l.name(), NAME_PADDING)).append(' ').append(l.shortHelp());
        }
        sb.append("\n\nGlobal Options:\n").append(flagUsages(globals).stripTrailing());
        sb.append("\n\nRun 'berth COMMAND --help' for more information on a command.");
        return sb.append('\n').toString();
    }

    /** pflag's {@code FlagUsagesWrapped}: one line per visible flag, sorted by name. */
    static String flagUsages(Flags spec) {
        List<Flag> opts = new ArrayList<>();
        for (Flag o : spec.all()) if (!o.hidden()) opts.add(o);
        // pflag sorts by long name; insertion sort keeps this free of comparator lambdas
        for (int i = 1; i < opts.size(); i++) {
            for (int j = i; j > 0 && opts.get(j - 1).longName().compareTo(opts.get(j).longName()) > 0; j--) {
                opts.set(j, opts.set(j - 1, opts.get(j)));
            }
        }
        List<String[]> lines = new ArrayList<>();
        int maxlen = 0;
        for (Flag o : opts) {
            String line = o.shortName() != null ? "  -" + o.shortName() + ", --" + o.longName() : "      --" + o.longName();
            if (!o.type().label().isEmpty()) line += " " + o.type().label();
            maxlen = Math.max(maxlen, line.length() + 1);
            String usage = o.usage();
            String def = o.defaultValue();
            if (def != null && !def.isEmpty() && !def.equals("false")) {
                usage += o.type() == Flag.Type.STRING ? " (default \"" + def + "\")" : " (default " + def + ")";
            }
            lines.add(new String[] {line, usage});
        }
        StringBuilder sb = new StringBuilder();
        for (String[] l : lines) {
            sb.append(l[0]).append(' ').append(" ".repeat(maxlen - l[0].length())).append(' ')
                    .append(wrap(maxlen + 2, WIDTH, l[1])).append('\n');
        }
        return sb.toString();
    }

    /** pflag's {@code wrap}: wraps {@code s} to width {@code w}, continuation lines indented by {@code i}. */
    static String wrap(int i, int w, String s) {
        int wrap = w - i;
        StringBuilder r = new StringBuilder();
        if (wrap < 24) {
            i = 16;
            wrap = w - i;
            r.append('\n').append(" ".repeat(i));
        }
        if (wrap < 24) return s.replace("\n", r.toString());
        int slop = 5;
        wrap -= slop;
        String indent = "\n" + " ".repeat(i);
        String[] t = wrapN(wrap, slop, s);
        r.append(t[0].replace("\n", indent));
        s = t[1];
        while (!s.isEmpty()) {
            t = wrapN(wrap, slop, s);
            r.append(indent).append(t[0].replace("\n", indent));
            s = t[1];
        }
        return r.toString();
    }

    private static String[] wrapN(int i, int slop, String s) {
        if (i + slop > s.length()) return new String[] {s, ""};
        String head = s.substring(0, i);
        int w = Math.max(head.lastIndexOf(' '), Math.max(head.lastIndexOf('\t'), head.lastIndexOf('\n')));
        if (w <= 0) return new String[] {s, ""};
        int nl = head.lastIndexOf('\n');
        if (nl > 0 && nl < w) return new String[] {s.substring(0, nl), s.substring(nl + 1)};
        return new String[] {s.substring(0, w), s.substring(w + 1)};
    }

    private static String rpad(String s, int n) {
        return s.length() >= n ? s : s + " ".repeat(n - s.length());
    }
}
