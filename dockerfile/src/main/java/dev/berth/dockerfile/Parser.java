package dev.berth.dockerfile;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Docker's Dockerfile parser, in two passes as BuildKit's: the lexical pass (its
 * {@code parser.Parse}: directives, comments, continuations, flags, each instruction's argument
 * split, heredoc bodies) reads the whole file first, then the instruction pass (its
 * {@code instructions.Parse}) types and checks each instruction and groups them into stages.
 */
final class Parser {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final Pattern WHITESPACE = Pattern.compile("[\\t\\u000b\\f\\r ]+");
    private static final Pattern DIRECTIVE = Pattern.compile("^([a-zA-Z][a-zA-Z0-9]*)\\s*=\\s*(.+?)\\s*$");
    private static final Pattern HEREDOC = Pattern.compile("^(\\d*)<<(-?)\\s*([^<]*)$", Pattern.DOTALL);
    private static final Pattern LEADING_TABS = Pattern.compile("(?m)^\\t+");
    private static final Pattern ONBUILD_PREFIX = Pattern.compile("(?i)^\\s*ONBUILD\\s*");
    private static final Pattern STAGE_NAME = Pattern.compile("^[a-z][a-z0-9-_.]*$");
    /** Go's bufio.Scanner limit: Docker rejects longer lines. */
    private static final int MAX_LINE = 64 * 1024 - 1;

    private final String fileName;
    private char escape = '\\';
    private final List<String> warnings = new ArrayList<>();

    private Parser(String fileName) {
        this.fileName = fileName;
    }

    static Dockerfile parse(String text, String fileName) {
        if (fileName == null) fileName = "Dockerfile";
        if (text == null || text.isEmpty()) {
            throw new DockerfileException(fileName, 0, "the Dockerfile (" + fileName + ") cannot be empty");
        }
        Parser p = new Parser(fileName);
        List<Node> nodes = p.lex(text);
        return p.build(nodes);
    }

    // ---------------------------------------------------------------- lexical pass

    /**
     * One instruction after the lexical pass (BuildKit's {@code Node}).
     *
     * @param cmd       the keyword as written
     * @param flags     the {@code --flags} before the arguments
     * @param rest      the text after keyword and flags, trimmed
     * @param args      the arguments, split as the keyword's line parser does
     * @param json      whether the arguments were a JSON array
     * @param sub       for ONBUILD, the trigger
     * @param heredocs  heredoc bodies, in order
     */
    private record Node(String cmd, List<String> flags, String rest, List<String> args, boolean json,
                        String original, int start, int end, Node sub, List<Heredoc> heredocs) {
        Node withHeredocs(int endLine, List<Heredoc> docs) {
            return new Node(cmd, flags, rest, args, json, original, start, endLine,
                    sub == null ? null : sub.withHeredocs(endLine, docs), docs);
        }
    }

    /** A lexical error, located by the caller. */
    private static final class LexFailure extends RuntimeException {
        LexFailure(String message) { super(message, null, false, false); }
    }

    private DockerfileException error(int line, String message) {
        return new DockerfileException(fileName, line, message);
    }

