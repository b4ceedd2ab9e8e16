package dev.berth.cli.run;

import dev.berth.api.DeviceRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** docker's {@code --gpus} ({@code opts.GpuOpts}): {@code all}, {@code 2}, {@code device=0,1}, {@code capabilities=...}. */
public final class Gpus {
    private Gpus() {}

    public static DeviceRequest parse(String value) {
        String driver = "";
        Integer count = null;
        List<String> ids = null;
        List<List<String>> caps = null;
        Map<String, String> options = null;
        Set<String> seen = new HashSet<>();
        for (String field : Csv.fields(value)) {
            int eq = field.indexOf('=');
            String key = eq < 0 ? field : field.substring(0, eq);
            if (!seen.add(key)) throw new IllegalArgumentException("gpu request key '" + key + "' can be specified only once");
            if (eq < 0) {
                seen.add("count");
                count = count(key);
                continue;
            }
            String val = field.substring(eq + 1);
            switch (key) {
                case "driver" -> driver = val;
                case "count" -> count = count(val);
                case "device" -> ids = Arrays.asList(val.split(",", -1));
                case "capabilities" -> {
                    List<String> c = new ArrayList<>(Arrays.asList(val.split(",", -1)));
                    c.add("gpu");
                    caps = List.of(c);
                }
                case "options" -> {
                    options = new LinkedHashMap<>();
                    for (String kv : Csv.fields(val)) {
                        int e = kv.indexOf('=');
                        options.put(e < 0 ? kv : kv.substring(0, e), e < 0 ? "" : kv.substring(e + 1));
                    }
                }
                default -> throw new IllegalArgumentException("unexpected key '" + key + "' in '" + field + "'");
            }
        }
        if (!seen.contains("count") && ids == null) count = 1;
        if (options == null) options = new LinkedHashMap<>();
        if (caps == null) caps = List.of(List.of("gpu"));
        return new DeviceRequest(driver, count == null ? 0 : count, ids, caps, options);
    }

    private static int count(String s) {
        if (s.equals("all")) return -1;
        try {
            return (int) GoParse.parseInt(s, 10, 64);
        } catch (IllegalArgumentException e) {
            String why = e.getMessage().endsWith("value out of range") ? "value out of range" : "invalid syntax";
            throw new IllegalArgumentException("invalid count (" + s + "): value must be either \"all\" or an integer: " + why);
        }
    }
}
