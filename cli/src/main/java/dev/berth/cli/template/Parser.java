package dev.berth.cli.template;

import dev.berth.cli.template.Lexer.Item;
import dev.berth.cli.template.Lexer.Type;
import dev.berth.cli.template.Node.ActionNode;
import dev.berth.cli.template.Node.BoolNode;
import dev.berth.cli.template.Node.BranchNode;
import dev.berth.cli.template.Node.BreakNode;
import dev.berth.cli.template.Node.ChainNode;
import dev.berth.cli.template.Node.CommandNode;
import dev.berth.cli.template.Node.ContinueNode;
import dev.berth.cli.template.Node.DotNode;
import dev.berth.cli.template.Node.ElseNode;
import dev.berth.cli.template.Node.EndNode;
import dev.berth.cli.template.Node.FieldNode;
import dev.berth.cli.template.Node.IdentifierNode;
import dev.berth.cli.template.Node.ListNode;
import dev.berth.cli.template.Node.NilNode;
import dev.berth.cli.template.Node.NumberNode;
import dev.berth.cli.template.Node.PipeNode;
import dev.berth.cli.template.Node.StringNode;
import dev.berth.cli.template.Node.TemplateNode;
import dev.berth.cli.template.Node.TextNode;
import dev.berth.cli.template.Node.VariableNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Builds the parse tree from lexer items, following Go's {@code text/template/parse/parse.go}
 * closely enough that the same templates are accepted and rejected with the same messages.
 */
final class Parser {
    private final String parseName;
    private final String text;
    private final Funcs funcs;
    private final Map<String, ListNode> trees;
    private final List<Item> items;
    private int next;
    private Item last;
    private List<String> vars = new ArrayList<>(List.of("$"));
    private int rangeDepth;

    private Parser(String parseName, String text, Funcs funcs, Map<String, ListNode> trees) {
        this.parseName = parseName;
        this.text = text;
        this.funcs = funcs;
        this.trees = trees;
        this.items = Lexer.lex(text);
    }

    /** Parses {@code text}; the main tree is stored under {@code name} in {@code trees}, with any definitions. */
    static void parse(String name, String text, Funcs funcs, Map<String, ListNode> trees) throws TemplateException {
        try {
            new Parser(name, text, funcs, trees).parseMain(name);
        } catch (ParseError e) {
            throw new TemplateException(e.getMessage());
        }
    }

    private static final class ParseError extends RuntimeException {
        ParseError(String m) {
            super(m, null, false, false);
        }
    }

    // ---- token stream ----

    private Item nextItem() {
        Item i = items.get(Math.min(next, items.size() - 1));
        if (next < items.size()) next++;
        last = i;
        return i;
    }

    private void backup() {
        next--;
    }

    private Item peek() {
        return items.get(Math.min(next, items.size() - 1));
    }

    private Item nextNonSpace() {
        Item i;
        do {
            i = nextItem();
        } while (i.type() == Type.SPACE);
        return i;
    }

    private Item peekNonSpace() {
        Item i = nextNonSpace();
        backup();
        return i;
    }

    private Item expect(Type t, String context) {
        Item i = nextNonSpace();
        if (i.type() != t) unexpected(i, context);
        return i;
    }

    private RuntimeException errorf(String msg) {
        int line = last == null ? 1 : lineOf(last);
        throw new ParseError("template: " + parseName + ":" + line + ": " + msg);
    }

    private int lineOf(Item i) {
        int line = 1;
        int end = Math.min(i.pos(), text.length());
        for (int k = 0; k < end; k++) if (text.charAt(k) == '\n') line++;
        return line;
    }

    private void unexpected(Item token, String context) {
        if (token.type() == Type.ERROR) {
            last = token;
            throw errorf(token.val());
        }
        throw errorf("unexpected " + token + " in " + context);
    }

    // ---- structure ----

    private void parseMain(String name) {
        ListNode root = new ListNode(peek().pos());
        while (peek().type() != Type.EOF) {
            if (peek().type() == Type.ERROR) unexpected(nextItem(), "input");
            if (peek().type() == Type.LEFT_DELIM) {
                int mark = next;
                nextItem();
                if (nextNonSpace().type() == Type.DEFINE) {
                    parseDefinition();
                    continue;
                }
                next = mark;
            }
            Node n = textOrAction();
            if (n instanceof EndNode || n instanceof ElseNode) throw errorf("unexpected " + n);
            root.nodes().add(n);
        }
        addTree(name, root);
    }

