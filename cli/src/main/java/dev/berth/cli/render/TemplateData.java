package dev.berth.cli.render;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.cli.template.StructObject;
import dev.berth.cli.template.Values;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns API records into template values that behave like the Go structs docker's templates run
 * on: fields named as in JSON, in declaration order; absent values become Go's zero values (""
 * for strings, 0, false, {@code []} and {@code map[]} for nil slices and maps, {@code <nil>} for
 * nil structs), so {@code {{.Config.Labels}}} prints {@code map[]} and {@code {{json .Config.Labels}}}
 * prints {@code null}, as docker does.
 */
public final class TemplateData {
    private TemplateData() {}

    /** A record (or null) as a template struct. */
    public static Object fromRecord(Record r) {
        if (r == null) return null;
        return struct(r);
    }

    /** The zero value of a record type: every field at its Go zero value. */
    public static StructObject zero(Class<? extends Record> type) {
        RecordComponent[] cs = type.getRecordComponents();
        Object[] args = new Object[cs.length];
        Class<?>[] types = new Class<?>[cs.length];
        for (int i = 0; i < cs.length; i++) {
            types[i] = cs[i].getType();
            Class<?> t = types[i];
            args[i] = !t.isPrimitive() ? null : t == boolean.class ? (Object) false : t == long.class ? (Object) 0L
                    : t == int.class ? (Object) 0 : t == double.class ? (Object) 0.0 : (Object) 0;
        }
        try {
            return struct(type.getDeclaredConstructor(types).newInstance(args));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make a zero " + type.getSimpleName(), e);
        }
    }

    private static StructObject struct(Record r) {
        Map<String, Object> values = new LinkedHashMap<>();
        Set<String> omit = new HashSet<>();
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            // Jackson's annotations are not record-component annotations: they land on the accessor.
            JsonProperty jp = c.getAccessor().getAnnotation(JsonProperty.class);
            String name = jp != null && !jp.value().isEmpty() ? jp.value() : capitalize(c.getName());
            JsonInclude inc = c.getAccessor().getAnnotation(JsonInclude.class);
            if (inc != null && inc.value() != JsonInclude.Include.ALWAYS) omit.add(name);
            Object v;
            try {
                v = c.getAccessor().invoke(r);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + c.getName(), e);
            }
            values.put(name, convert(v, c.getGenericType()));
        }
        return new StructObject(r.getClass().getSimpleName(), values, omit, false);
    }

    private static Object convert(Object v, Type type) {
        Class<?> raw = rawClass(type);
        if (v == null) {
            if (raw == null) return null;
            if (List.class.isAssignableFrom(raw)) return Values.NIL_LIST;
            if (Map.class.isAssignableFrom(raw)) return isStringMap(type) ? Values.NIL_STRING_MAP : Values.NIL_MAP;
            if (Record.class.isAssignableFrom(raw)) return new Values.NilPointer("*" + raw.getSimpleName());
            if (raw == String.class) return "";
            if (raw == Boolean.class) return false;
            if (raw == Integer.class || raw == Long.class || raw == Short.class) return 0L;
            if (raw == Double.class || raw == Float.class) return 0.0;
            return null;
        }
        if (v instanceof Record r) return struct(r);
        if (v instanceof List<?> list) {
            Type elem = typeArg(type, 0);
            List<Object> out = new ArrayList<>(list.size());
            for (Object e : list) out.add(convert(e, elem));
            return out;
        }
        if (v instanceof Map<?, ?> map) {
            if (isStringMap(type)) {
                Values.StringMap sm = new Values.StringMap();
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    sm.put(String.valueOf(e.getKey()), e.getValue() == null ? "" : String.valueOf(e.getValue()));
                }
                return sm;
            }
            Type elem = typeArg(type, 1);
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) out.put(String.valueOf(e.getKey()), convert(e.getValue(), elem));
            return looksLikeStruct(map) ? new StructObject("struct", out) : out;
        }
        return Values.normalize(v);
    }

    /**
     * Untyped JSON objects in the API records stand for Go structs ({@code Swarm}, {@code Plugins},
     * {@code RegistryConfig}) or Go maps ({@code ExposedPorts}, {@code Runtimes}); a struct has only
     * exported Go field names as keys, which decides field order in {@code json} and {@code %v}.
     */
    private static boolean looksLikeStruct(Map<?, ?> map) {
        if (map.isEmpty()) return false;
        for (Object k : map.keySet()) {
            String s = String.valueOf(k);
            if (s.isEmpty() || !Character.isUpperCase(s.charAt(0))) return false;
            for (int i = 0; i < s.length(); i++) if (!Character.isLetterOrDigit(s.charAt(i))) return false;
        }
        return true;
    }

    private static boolean isStringMap(Type type) {
        return typeArg(type, 1) == String.class;
    }

    private static Type typeArg(Type type, int i) {
        if (type instanceof ParameterizedType p && p.getActualTypeArguments().length > i) return p.getActualTypeArguments()[i];
        return Object.class;
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) return c;
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) return c;
        return null;
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
