package dev.berth.cli.template;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A value with named fields, as a Go struct (or a formatter context with methods) is to a template:
 * {@code {{.Name}}} calls {@link #field}, {@code {{json .}}} writes {@link #fields()} in order.
 */
public interface TemplateObject {

    /** Returned by {@link #field} for a name the object does not have. */
    Object MISSING = new Object() {
        @Override
        public String toString() {
            return "<missing>";
        }
    };

    /** The value of a field, or {@link #MISSING}. Values are template values (String, Long, List, Map...). */
    Object field(String name);

    /**
     * The number of string arguments method {@code name} takes (docker's {@code {{.Label "name"}}}),
     * or -1 if there is no such method; fields are not methods.
     */
    default int methodArity(String name) {
        return -1;
    }

    /** Calls a method {@link #methodArity} declares. */
    default Object callMethod(String name, List<String> args) {
        return MISSING;
    }

    /** Field names in the order {@code json} and {@code %v} show them. */
    List<String> fieldNames();

    /** The Go type name used in error messages, e.g. {@code *formatter.imageContext}. */
    String typeName();

    /**
     * Whether {@code json} escapes {@code < > &} inside this object, as Go's {@code json.Marshal} does
     * for docker's formatter contexts (their {@code MarshalJSON}); plain structs are written unescaped.
     */
    default boolean jsonEscapesHtml() {
        return false;
    }

    /** All fields, in {@link #fieldNames()} order. */
    default Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String n : fieldNames()) m.put(n, field(n));
        return m;
    }

    /** How {@code {{.}}} prints the object: Go's {@code %v} of a struct, {@code {v1 v2 ...}}. */
    default String goString() {
        StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        for (String n : fieldNames()) {
            if (!first) sb.append(' ');
            first = false;
            GoFormat.appendValue(sb, Values.normalize(field(n)));
        }
        return sb.append('}').toString();
    }
}