    private void addTree(String name, ListNode root) {
        ListNode existing = trees.get(name);
        if (existing == null || existing.nodes().isEmpty() || !root.nodes().isEmpty()) trees.put(name, root);
    }

    private void parseDefinition() {
        String context = "define clause";
        Item name = nextNonSpace();
        if (name.type() != Type.STRING && name.type() != Type.RAW_STRING) unexpected(name, context);
        String defName = unquote(name.val());
        expect(Type.RIGHT_DELIM, context);
        List<String> saved = vars;
        vars = new ArrayList<>(List.of("$"));
        Object[] r = itemList();
        vars = saved;
        if (!(r[1] instanceof EndNode)) throw errorf("unexpected " + r[1] + " in " + context);
        addTree(defName, (ListNode) r[0]);
    }

    /** Returns {list, terminating end/else node}. */
    private Object[] itemList() {
        ListNode list = new ListNode(peekNonSpace().pos());
        while (peekNonSpace().type() != Type.EOF) {
            Node n = textOrAction();
            if (n instanceof EndNode || n instanceof ElseNode) return new Object[] {list, n};
            list.nodes().add(n);
        }
        throw errorf("unexpected EOF");
    }

    private Node textOrAction() {
        Item token = nextNonSpace();
        return switch (token.type()) {
            case TEXT -> new TextNode(token.pos(), token.val());
            case LEFT_DELIM -> action();
            default -> {
                unexpected(token, "input");
                yield null;
            }
        };
    }

    private Node action() {
        Item token = nextNonSpace();
        switch (token.type()) {
            case BLOCK -> {
                return blockControl();
            }
            case BREAK -> {
                Item t = nextNonSpace();
                if (t.type() != Type.RIGHT_DELIM) unexpected(t, "{{break}}");
                if (rangeDepth == 0) throw errorf("{{break}} outside {{range}}");
                return new BreakNode(token.pos());
            }
            case CONTINUE -> {
                Item t = nextNonSpace();
                if (t.type() != Type.RIGHT_DELIM) unexpected(t, "{{continue}}");
                if (rangeDepth == 0) throw errorf("{{continue}} outside {{range}}");
                return new ContinueNode(token.pos());
            }
            case ELSE -> {
                Item p = peekNonSpace();
                if (p.type() == Type.IF || p.type() == Type.WITH) return new ElseNode(p.pos());
                Item t = expect(Type.RIGHT_DELIM, "else");
                return new ElseNode(t.pos());
            }
            case END -> {
                return new EndNode(expect(Type.RIGHT_DELIM, "end").pos());
            }
            case IF -> {
                return control(BranchNode.Kind.IF, "if");
            }
            case RANGE -> {
                return control(BranchNode.Kind.RANGE, "range");
            }
            case WITH -> {
                return control(BranchNode.Kind.WITH, "with");
            }
            case TEMPLATE -> {
                return templateControl();
            }
            default -> {
                backup();
                Item t = peek();
                return new ActionNode(t.pos(), pipeline("command", Type.RIGHT_DELIM));
            }
        }
    }

    private Node control(BranchNode.Kind kind, String context) {
        int mark = vars.size();
        try {
            PipeNode pipe = pipeline(context, Type.RIGHT_DELIM);
            if (kind == BranchNode.Kind.RANGE) rangeDepth++;
            Object[] r = itemList();
            if (kind == BranchNode.Kind.RANGE) rangeDepth--;
            ListNode list = (ListNode) r[0];
            ListNode elseList = null;
            if (r[1] instanceof ElseNode elseNode) {
                if (kind == BranchNode.Kind.IF && peek().type() == Type.IF) {
                    nextItem();
                    elseList = new ListNode(elseNode.pos());
                    elseList.nodes().add(control(BranchNode.Kind.IF, "if"));
                } else if (kind == BranchNode.Kind.WITH && peek().type() == Type.WITH) {
                    nextItem();
                    elseList = new ListNode(elseNode.pos());
                    elseList.nodes().add(control(BranchNode.Kind.WITH, "with"));
                } else {
                    Object[] e = itemList();
                    if (!(e[1] instanceof EndNode)) throw errorf("expected end; found " + e[1]);
                    elseList = (ListNode) e[0];
                }
            }
            return new BranchNode(pipe.pos(), kind, pipe, list, elseList);
        } finally {
            vars.subList(mark, vars.size()).clear();
        }
    }

