package dev.berth.cli.template;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The template value model. Values are {@code null} (Go's "no value"), String, Boolean, Long,
 * Double, List (slices), Map (maps, printed with sorted keys), {@link TemplateObject} (structs),
 * {@link NilPointer} (a typed nil) and {@link StringMap} (a {@code map[string]string}, whose
 * missing keys index to "").
 */
public final class Values {
    private Values() {}

    /** A typed nil pointer: prints {@code <nil>}, is false, and fails on field access. */
    public record NilPointer(String typeName) {}

    /** A Go {@code map[string]string}: {@code index} of a missing key gives "" rather than no value. */
    public static final class StringMap extends LinkedHashMap<String, String> {
        public StringMap() {}

        public StringMap(Map<String, String> m) {
            if (m != null) putAll(m);
        }
    }

    /** A typed nil slice: behaves as an empty list, but {@code json} writes {@code null}. */
    public static final List<Object> NIL_LIST = java.util.Collections.unmodifiableList(new ArrayList<>());

    /** A typed nil {@code map[string]interface{}}: an empty map that {@code json} writes as {@code null}. */
    public static final Map<String, Object> NIL_MAP = java.util.Collections.unmodifiableMap(new LinkedHashMap<>());

    /** A typed nil {@code map[string]string}: like {@link #NIL_MAP}, and {@code index} of any key gives "". */
    public static final Map<String, String> NIL_STRING_MAP = java.util.Collections.unmodifiableMap(new LinkedHashMap<>());

    /** Whether {@code v} is one of the typed nil collections. */
    public static boolean isNilCollection(Object v) {
        return v == NIL_LIST || v == NIL_MAP || v == NIL_STRING_MAP;
    }

    /** Brings Java values into the model: ints to Long, floats to Double, arrays and collections to List. */
    public static Object normalize(Object v) {
        // instanceof chains rather than pattern switches throughout this package: a pattern
        // switch's first use generates a class at run time, which costs CLI start-up time.
        if (v == null || v instanceof String || v instanceof Long || v instanceof Boolean || v instanceof List) return v;
        if (v instanceof Integer i) return (long) i;
        if (v instanceof Short sh) return (long) sh;
        if (v instanceof Byte by) return (long) by;
        if (v instanceof Character c) return (long) c;
        if (v instanceof Double) return v;
        if (v instanceof Float f) return (double) f;
        if (v instanceof BigInteger b) return b.longValue();
        if (v instanceof BigDecimal b) {
            return b.scale() <= 0 || b.stripTrailingZeros().scale() <= 0 ? (Object) b.longValue() : (Object) b.doubleValue();
        }
        if (v instanceof Collection<?> c) return new ArrayList<>(c);
        if (v.getClass().isArray()) {
            int n = Array.getLength(v);
            List<Object> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) out.add(Array.get(v, i));
            return out;
        }
        return v;
    }

    /** Go's {@code isTrue}: false for zero, empty, nil and false; structs are true. */
    public static boolean isTrue(Object v) {
        v = normalize(v);
        if (v == null) return false;
        if (v instanceof Boolean b) return b;
        if (v instanceof String s) return !s.isEmpty();
        if (v instanceof Long l) return l != 0;
        if (v instanceof Double d) return d != 0;
        if (v instanceof List<?> l) return !l.isEmpty();
        if (v instanceof Map<?, ?> m) return !m.isEmpty();
        return !(v instanceof NilPointer);
    }
}