    private List<Node> lex(String text) {
        if (text.charAt(0) == '\uFEFF') text = text.substring(1);
        List<String> lines = splitLines(text);
        Directives directives = new Directives();
        List<Node> nodes = new ArrayList<>();
        int current = 0; // lines consumed
        int i = 0;
        while (i < lines.size()) {
            String raw = lines.get(i++);
            checkLength(raw, current + 1);
            String line = trimLeadingSpace(trimNewline(raw));
            directives.offer(line, current + 1);
            line = isComment(line) ? "" : line;
            current++;
            int start = current;
            Continuation c = trimContinuation(line);
            if (!c.continues && c.line.isEmpty()) continue;
            StringBuilder buf = new StringBuilder(c.line);
            boolean continues = c.continues;
            boolean emptyContinuation = false;
            while (continues && i < lines.size()) {
                String next = lines.get(i++);
                checkLength(next, current + 1);
                String processed = trimNewline(next);
                directives.offer(processed, current + 1);
                current++;
                if (isComment(processed)) continue;
                if (trimLeadingSpace(processed).isEmpty()) {
                    emptyContinuation = true;
                    continue;
                }
                Continuation cc = trimContinuation(processed);
                buf.append(cc.line);
                continues = cc.continues;
            }
            String logical = buf.toString();
            if (emptyContinuation) warnings.add("[WARNING]: Empty continuation line found in:\n    " + logical);
            Node node;
            try {
                node = nodeFromLine(logical, start, false);
            } catch (LexFailure e) {
                throw error(start, e.getMessage());
            }
            if (canContainHeredoc(node) && logical.contains("<<")) {
                List<Heredoc> found;
                try {
                    found = heredocsFromLine(logical);
                } catch (LexFailure | DockerfileException e) {
                    throw error(start, e instanceof DockerfileException d ? d.detail() : e.getMessage());
                }
                List<Heredoc> docs = new ArrayList<>();
                for (Heredoc h : found) {
                    StringBuilder content = new StringBuilder();
                    boolean terminated = false;
                    while (i < lines.size()) {
                        String body = lines.get(i++);
                        checkLength(body, current + 1);
                        current++;
                        String candidate = trimNewline(body);
                        if (h.chomp()) candidate = candidate.replaceFirst("^\\t+", "");
                        if (candidate.equals(h.name())) {
                            terminated = true;
                            break;
                        }
                        content.append(body);
                    }
                    if (!terminated) throw error(start, "unterminated heredoc");
                    String body = h.chomp() ? LEADING_TABS.matcher(content).replaceAll("") : content.toString();
                    docs.add(new Heredoc(h.name(), body, h.expand(), h.chomp(), h.fileDescriptor()));
                }
                node = node.withHeredocs(current, docs);
            } else {
                node = new Node(node.cmd, node.flags, node.rest, node.args, node.json, node.original, start, current,
                        node.sub, List.of());
            }
            nodes.add(node);
        }
        if (!warnings.isEmpty()) {
            warnings.add("[WARNING]: Empty continuation lines will become errors in a future release.");
        }
        if (nodes.isEmpty()) throw error(0, "failed to parse " + fileName + ": file with no instructions");
        return nodes;
    }

    private void checkLength(String raw, int line) {
        if (raw.length() > MAX_LINE / 3 && raw.getBytes(StandardCharsets.UTF_8).length > MAX_LINE + (raw.endsWith("\n") ? 1 : 0)) {
            throw error(line, "dockerfile line greater than max allowed size of " + MAX_LINE);
        }
    }

    /** Lines with their line endings, split on {@code \n} (as Docker's scanner). */
    private static List<String> splitLines(String text) {
        List<String> lines = new ArrayList<>();
        int from = 0;
        while (from < text.length()) {
            int nl = text.indexOf('\n', from);
            int to = nl < 0 ? text.length() : nl + 1;
            lines.add(text.substring(from, to));
            from = to;
        }
        return lines;
    }

    /** The parser directives at the top of the file ({@code # escape=`}, {@code # syntax=...}). */
    private final class Directives {
        private boolean done;
        private final java.util.Set<String> seen = new java.util.HashSet<>();

        void offer(String line, int lineNo) {
            if (done) return;
            if (!line.startsWith("#")) {
                done = true;
                return;
            }
            Matcher m = DIRECTIVE.matcher(trimLeadingSpace(line.substring(1)));
            if (!m.matches()) {
                done = true;
                return;
            }
            String key = m.group(1).toLowerCase(Locale.ROOT);
            if (!key.equals("escape") && !key.equals("syntax") && !key.equals("check")) {
                done = true;
                return;
            }
            if (!seen.add(key)) throw error(lineNo, "only one " + key + " parser directive can be used");
            if (key.equals("escape")) {
                String v = m.group(2);
                if (!v.equals("`") && !v.equals("\\")) {
                    throw error(lineNo, "invalid escape token '" + v + "' does not match ` or \\");
                }
                escape = v.charAt(0);
            }
        }
    }

    private record Continuation(String line, boolean continues) {}

