package dev.berth.cli.template;

import java.util.ArrayList;
import java.util.List;

/**
 * The parse tree of a template, mirroring Go's {@code text/template/parse} node types. Every node
 * knows its byte position in the source (for error messages) and prints back as Go's
 * {@code Node.String()} does, which is what {@code executing "" at <...>} errors show.
 */
sealed interface Node {
    int pos();

    /** A sequence of nodes (the body of a template or of a control structure). */
    record ListNode(int pos, List<Node> nodes) implements Node {
        ListNode(int pos) {
            this(pos, new ArrayList<>());
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            for (Node n : nodes) sb.append(n);
            return sb.toString();
        }
    }

    /** Literal text outside actions. */
    record TextNode(int pos, String text) implements Node {
        @Override
        public String toString() {
            return GoFormat.quote(text);
        }
    }

    /** A pipeline: optional variable declarations, then commands separated by {@code |}. */
    record PipeNode(int pos, boolean isAssign, List<VariableNode> decl, List<CommandNode> cmds) implements Node {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            if (!decl.isEmpty()) {
                for (int i = 0; i < decl.size(); i++) {
                    if (i > 0) sb.append(", ");
                    sb.append(decl.get(i));
                }
                sb.append(isAssign ? " = " : " := ");
            }
            for (int i = 0; i < cmds.size(); i++) {
                if (i > 0) sb.append(" | ");
                sb.append(cmds.get(i));
            }
            return sb.toString();
        }
    }

    /** A non-control action such as {@code {{.Field}}}; its value is printed unless it declares variables. */
    record ActionNode(int pos, PipeNode pipe) implements Node {
        @Override
        public String toString() {
            return "{{" + pipe + "}}";
        }
    }

    /** A function or field call with its arguments. */
    record CommandNode(int pos, List<Node> args) implements Node {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < args.size(); i++) {
                if (i > 0) sb.append(' ');
                Node a = args.get(i);
                if (a instanceof PipeNode) sb.append('(').append(a).append(')');
                else sb.append(a);
            }
            return sb.toString();
        }
    }

    /** A function name. */
    record IdentifierNode(int pos, String ident) implements Node {
        @Override
        public String toString() {
            return ident;
        }
    }

    /** A variable, possibly followed by field names: {@code $x.A.B}. */
    record VariableNode(int pos, List<String> idents) implements Node {
        @Override
        public String toString() {
            return String.join(".", idents);
        }
    }

    /** The cursor {@code .}. */
    record DotNode(int pos) implements Node {
        @Override
        public String toString() {
            return ".";
        }
    }

    /** The untyped {@code nil} constant. */
    record NilNode(int pos) implements Node {
        @Override
        public String toString() {
            return "nil";
        }
    }

    /** A field chain starting at dot: {@code .A.B}. */
    record FieldNode(int pos, List<String> idents) implements Node {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            for (String s : idents) sb.append('.').append(s);
            return sb.toString();
        }
    }

    /** Fields applied to a parenthesised pipeline or other term: {@code (pipe).A.B}. */
    record ChainNode(int pos, Node node, List<String> fields) implements Node {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            if (node instanceof PipeNode) sb.append('(').append(node).append(')');
            else sb.append(node);
            for (String f : fields) sb.append('.').append(f);
            return sb.toString();
        }
    }

    /** {@code true} or {@code false}. */
    record BoolNode(int pos, boolean value) implements Node {
        @Override
        public String toString() {
            return Boolean.toString(value);
        }
    }

    /** A numeric constant; {@code value} is a Long (integers, characters) or a Double. */
    record NumberNode(int pos, String text, Object value) implements Node {
        @Override
        public String toString() {
            return text;
        }
    }

    /** A string constant; {@code quoted} is the source form. */
    record StringNode(int pos, String quoted, String text) implements Node {
        @Override
        public String toString() {
            return quoted;
        }
    }

    /** {@code {{end}}}: only seen during parsing. */
    record EndNode(int pos) implements Node {
        @Override
        public String toString() {
            return "{{end}}";
        }
    }

    /** {@code {{else}}}: only seen during parsing. */
    record ElseNode(int pos) implements Node {
        @Override
        public String toString() {
            return "{{else}}";
        }
    }

    /** {@code {{if}}}, {@code {{range}}} and {@code {{with}}}. */
    record BranchNode(int pos, Kind kind, PipeNode pipe, ListNode list, ListNode elseList) implements Node {
        enum Kind { IF, RANGE, WITH }

        @Override
        public String toString() {
            String name = kind.name().toLowerCase();
            StringBuilder sb = new StringBuilder("{{").append(name).append(' ').append(pipe).append("}}").append(list);
            if (elseList != null) sb.append("{{else}}").append(elseList);
            return sb.append("{{end}}").toString();
        }
    }

    /** {@code {{break}}} inside a range. */
    record BreakNode(int pos) implements Node {
        @Override
        public String toString() {
            return "{{break}}";
        }
    }

    /** {@code {{continue}}} inside a range. */
    record ContinueNode(int pos) implements Node {
        @Override
        public String toString() {
            return "{{continue}}";
        }
    }

    /** {@code {{template "name" pipeline}}}. */
    record TemplateNode(int pos, String name, PipeNode pipe) implements Node {
        @Override
        public String toString() {
            return pipe == null ? "{{template " + GoFormat.quote(name) + "}}"
                    : "{{template " + GoFormat.quote(name) + " " + pipe + "}}";
        }
    }
}
