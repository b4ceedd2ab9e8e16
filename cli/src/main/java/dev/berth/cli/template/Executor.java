package dev.berth.cli.template;

import dev.berth.cli.template.Funcs.ArgType;
import dev.berth.cli.template.Funcs.Func;
import dev.berth.cli.template.Node.ActionNode;
import dev.berth.cli.template.Node.BoolNode;
import dev.berth.cli.template.Node.BranchNode;
import dev.berth.cli.template.Node.BreakNode;
import dev.berth.cli.template.Node.ChainNode;
import dev.berth.cli.template.Node.CommandNode;
import dev.berth.cli.template.Node.ContinueNode;
import dev.berth.cli.template.Node.DotNode;
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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Walks a parse tree against data, as Go's {@code text/template/exec.go} does: the same
 * truthiness, field lookup, variable scoping, range semantics and error messages.
 */
final class Executor {
    private static final Object MISSING = new Object();
    /** A map entry that is present but null: Go's nil {@code interface{}} value, unwrapped after each command. */
    private static final Object NIL_IFACE = new Object();
    private static final int MAX_DEPTH = 100_000;

    private record Var(String name, Object value) {}

    private static final class ExecError extends RuntimeException {
        ExecError(String m) {
            super(m, null, false, false);
        }
    }

    private static final class Control extends RuntimeException {
        final boolean isBreak;

        Control(boolean isBreak) {
            super(null, null, false, false);
            this.isBreak = isBreak;
        }
    }

    private final Template tmpl;
    private final String name;
    private final StringBuilder out;
    private final List<Var> vars = new ArrayList<>();
    private final int depth;
    private Node node;

    private Executor(Template tmpl, String name, StringBuilder out, int depth) {
        this.tmpl = tmpl;
        this.name = name;
        this.out = out;
        this.depth = depth;
    }

    static void execute(Template tmpl, String name, ListNode root, StringBuilder out, Object data) throws TemplateException {
        Executor s = new Executor(tmpl, name, out, 0);
        s.vars.add(new Var("$", Values.normalize(data)));
        try {
            s.walk(Values.normalize(data), root);
        } catch (ExecError e) {
            throw new TemplateException(e.getMessage());
        }
    }

    // ---- errors ----

    private void at(Node n) {
        this.node = n;
    }

    private ExecError errorf(String msg) {
        if (node == null) throw new ExecError("template: " + name + ": " + msg);
        String context = node.toString();
        if (context.codePointCount(0, context.length()) > 20) {
            context = context.substring(0, context.offsetByCodePoints(0, 20)) + "...";
        }
        throw new ExecError("template: " + location(node) + ": executing " + GoFormat.quote(name) + " at <"
                + context + ">: " + msg);
    }

    private String location(Node n) {
        String text = tmpl.text();
        int pos = Math.min(n.pos(), text.length());
        String before = text.substring(0, pos);
        int line = 1;
        for (int i = 0; i < before.length(); i++) if (before.charAt(i) == '\n') line++;
        int nl = before.lastIndexOf('\n');
        int col = before.substring(nl + 1).getBytes(StandardCharsets.UTF_8).length;
        return tmpl.name() + ":" + line + ":" + col;
    }

    // ---- walking ----

    private void walk(Object dot, Node n) {
        if (n instanceof TextNode t) {
            out.append(t.text());
        } else if (n instanceof ActionNode a) {
            Object val = evalPipeline(dot, a.pipe());
            if (a.pipe().decl().isEmpty()) printValue(a, val);
        } else if (n instanceof ListNode l) {
            for (Node child : l.nodes()) walk(dot, child);
        } else if (n instanceof BranchNode b) {
            if (b.kind() == BranchNode.Kind.RANGE) walkRange(dot, b);
            else walkIfOrWith(dot, b);
        } else if (n instanceof BreakNode) {
            throw new Control(true);
        } else if (n instanceof ContinueNode) {
            throw new Control(false);
        } else if (n instanceof TemplateNode t) {
            walkTemplate(dot, t);
        } else {
            throw errorf("unknown node: " + n);
        }
    }

    private void walkIfOrWith(Object dot, BranchNode b) {
        int mark = vars.size();
        try {
            Object val = evalPipeline(dot, b.pipe());
            if (Values.isTrue(val)) {
                walk(b.kind() == BranchNode.Kind.WITH ? val : dot, b.list());
            } else if (b.elseList() != null) {
                walk(dot, b.elseList());
            }
        } finally {
            pop(mark);
        }
    }