    /**
     * Removes a trailing escape token (and the blanks after it) that is not itself escaped: Docker's
     * {@code ([^\\])\\[ \t]*$|^\\[ \t]*$}.
     */
    private Continuation trimContinuation(String line) {
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) end--;
        if (end == 0 || line.charAt(end - 1) != escape) return new Continuation(line, false);
        int tok = end - 1;
        if (tok == 0) return new Continuation("", true);
        if (line.charAt(tok - 1) == escape) return new Continuation(line, false);
        return new Continuation(line.substring(0, tok), true);
    }

    static String trimNewline(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) end--;
        return s.substring(0, end);
    }

    static boolean isSpace(int c) {
        return Character.isWhitespace(c) || c == 0x85 || c == 0xA0 || c == 0x2007 || c == 0x202F;
    }

    static String trimLeadingSpace(String s) {
        int i = 0;
        while (i < s.length() && isSpace(s.charAt(i))) i++;
        return s.substring(i);
    }

    static String trimSpace(String s) {
        int i = 0, j = s.length();
        while (i < j && isSpace(s.charAt(i))) i++;
        while (j > i && isSpace(s.charAt(j - 1))) j--;
        return s.substring(i, j);
    }

    private static boolean isComment(String line) {
        String t = trimLeadingSpace(line);
        return !t.isEmpty() && t.charAt(0) == '#';
    }

    /** Splits a logical line into keyword, flags and arguments, and splits the arguments. */
    private Node nodeFromLine(String line, int start, boolean isTrigger) {
        String[] cmdline = WHITESPACE.split(trimSpace(line), 2);
        String cmd = cmdline[0];
        List<String> flags = new ArrayList<>();
        String rest = "";
        if (cmdline.length == 2) rest = trimSpace(extractFlags(cmdline[1], flags));
        String lower = cmd.toLowerCase(Locale.ROOT);
        List<String> args = List.of();
        boolean json = false;
        Node sub = null;
        switch (lower) {
            case "add", "copy", "volume" -> {
                List<String> j = parseJson(rest);
                if (j != null) { args = j; json = true; } else args = splitWhitespace(rest);
            }
            case "run", "cmd", "entrypoint", "shell" -> {
                List<String> j = rest.isEmpty() ? null : parseJson(rest);
                if (j != null) { args = j; json = true; } else if (!rest.isEmpty()) args = List.of(rest);
            }
            case "healthcheck" -> {
                int sep = 0;
                while (sep < rest.length() && !isSpace(rest.charAt(sep))) sep++;
                int next = sep;
                while (next < rest.length() && isSpace(rest.charAt(next))) next++;
                if (sep > 0) {
                    List<String> a = new ArrayList<>();
                    a.add(rest.substring(0, sep));
                    String c = rest.substring(next);
                    List<String> j = c.isEmpty() ? null : parseJson(c);
                    if (j != null) { a.addAll(j); json = true; } else if (!c.isEmpty()) a.add(c);
                    args = a;
                }
            }
            case "env", "label" -> args = parseNameVal(rest, cmd.toUpperCase(Locale.ROOT).equals("ENV") ? "ENV" : "LABEL");
            case "arg" -> args = parseWords(rest);
            case "expose", "from" -> args = splitWhitespace(rest);
            case "maintainer", "stopsignal", "user", "workdir" -> args = rest.isEmpty() ? List.of() : List.of(rest);
            case "onbuild" -> {
                // a trigger that is itself ONBUILD is refused by the instruction pass: no deeper recursion
                if (!rest.isEmpty() && !isTrigger) sub = nodeFromLine(rest, start, true);
            }
            default -> { }
        }
        return new Node(cmd, List.copyOf(flags), rest, args, json, line, start, start, sub, List.of());
    }

    /** The leading {@code --flag[=value]} words (BuildKit's extractBuilderFlags); returns the rest. */
    private String extractFlags(String line, List<String> words) {
        final int inSpaces = 0, inWord = 1, inQuote = 2;
        int phase = inSpaces;
        StringBuilder word = new StringBuilder();
        char quote = 0;
        boolean blankOk = false;
        int n = line.length();
        for (int pos = 0; pos <= n; pos++) {
            char ch = pos < n ? line.charAt(pos) : 0;
            if (phase == inSpaces) {
                if (pos == n) break;
                if (isSpace(ch)) continue;
                if (ch != '-' || pos + 1 == n || line.charAt(pos + 1) != '-') return line.substring(pos);
                phase = inWord;
            }
            if (pos == n) {
                String w = word.toString();
                if (!w.equals("--") && (blankOk || !w.isEmpty())) words.add(w);
                break;
            }
            if (phase == inWord) {
                if (isSpace(ch)) {
                    String w = word.toString();
                    phase = inSpaces;
                    if (w.equals("--")) return line.substring(pos);
                    if (blankOk || !w.isEmpty()) words.add(w);
                    word.setLength(0);
                    blankOk = false;
                    continue;
                }
                if (ch == '\'' || ch == '"') {
                    quote = ch;
                    blankOk = true;
                    phase = inQuote;
                    continue;
                }
                if (ch == escape) {
                    if (pos + 1 == n) continue;
                    ch = line.charAt(++pos);
                }
                word.append(ch);
                continue;
            }
            // inQuote
            if (ch == quote) {
                phase = inWord;
                continue;
            }
            if (ch == escape) {
                if (pos + 1 == n) {
                    phase = inWord;
                    continue;
                }
                ch = line.charAt(++pos);
            }
            word.append(ch);
        }
        return "";
    }

    /** A JSON array of strings, null when {@code rest} is not a JSON array (then it is shell form). */
    private static List<String> parseJson(String rest) {
        rest = trimLeadingSpace(rest);
        if (!rest.startsWith("[")) return null;
        JsonNode tree;
        try {
            tree = JSON.readTree(rest);
        } catch (Exception | StackOverflowError e) {
            return null;
        }
        if (tree == null || !tree.isArray()) return null;
        List<String> out = new ArrayList<>();
        for (JsonNode el : tree) {
            if (!el.isTextual()) throw new LexFailure("when using JSON array syntax, arrays must be comprised of strings only");
            out.add(el.textValue());
        }
        return out;
    }

    private static List<String> splitWhitespace(String rest) {
        if (rest.isEmpty()) return List.of();
        return List.of(WHITESPACE.split(rest, -1));
    }

    /**
     * Words separated by whitespace, quotes and escapes kept (BuildKit's parseWords): {@code a="x y" b}
     * is {@code [a="x y", b]}.
     */
    private List<String> parseWords(String rest) {
        final int inSpaces = 0, inWord = 1, inQuote = 2;
        List<String> words = new ArrayList<>();
        int phase = inSpaces;
        int quote = 0;
        boolean blankOk = false;
        StringBuilder word = new StringBuilder();
        int[] cps = rest.codePoints().toArray();
        int n = cps.length;
        for (int pos = 0; pos <= n; pos++) {
            int ch = pos < n ? cps[pos] : 0;
            if (phase == inSpaces) {
                if (pos == n) break;
                if (isSpace(ch)) continue;
                phase = inWord;
            }
            if (pos == n) {
                if (blankOk || !word.isEmpty()) words.add(word.toString());
                break;
            }
            if (phase == inWord) {
                if (isSpace(ch)) {
                    phase = inSpaces;
                    if (blankOk || !word.isEmpty()) words.add(word.toString());
                    word.setLength(0);
                    blankOk = false;
                    continue;
                }
                if (ch == '\'' || ch == '"') {
                    quote = ch;
                    blankOk = true;
                    phase = inQuote;
                }
                if (ch == escape) {
                    if (pos + 1 == n) continue;
                    word.appendCodePoint(ch);
                    ch = cps[++pos];
                }
                word.appendCodePoint(ch);
                continue;
            }
            if (ch == quote) phase = inWord;
            if (ch == escape && quote != '\'') {
                if (pos + 1 == n) {
                    phase = inWord;
                    continue;
                }
                word.appendCodePoint(ch);
                ch = cps[++pos];
            }
            word.appendCodePoint(ch);
        }
        return words;
    }

    /**
     * ENV and LABEL: {@code KEY value...} (old form) or {@code k=v k2=v2} (new form), as a flat
     * [key, value, key, value...] list; values keep their quotes.
     */
    private List<String> parseNameVal(String rest, String key) {
        List<String> words = parseWords(rest);
        if (words.isEmpty()) return List.of();
        if (!words.getFirst().contains("=")) {
            String[] parts = WHITESPACE.split(rest, 2);
            if (parts.length < 2) throw new LexFailure(key + " must have two arguments");
            return List.of(parts[0], parts[1]);
        }
        List<String> out = new ArrayList<>();
        for (String w : words) {
            int eq = w.indexOf('=');
            if (eq < 0) {
                throw new LexFailure("Syntax error - can't find = in " + GoQuote.quote(w) + ". Must be of the form: name=value");
            }
            out.add(w.substring(0, eq));
            out.add(w.substring(eq + 1));
        }
        return out;
    }

    private static boolean canContainHeredoc(Node node) {
        Node n = node.cmd.equalsIgnoreCase("onbuild") && node.sub != null ? node.sub : node;
        String c = n.cmd.toLowerCase(Locale.ROOT);
        return (c.equals("add") || c.equals("copy") || c.equals("run")) && !n.json;
    }

    /** The heredocs a line opens, in order (BuildKit's heredocsFromLine). */
    private static List<Heredoc> heredocsFromLine(String line) {
        List<String> words;
        try {
            words = new ShellLex('\\', true, true, true, false).processWords(line, Map.of());
        } catch (DockerfileException e) {
            words = List.of();
        }
        List<Heredoc> docs = new ArrayList<>();
        for (String w : words) {
            Heredoc h = parseHeredoc(w);
            if (h != null) docs.add(h);
        }
        return docs;
    }

    /** A heredoc word ({@code <<EOF}, {@code <<-"EOF"}, {@code 3<<EOF}), or null. */
    static Heredoc parseHeredoc(String word) {
        Matcher m = HEREDOC.matcher(word);
        if (!m.matches()) return null;
        String rest = m.group(3);
        if (rest.isEmpty()) return null;
        List<String> plain = new ShellLex('\\', false, false, true, false).processWords(rest, Map.of());
        if (plain.size() != 1) return null;
        List<String> raw = new ShellLex('\\', true, false, true, false).processWords(rest, Map.of());
        if (raw.size() != 1) throw new LexFailure("internal lexing of heredoc produced inconsistent results: " + rest);
        String name = plain.getFirst();
        boolean expand = quotes(name) == quotes(raw.getFirst());
        int fd = 0;
        String fdText = m.group(1);
        if (!fdText.isEmpty()) {
            try {
                fd = Integer.parseInt(fdText);
            } catch (NumberFormatException e) {
                fd = 0;
            }
        }
        return new Heredoc(name, "", expand, m.group(2).equals("-"), fd);
    }

    private static long quotes(String s) {
        return s.chars().filter(c -> c == '\'' || c == '"').count();
    }

    // ---------------------------------------------------------------- instruction pass

    private Dockerfile build(List<Node> nodes) {
        List<Instruction.Arg> globalArgs = new ArrayList<>();
        List<Stage> stages = new ArrayList<>();
        Instruction.From from = null;
        List<Instruction> current = new ArrayList<>();
        for (Node n : nodes) {
            Instruction in;
            try {
                in = instruction(n);
            } catch (LexFailure e) {
                throw error(n.start, e.getMessage());
            }
            if (in instanceof Instruction.From f) {
                if (from != null) stages.add(new Stage(stages.size(), from.stageName(), from, current));
                from = f;
                current = new ArrayList<>();
            } else if (from == null) {
                if (in instanceof Instruction.Arg a) globalArgs.add(a);
                else throw error(n.start, "no build stage in current context");
            } else {
                current.add(in);
            }
        }
        if (from == null) throw error(0, "dockerfile contains no stages to build");
        stages.add(new Stage(stages.size(), from.stageName(), from, current));
        return new Dockerfile(fileName, escape, globalArgs, stages, warnings);
    }

    private Instruction instruction(Node n) {
        Instruction.Source src = new Instruction.Source(n.start, n.end, trimSpace(n.original));
        Flags flags = new Flags(n.flags);
        String upper = n.cmd.toUpperCase(Locale.ROOT);
        List<String> args = n.args;
        return switch (upper) {
            case "ENV" -> {
                flags.parse();
                yield new Instruction.Env(src, pairs(args, "ENV"));
            }
            case "LABEL" -> {
                flags.parse();
                yield new Instruction.Label(src, pairs(args, "LABEL"));
            }
            case "MAINTAINER" -> {
                exactlyOne(args, upper);
                flags.parse();
                yield new Instruction.Maintainer(src, args.getFirst());
            }
            case "ADD", "COPY" -> fileInstruction(n, src, flags, upper);
            case "FROM" -> {
                String stage = null;
                if (args.size() == 3 && args.get(1).equalsIgnoreCase("as")) {
                    stage = args.get(2).toLowerCase(Locale.ROOT);
                    if (!STAGE_NAME.matcher(stage).matches()) {
                        throw new LexFailure("invalid name for build stage: " + GoQuote.quote(args.get(2))
                                + ", name can't start with a number or contain symbols");
                    }
                } else if (args.size() != 1) {
                    throw new LexFailure("FROM requires either one or three arguments");
                }
                Flags.Value platform = flags.string("platform");
                flags.parse();
                yield new Instruction.From(src, args.getFirst(), stage, platform.orNull());
            }
            case "ONBUILD" -> {
                if (n.sub == null) throw new LexFailure("ONBUILD requires at least one argument");
                flags.parse();
                String trigger = trimSpace(n.sub.cmd).toUpperCase(Locale.ROOT);
                switch (trigger) {
                    case "ONBUILD" -> throw new LexFailure("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
                    case "MAINTAINER", "FROM" -> throw new LexFailure(trigger + " isn't allowed as an ONBUILD trigger");
                    default -> { }
                }
                String expression = ONBUILD_PREFIX.matcher(n.original).replaceFirst("");
                yield new Instruction.Onbuild(src, expression, instruction(n.sub));
            }
            case "WORKDIR" -> {
                exactlyOne(args, upper);
                flags.parse();
                yield new Instruction.Workdir(src, args.getFirst());
            }
            case "RUN" -> {
                Flags.Value mounts = flags.strings("mount");
                Flags.Value network = flags.string("network");
                flags.parse();
                List<RunMount> parsed = new ArrayList<>();
                for (String m : mounts.values()) parsed.add(RunMounts.parse(m));
                String net = network.orNull();
                if (net != null && !net.equals("default") && !net.equals("none") && !net.equals("host")) {
                    throw new LexFailure("invalid network mode " + GoQuote.quote(net));
                }
                yield new Instruction.Run(src, commandLine(n), parsed, net, n.heredocs);
            }
            case "CMD" -> {
                flags.parse();
                yield new Instruction.Cmd(src, commandLine(n));
            }
            case "ENTRYPOINT" -> {
                flags.parse();
                yield new Instruction.Entrypoint(src, commandLine(n));
            }
            case "HEALTHCHECK" -> healthcheck(n, src, flags);
            case "EXPOSE" -> {
                if (args.isEmpty()) throw atLeastOne(upper);
                flags.parse();
                yield new Instruction.Expose(src, args.stream().sorted().toList());
            }
            case "USER" -> {
                exactlyOne(args, upper);
                flags.parse();
                yield new Instruction.User(src, args.getFirst());
            }
            case "VOLUME" -> {
                if (args.isEmpty()) throw atLeastOne(upper);
                flags.parse();
                List<String> vols = new ArrayList<>();
                for (String v : args) {
                    v = trimSpace(v);
                    if (v.isEmpty()) throw new LexFailure("VOLUME specified can not be an empty string");
                    vols.add(v);
                }
                yield new Instruction.Volume(src, vols);
            }
            case "STOPSIGNAL" -> {
                // Docker 20.10 never parses STOPSIGNAL's or ARG's flags: they are ignored
                exactlyOne(args, upper);
                yield new Instruction.StopSignal(src, args.getFirst());
            }
            case "ARG" -> {
                if (args.isEmpty()) throw atLeastOne(upper);
                List<Instruction.ArgDef> defs = new ArrayList<>();
                for (String a : args) {
                    int eq = a.indexOf('=');
                    if (eq == 0) throw new LexFailure("ARG names can not be blank");
                    defs.add(eq < 0 ? new Instruction.ArgDef(a, null)
                            : new Instruction.ArgDef(a.substring(0, eq), a.substring(eq + 1)));
                }
                yield new Instruction.Arg(src, defs);
            }
            case "SHELL" -> {
                flags.parse();
                if (args.isEmpty()) throw atLeastOne(upper);
                if (!n.json) throw new LexFailure("SHELL requires the arguments to be in JSON form");
                yield new Instruction.Shell(src, args);
            }
            default -> throw new LexFailure("unknown instruction: " + upper);
        };
    }

    private static Instruction.CommandLine commandLine(Node n) {
        return new Instruction.CommandLine(n.args, !n.json);
    }

    private static LexFailure atLeastOne(String command) {
        return new LexFailure(command + " requires at least one argument");
    }

    private static void exactlyOne(List<String> args, String command) {
        if (args.size() != 1) throw new LexFailure(command + " requires exactly one argument");
    }

    private static List<Instruction.KeyValue> pairs(List<String> args, String command) {
        if (args.isEmpty()) throw atLeastOne(command);
        List<Instruction.KeyValue> out = new ArrayList<>();
        for (int i = 0; i + 1 < args.size(); i += 2) {
            if (args.get(i).isEmpty()) throw new LexFailure(command + " names can not be blank");
            out.add(new Instruction.KeyValue(args.get(i), args.get(i + 1)));
        }
        return out;
    }

    private Instruction fileInstruction(Node n, Instruction.Source src, Flags flags, String command) {
        if (n.args.size() < 2) {
            throw new LexFailure(command + " requires at least two arguments, but only one was provided. "
                    + "Destination could not be determined");
        }
        boolean copy = command.equals("COPY");
        Flags.Value chown = flags.string("chown");
        Flags.Value chmod = flags.string("chmod");
        Flags.Value link = flags.bool("link");
        Flags.Value from = copy ? flags.string("from") : null;
        flags.parse();
        List<String> srcs = n.args.subList(0, n.args.size() - 1);
        String dest = n.args.getLast();
        if (!n.json && parseHeredoc(dest) != null) throw new LexFailure(command + " cannot accept a heredoc as a destination");
        List<String> paths = new ArrayList<>();
        List<Heredoc> contents = new ArrayList<>();
        for (String s : srcs) {
            Heredoc h = n.json ? null : parseHeredoc(s);
            if (h == null) {
                paths.add(s);
                continue;
            }
            Heredoc body = n.heredocs.stream().filter(d -> d.name().equals(h.name())).findFirst().orElse(null);
            contents.add(new Heredoc(h.name(), body == null ? "" : body.content(), h.expand(), h.chomp(), h.fileDescriptor()));
        }
        return copy
                ? new Instruction.Copy(src, paths, dest, from.orNull(), chown.orNull(), chmod.orNull(), link.isTrue(),
                        contents, n.json)
                : new Instruction.Add(src, paths, dest, chown.orNull(), chmod.orNull(), link.isTrue(), contents, n.json);
    }

    private Instruction healthcheck(Node n, Instruction.Source src, Flags flags) {
        if (n.args.isEmpty()) throw atLeastOne("HEALTHCHECK");
        String type = n.args.getFirst().toUpperCase(Locale.ROOT);
        List<String> rest = n.args.subList(1, n.args.size());
        if (type.equals("NONE")) {
            if (!rest.isEmpty()) throw new LexFailure("HEALTHCHECK NONE takes no arguments");
            return new Instruction.Healthcheck(src, List.of("NONE"), java.time.Duration.ZERO,
                    java.time.Duration.ZERO, java.time.Duration.ZERO, 0);
        }
        Flags.Value interval = flags.string("interval");
        Flags.Value timeout = flags.string("timeout");
        Flags.Value startPeriod = flags.string("start-period");
        Flags.Value retries = flags.string("retries");
        flags.parse();
        if (!type.equals("CMD")) throw new LexFailure("Unknown type " + GoQuote.quote(type) + " in HEALTHCHECK (try CMD)");
        if (rest.isEmpty()) throw new LexFailure("Missing command after HEALTHCHECK CMD");
        List<String> test = new ArrayList<>();
        test.add(n.json ? "CMD" : "CMD-SHELL");
        test.addAll(rest);
        int r = 0;
        if (retries.orNull() != null && !retries.orNull().isEmpty()) {
            long v;
            try {
                v = Long.parseLong(retries.orNull());
                if (v != (int) v) throw new NumberFormatException();
            } catch (NumberFormatException e) {
                throw new LexFailure("strconv.ParseInt: parsing " + GoQuote.quote(retries.orNull()) + ": invalid syntax");
            }
            if (v < 1) throw new LexFailure("--retries must be at least 1 (not " + v + ")");
            r = (int) v;
        }
        return new Instruction.Healthcheck(src, test, interval(interval, "interval"), interval(timeout, "timeout"),
                interval(startPeriod, "start-period"), r);
    }

    private static java.time.Duration interval(Flags.Value flag, String name) {
        String s = flag.orNull();
        if (s == null || s.isEmpty()) return java.time.Duration.ZERO;
        java.time.Duration d;
        try {
            d = GoDuration.parse(s);
        } catch (IllegalArgumentException e) {
            throw new LexFailure(e.getMessage());
        }
        if (d.compareTo(java.time.Duration.ofMillis(1)) < 0) {
            throw new LexFailure("Interval " + GoQuote.quote(name) + " cannot be less than 1ms");
        }
        return d;
    }

    /** Thrown by helpers of the instruction pass; located by {@link #build}. */
    static RuntimeException failure(String message) {
        return new LexFailure(message);
    }
}