    private Node blockControl() {
        String context = "block clause";
        Item token = nextNonSpace();
        String name = templateName(token, context);
        PipeNode pipe = pipeline(context, Type.RIGHT_DELIM);
        List<String> saved = vars;
        vars = new ArrayList<>(List.of("$"));
        Object[] r = itemList();
        vars = saved;
        if (!(r[1] instanceof EndNode)) throw errorf("unexpected " + r[1] + " in " + context);
        addTree(name, (ListNode) r[0]);
        return new TemplateNode(token.pos(), name, pipe);
    }

    private Node templateControl() {
        String context = "template clause";
        Item token = nextNonSpace();
        String name = templateName(token, context);
        PipeNode pipe = null;
        if (nextNonSpace().type() != Type.RIGHT_DELIM) {
            backup();
            pipe = pipeline(context, Type.RIGHT_DELIM);
        }
        return new TemplateNode(token.pos(), name, pipe);
    }

    private String templateName(Item token, String context) {
        if (token.type() == Type.STRING || token.type() == Type.RAW_STRING) return unquote(token.val());
        unexpected(token, context);
        return null;
    }

    // ---- pipelines ----

    private PipeNode pipeline(String context, Type end) {
        Item start = peekNonSpace();
        boolean isAssign = false;
        List<VariableNode> decl = new ArrayList<>();
        List<CommandNode> cmds = new ArrayList<>();
        decls:
        while (true) {
            Item v = peekNonSpace();
            if (v.type() != Type.VARIABLE) break;
            int mark = next;
            nextNonSpace();
            Item afterVariable = peek();
            Item n = peekNonSpace();
            if (n.type() == Type.ASSIGN || n.type() == Type.DECLARE) {
                isAssign = n.type() == Type.ASSIGN;
                nextNonSpace();
                decl.add(new VariableNode(v.pos(), List.of(v.val())));
                vars.add(v.val());
            } else if (n.type() == Type.CHAR && n.val().equals(",")) {
                nextNonSpace();
                decl.add(new VariableNode(v.pos(), List.of(v.val())));
                vars.add(v.val());
                if (context.equals("range") && decl.size() < 2) {
                    Type t = peekNonSpace().type();
                    if (t == Type.VARIABLE || t == Type.RIGHT_DELIM || t == Type.RIGHT_PAREN) continue decls;
                    throw errorf("range can only initialize variables");
                }
                throw errorf("too many declarations in " + context);
            } else if (afterVariable.type() == Type.SPACE) {
                next = mark;
            } else {
                next = mark;
            }
            break;
        }
        while (true) {
            Item token = nextNonSpace();
            if (token.type() == end) {
                checkPipeline(cmds, context);
                return new PipeNode(start.pos(), isAssign, decl, cmds);
            }
            switch (token.type()) {
                case BOOL, CHAR_CONSTANT, COMPLEX, DOT, FIELD, IDENTIFIER, NUMBER, NIL, RAW_STRING, STRING, VARIABLE,
                     LEFT_PAREN -> {
                    backup();
                    cmds.add(command());
                }
                default -> unexpected(token, context);
            }
        }
    }

    private void checkPipeline(List<CommandNode> cmds, String context) {
        if (cmds.isEmpty()) throw errorf("missing value for " + context);
        for (int i = 1; i < cmds.size(); i++) {
            Node first = cmds.get(i).args().get(0);
            if (first instanceof BoolNode || first instanceof DotNode || first instanceof NilNode
                    || first instanceof NumberNode || first instanceof StringNode) {
                throw errorf("non executable command in pipeline stage " + (i + 1));
            }
        }
    }

    private CommandNode command() {
        CommandNode cmd = new CommandNode(peekNonSpace().pos(), new ArrayList<>());
        while (true) {
            peekNonSpace();
            Node operand = operand();
            if (operand != null) cmd.args().add(operand);
            Item token = nextItem();
            switch (token.type()) {
                case SPACE -> {
                    continue;
                }
                case RIGHT_DELIM, RIGHT_PAREN -> backup();
                case PIPE -> { }
                default -> unexpected(token, "operand");
            }
            break;
        }
        if (cmd.args().isEmpty()) throw errorf("empty command");
        return cmd;
    }