    private void walkRange(Object dot, BranchNode r) {
        at(r);
        int outer = vars.size();
        try {
            Object val = Values.normalize(evalPipeline(dot, r.pipe()));
            int mark = vars.size();
            if (val instanceof List<?> list) {
                if (!list.isEmpty()) {
                    for (int i = 0; i < list.size(); i++) {
                        if (!iteration(r, mark, (long) i, Values.normalize(list.get(i)))) break;
                    }
                    return;
                }
            } else if (val instanceof Map<?, ?> map) {
                if (!map.isEmpty()) {
                    for (var e : GoFormat.sortedEntries(map)) {
                        if (!iteration(r, mark, e.getKey(), Values.normalize(e.getValue()))) break;
                    }
                    return;
                }
            } else if (val instanceof Long n) {
                if (r.pipe().decl().size() > 1) throw errorf("can't use " + n + " to iterate over more than one variable");
                if (n > 0) {
                    for (long i = 0; i < n; i++) {
                        if (!iteration(r, mark, i, i)) break;
                    }
                    return;
                }
            } else if (val != null) {
                throw errorf("range can't iterate over " + GoFormat.print(val));
            }
            if (r.elseList() != null) walk(dot, r.elseList());
        } finally {
            pop(outer);
        }
    }

    /** One range iteration; returns false on {@code {{break}}}. */
    private boolean iteration(BranchNode r, int mark, Object index, Object elem) {
        List<VariableNode> decl = r.pipe().decl();
        if (!decl.isEmpty()) {
            if (r.pipe().isAssign()) {
                setVar(decl.get(0).idents().get(0), decl.size() > 1 ? index : elem);
            } else {
                setTopVar(1, elem);
            }
        }
        if (decl.size() > 1) {
            if (r.pipe().isAssign()) setVar(decl.get(1).idents().get(0), elem);
            else setTopVar(2, index);
        }
        try {
            walk(elem, r.list());
            return true;
        } catch (Control c) {
            return !c.isBreak;
        } finally {
            pop(mark);
        }
    }

    private void walkTemplate(Object dot, TemplateNode t) {
        at(t);
        ListNode tree = tmpl.tree(t.name());
        if (tree == null) throw errorf("template " + GoFormat.quote(t.name()) + " not defined");
        if (depth + 1 >= MAX_DEPTH) throw errorf("exceeded maximum template depth (" + MAX_DEPTH + ")");
        Object newDot = t.pipe() == null ? null : evalPipeline(dot, t.pipe());
        Executor s = new Executor(tmpl, t.name(), out, depth + 1);
        s.vars.add(new Var("$", newDot));
        s.walk(newDot, tree);
    }

    // ---- variables ----

    private void push(String n, Object v) {
        vars.add(new Var(n, v));
    }

    private void pop(int mark) {
        vars.subList(mark, vars.size()).clear();
    }

    private void setVar(String n, Object v) {
        for (int i = vars.size() - 1; i >= 0; i--) {
            if (vars.get(i).name().equals(n)) {
                vars.set(i, new Var(n, v));
                return;
            }
        }
        throw errorf("undefined variable: " + n);
    }

    private void setTopVar(int n, Object v) {
        int i = vars.size() - n;
        vars.set(i, new Var(vars.get(i).name(), v));
    }

    private Object varValue(String n) {
        for (int i = vars.size() - 1; i >= 0; i--) {
            if (vars.get(i).name().equals(n)) return vars.get(i).value();
        }
        throw errorf("undefined variable: " + n);
    }

    // ---- evaluation ----

    private Object evalPipeline(Object dot, PipeNode pipe) {
        if (pipe == null) return null;
        at(pipe);
        Object value = MISSING;
        for (CommandNode cmd : pipe.cmds()) {
            value = evalCommand(dot, cmd, value);
            if (value == NIL_IFACE) value = null;
        }
        for (VariableNode v : pipe.decl()) {
            if (pipe.isAssign()) setVar(v.idents().get(0), value);
            else push(v.idents().get(0), value);
        }
        return value;
    }

    private void notAFunction(List<Node> args, Object fin) {
        if (args.size() > 1 || fin != MISSING) throw errorf("can't give argument to non-function " + args.get(0));
    }

    private Object evalCommand(Object dot, CommandNode cmd, Object fin) {
        Node first = cmd.args().get(0);
        if (first instanceof FieldNode f) return evalFieldNode(dot, f, cmd.args(), fin);
        if (first instanceof ChainNode c) return evalChainNode(dot, c, cmd.args(), fin);
        if (first instanceof IdentifierNode id) return evalFunction(dot, id, cmd, cmd.args(), fin);
        if (first instanceof PipeNode p) {
            notAFunction(cmd.args(), fin);
            return evalPipeline(dot, p);
        }
        if (first instanceof VariableNode v) return evalVariableNode(dot, v, cmd.args(), fin);
        at(first);
        notAFunction(cmd.args(), fin);
        if (first instanceof BoolNode b) return b.value();
        if (first instanceof DotNode) return dot;
        if (first instanceof NilNode) throw errorf("nil is not a command");
        if (first instanceof NumberNode n) return n.value();
        if (first instanceof StringNode str) return str.text();
        throw errorf("can't evaluate command " + GoFormat.quote(first.toString()));
    }

