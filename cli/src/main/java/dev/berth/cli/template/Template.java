package dev.berth.cli.template;

import dev.berth.cli.template.Node.ListNode;
import java.util.HashMap;
import java.util.Map;

/**
 * A parsed Go {@code text/template}: actions, pipelines, variables, {@code if/else if/range/with/
 * break/continue/define/template/block}, comments and trim markers, with Go's builtin functions and
 * any added through {@link Funcs}. Immutable; {@link #withFuncs} and {@link #withMissingKeyError}
 * give re-configured copies over the same tree (as Go's {@code tmpl.Funcs}/{@code tmpl.Option}).
 *
 * <pre>{@code
 * Template t = Template.parse("", "{{range .}}{{.Name | upper}}\n{{end}}", Funcs.docker());
 * String out = t.execute(List.of(Map.of("Name", "a")));
 * }</pre>
 */
public final class Template {
    private final String name;
    private final String text;
    private final Map<String, ListNode> trees;
    private final Funcs funcs;
    private final boolean missingKeyError;

    private Template(String name, String text, Map<String, ListNode> trees, Funcs funcs, boolean missingKeyError) {
        this.name = name;
        this.text = text;
        this.trees = trees;
        this.funcs = funcs;
        this.missingKeyError = missingKeyError;
    }

    /**
     * Parses a template. Function names are checked against {@code funcs} at parse time.
     *
     * @throws TemplateException with Go's message, e.g. {@code template: :1: unclosed action}
     */
    public static Template parse(String name, String text, Funcs funcs) throws TemplateException {
        Map<String, ListNode> trees = new HashMap<>();
        Parser.parse(name, text, funcs, trees);
        return new Template(name, text, Map.copyOf(trees), funcs, false);
    }

    /** The same template executed with other function implementations (names must match). */
    public Template withFuncs(Funcs other) {
        return new Template(name, text, trees, other, missingKeyError);
    }

    /** The same template, failing on a missing map key ({@code missingkey=error}). */
    public Template withMissingKeyError() {
        return new Template(name, text, trees, funcs, true);
    }

    /** Executes against {@code data}, appending to {@code out}; on error, what was written so far stays. */
    public void execute(StringBuilder out, Object data) throws TemplateException {
        Executor.execute(this, name, trees.get(name), out, data);
    }

    /** Executes against {@code data} and returns the output. */
    public String execute(Object data) throws TemplateException {
        StringBuilder sb = new StringBuilder();
        execute(sb, data);
        return sb.toString();
    }

    public String name() {
        return name;
    }

    String text() {
        return text;
    }

    Funcs funcs() {
        return funcs;
    }

    boolean missingKeyError() {
        return missingKeyError;
    }

    ListNode tree(String n) {
        return trees.get(n);
    }
}