    private Node operand() {
        Node node = term();
        if (node == null) return null;
        if (peek().type() == Type.FIELD) {
            int chainPos = peek().pos();
            List<String> fields = new ArrayList<>();
            while (peek().type() == Type.FIELD) fields.add(nextItem().val().substring(1));
            if (node instanceof FieldNode f) {
                List<String> all = new ArrayList<>(f.idents());
                all.addAll(fields);
                return new FieldNode(chainPos, all);
            }
            if (node instanceof VariableNode v) {
                List<String> all = new ArrayList<>(v.idents());
                all.addAll(fields);
                return new VariableNode(chainPos, all);
            }
            if (node instanceof BoolNode || node instanceof StringNode || node instanceof NumberNode
                    || node instanceof NilNode || node instanceof DotNode) {
                throw errorf("unexpected . after term " + GoFormat.quote(node.toString()));
            }
            return new ChainNode(chainPos, node, fields);
        }
        return node;
    }

    private Node term() {
        Item token = nextNonSpace();
        switch (token.type()) {
            case IDENTIFIER -> {
                if (!funcs.has(token.val())) throw errorf("function " + GoFormat.quote(token.val()) + " not defined");
                return new IdentifierNode(token.pos(), token.val());
            }
            case DOT -> {
                return new DotNode(token.pos());
            }
            case NIL -> {
                return new NilNode(token.pos());
            }
            case VARIABLE -> {
                if (!vars.contains(token.val())) throw errorf("undefined variable " + GoFormat.quote(token.val()));
                return new VariableNode(token.pos(), List.of(token.val()));
            }
            case FIELD -> {
                return new FieldNode(token.pos(), Arrays.asList(token.val().substring(1).split("\\.")));
            }
            case BOOL -> {
                return new BoolNode(token.pos(), token.val().equals("true"));
            }
            case CHAR_CONSTANT, COMPLEX, NUMBER -> {
                return number(token);
            }
            case LEFT_PAREN -> {
                return pipeline("parenthesized pipeline", Type.RIGHT_PAREN);
            }
            case STRING, RAW_STRING -> {
                return new StringNode(token.pos(), token.val(), unquote(token.val()));
            }
            default -> {
                backup();
                return null;
            }
        }
    }

    private String unquote(String s) {
        try {
            return GoFormat.unquote(s);
        } catch (IllegalArgumentException e) {
            throw errorf(e.getMessage());
        }
    }

    private NumberNode number(Item token) {
        String t = token.val();
        if (token.type() == Type.CHAR_CONSTANT) {
            String s = unquote(t);
            return new NumberNode(token.pos(), t, (long) s.codePointAt(0));
        }
        if (token.type() == Type.COMPLEX) throw errorf("complex numbers are not supported: " + t);
        String clean = t.replace("_", "");
        Long asInt = parseInt(clean);
        boolean floatSyntax = !isHex(clean) && (clean.contains(".") || clean.contains("e") || clean.contains("E"))
                || (isHex(clean) && (clean.contains("p") || clean.contains("P")));
        if (asInt != null && !floatSyntax) return new NumberNode(token.pos(), t, asInt);
        try {
            double d = Double.parseDouble(isHex(clean) && !clean.contains("p") && !clean.contains("P") ? clean + "p0" : clean);
            if (!floatSyntax && d == Math.rint(d) && Math.abs(d) < 9.2e18) return new NumberNode(token.pos(), t, (long) d);
            return new NumberNode(token.pos(), t, d);
        } catch (NumberFormatException e) {
            throw errorf("illegal number syntax: " + GoFormat.quote(t));
        }
    }

    private static boolean isHex(String s) {
        String u = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
        return u.startsWith("0x") || u.startsWith("0X");
    }

    private static Long parseInt(String s) {
        boolean neg = s.startsWith("-");
        String u = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
        int radix = 10;
        if (u.startsWith("0x") || u.startsWith("0X")) {
            radix = 16;
            u = u.substring(2);
        } else if (u.startsWith("0o") || u.startsWith("0O")) {
            radix = 8;
            u = u.substring(2);
        } else if (u.startsWith("0b") || u.startsWith("0B")) {
            radix = 2;
            u = u.substring(2);
        } else if (u.length() > 1 && u.startsWith("0")) {
            radix = 8;
            u = u.substring(1);
        }
        try {
            long v = Long.parseLong(u, radix);
            return neg ? -v : v;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