    private Object evalFieldNode(Object dot, FieldNode field, List<Node> args, Object fin) {
        at(field);
        return evalFieldChain(dot, dot, field, field.idents(), args, fin);
    }

    private Object evalChainNode(Object dot, ChainNode chain, List<Node> args, Object fin) {
        at(chain);
        if (chain.node() instanceof NilNode) throw errorf("indirection through explicit nil in " + chain);
        Object pipe = evalArg(dot, ArgType.ANY, chain.node());
        return evalFieldChain(dot, pipe, chain, chain.fields(), args, fin);
    }

    private Object evalVariableNode(Object dot, VariableNode v, List<Node> args, Object fin) {
        at(v);
        Object value = varValue(v.idents().get(0));
        if (v.idents().size() == 1) {
            notAFunction(args, fin);
            return value;
        }
        return evalFieldChain(dot, value, v, v.idents().subList(1, v.idents().size()), args, fin);
    }

    private Object evalFieldChain(Object dot, Object receiver, Node n, List<String> idents, List<Node> args, Object fin) {
        int k = idents.size();
        boolean untyped = false;
        for (int i = 0; i < k - 1; i++) {
            Object r = Values.normalize(receiver);
            receiver = evalField(idents.get(i), null, MISSING, receiver, untyped);
            untyped = r instanceof Map && !(r instanceof Values.StringMap);
        }
        Object last = Values.normalize(receiver);
        if (last instanceof TemplateObject o && o.methodArity(idents.get(k - 1)) >= 0) {
            return evalMethod(dot, o, idents.get(k - 1), args, fin);
        }
        return evalField(idents.get(k - 1), args, fin, receiver, untyped);
    }

    /** A method of a formatter context that takes string arguments, such as docker's {@code .Label "name"}. */
    private Object evalMethod(Object dot, TemplateObject o, String name, List<Node> args, Object fin) {
        int want = o.methodArity(name);
        List<Node> given = args == null || args.size() <= 1 ? List.of() : args.subList(1, args.size());
        int got = given.size() + (fin != MISSING ? 1 : 0);
        if (got != want) throw errorf("wrong number of args for " + name + ": want " + want + " got " + got);
        List<String> argv = new java.util.ArrayList<>();
        for (Node n : given) argv.add((String) evalArg(dot, ArgType.STRING, n));
        if (fin != MISSING) argv.add((String) validateType(fin, ArgType.STRING));
        return Values.normalize(o.callMethod(name, argv));
    }

    /**
     * Looks up a field. {@code untyped} says the receiver came out of a map of any values, so Go
     * would name its type {@code interface {}} in errors.
     */
    private Object evalField(String fieldName, List<Node> args, Object fin, Object receiver, boolean untyped) {
        if (receiver == NIL_IFACE) throw errorf("nil pointer evaluating interface {}." + fieldName);
        receiver = Values.normalize(receiver);
        if (receiver == null || receiver == MISSING) {
            if (tmpl.missingKeyError()) throw errorf("nil data; no entry for key " + GoFormat.quote(fieldName));
            return null;
        }
        boolean hasArgs = (args != null && args.size() > 1) || fin != MISSING;
        if (receiver instanceof TemplateObject o) {
            Object v = o.field(fieldName);
            if (v == TemplateObject.MISSING) {
                throw errorf("can't evaluate field " + fieldName + " in type " + o.typeName());
            }
            if (hasArgs) {
                int got = (args == null ? 0 : args.size() - 1) + (fin != MISSING ? 1 : 0);
                throw errorf("wrong number of args for " + fieldName + ": want 0 got " + got);
            }
            return Values.normalize(v);
        }
        if (receiver instanceof Map<?, ?> m) {
            if (hasArgs) throw errorf(fieldName + " is not a method but has arguments");
            if (m.containsKey(fieldName)) {
                Object v = m.get(fieldName);
                return v == null ? NIL_IFACE : Values.normalize(v);
            }
            if (tmpl.missingKeyError()) throw errorf("map has no entry for key " + GoFormat.quote(fieldName));
            return null;
        }
        if (receiver instanceof Values.NilPointer p) throw errorf("nil pointer evaluating " + p.typeName() + "." + fieldName);
        throw errorf("can't evaluate field " + fieldName + " in type "
                + (untyped ? "interface {}" : GoFormat.goTypeName(receiver)));
    }

    private Object evalFunction(Object dot, IdentifierNode id, CommandNode cmd, List<Node> args, Object fin) {
        at(id);
        Func f = tmpl.funcs().get(id.ident());
        if (f == null) throw errorf(GoFormat.quote(id.ident()) + " is not a defined function");
        return evalCall(dot, f, cmd, args, fin);
    }

