package dev.berth.engine.container;

import dev.berth.common.EngineException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Linux signal names and numbers (x86-64 and arm64 agree on these), parsed as Docker parses {@code --signal}. */
final class Signals {
    static final int SIGKILL = 9;
    static final int SIGTERM = 15;

    private static final Map<String, Integer> BY_NAME = new LinkedHashMap<>();

    static {
        String[] names = {"HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE",
                "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM",
                "PROF", "WINCH", "IO", "PWR", "SYS"};
        for (int i = 0; i < names.length; i++) BY_NAME.put(names[i], i + 1);
        BY_NAME.put("IOT", 6);
        BY_NAME.put("POLL", 29);
        BY_NAME.put("CLD", 17);
        BY_NAME.put("RTMIN", 34);
        BY_NAME.put("RTMAX", 64);
    }

    private Signals() {}

    /**
     * {@code 9}, {@code KILL}, {@code SIGKILL}, {@code sigkill}, {@code RTMIN+3}...
     *
     * @throws EngineException.InvalidArgument "Invalid signal: X", Docker's message
     */
    static int parse(String signal) {
        if (signal == null || signal.isBlank()) throw new EngineException.InvalidArgument("Invalid signal: " + signal);
        String s = signal.trim();
        try {
            int n = Integer.parseInt(s);
            if (n <= 0 || n > 64) throw new EngineException.InvalidArgument("Invalid signal: " + signal);
            return n;
        } catch (NumberFormatException notANumber) {
            // a name
        }
        String name = s.toUpperCase(Locale.ROOT);
        if (name.startsWith("SIG")) name = name.substring(3);
        Integer n = BY_NAME.get(name);
        if (n != null) return n;
        for (String rt : new String[] {"RTMIN+", "RTMAX-"}) {
            if (name.startsWith(rt)) {
                try {
                    int off = Integer.parseInt(name.substring(rt.length()));
                    int v = rt.startsWith("RTMIN") ? 34 + off : 64 - off;
                    if (off >= 0 && v >= 34 && v <= 64) return v;
                } catch (NumberFormatException ignored) {
                    // falls through to the error
                }
            }
        }
        throw new EngineException.InvalidArgument("Invalid signal: " + signal);
    }
}