    private Object evalCall(Object dot, Func f, Node cmd, List<Node> allArgs, Object fin) {
        String fname = f.name();
        List<Node> args = allArgs.size() > 0 ? allArgs.subList(1, allArgs.size()) : List.of();
        int numIn = args.size() + (fin != MISSING ? 1 : 0);
        int numParams = f.params().size();
        if (f.variadic()) {
            if (numIn < numParams - 1) {
                throw errorf("wrong number of args for " + fname + ": want at least " + (numParams - 1) + " got " + args.size());
            }
        } else if (numIn != numParams) {
            throw errorf("wrong number of args for " + fname + ": want " + numParams + " got " + numIn);
        }
        if (fname.equals("and") || fname.equals("or")) {
            boolean isOr = fname.equals("or");
            Object v = null;
            int n = args.size() + (fin != MISSING ? 1 : 0);
            for (int i = 0; i < n; i++) {
                v = i < args.size() ? evalArg(dot, ArgType.ANY, args.get(i)) : fin;
                if (Values.isTrue(v) == isOr) return v;
            }
            return v;
        }
        List<Object> argv = new ArrayList<>(numIn);
        for (int i = 0; i < args.size(); i++) argv.add(evalArg(dot, paramType(f, i), args.get(i)));
        if (fin != MISSING) argv.add(validateType(fin, paramType(f, args.size())));
        try {
            return Values.normalize(f.body().call(argv));
        } catch (Funcs.FuncError e) {
            at(cmd);
            throw errorf("error calling " + fname + ": " + e.getMessage());
        } catch (RuntimeException e) {
            at(cmd);
            throw errorf("error calling " + fname + ": " + e.getMessage());
        }
    }

    private static ArgType paramType(Func f, int i) {
        List<ArgType> p = f.params();
        return i < p.size() ? p.get(i) : p.get(p.size() - 1);
    }

    private Object evalArg(Object dot, ArgType type, Node n) {
        at(n);
        if (n instanceof DotNode) return validateType(dot, type);
        if (n instanceof NilNode) {
            if (type == ArgType.ANY || type == ArgType.STRINGS) return null;
            throw errorf("cannot assign nil to " + typeName(type));
        }
        if (n instanceof FieldNode f) return validateType(evalFieldNode(dot, f, List.of(n), MISSING), type);
        if (n instanceof VariableNode v) return validateType(evalVariableNode(dot, v, null, MISSING), type);
        if (n instanceof PipeNode p) return validateType(evalPipeline(dot, p), type);
        if (n instanceof IdentifierNode id) {
            return validateType(evalFunction(dot, id, new CommandNode(id.pos(), List.of(id)), List.of(id), MISSING), type);
        }
        if (n instanceof ChainNode c) return validateType(evalChainNode(dot, c, null, MISSING), type);
        switch (type) {
            case ANY:
                if (n instanceof BoolNode b) return b.value();
                if (n instanceof NumberNode num) return num.value();
                if (n instanceof StringNode str) return str.text();
                throw errorf("can't handle " + n + " for arg of type interface {}");
            case STRING:
                if (n instanceof StringNode str) return str.text();
                throw errorf("expected string; found " + n);
            case INT:
                if (n instanceof NumberNode num && num.value() instanceof Long l) return l;
                throw errorf("expected integer; found " + n);
            default:
                throw errorf("can't handle " + n + " for arg of type []string");
        }
    }

    private Object validateType(Object v, ArgType type) {
        v = v == MISSING || v == NIL_IFACE ? null : Values.normalize(v);
        boolean ok;
        switch (type) {
            case STRING:
                ok = v instanceof String;
                break;
            case INT:
                ok = v instanceof Long;
                break;
            case STRINGS:
                ok = v instanceof List<?> l && allStrings(l);
                break;
            default:
                ok = true;
        }
        if (ok) return v;
        if (v == null) throw errorf("invalid value; expected " + typeName(type));
        throw errorf("wrong type for value; expected " + typeName(type) + "; got " + GoFormat.goTypeName(v));
    }

    private static boolean allStrings(List<?> l) {
        for (Object e : l) if (!(e instanceof String)) return false;
        return true;
    }

    private static String typeName(ArgType t) {
        return switch (t) {
            case ANY -> "interface {}";
            case STRING -> "string";
            case INT -> "int";
            case STRINGS -> "[]string";
        };
    }

    private void printValue(Node n, Object v) {
        at(n);
        v = v == MISSING || v == NIL_IFACE ? null : Values.normalize(v);
        if (v == null) out.append("<no value>");
        else GoFormat.appendValue(out, v);
    }
}
