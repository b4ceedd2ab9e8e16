package dev.berth.dockerfile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The variables of one stage while it builds, with the rules of Docker's classic builder: the
 * environment (the base image's Env, then each ENV, a name set again replaced in place) and the
 * build args the stage declared with ARG. A declared ARG takes its {@code --build-arg} value when
 * given, else its default, else (an ARG without default) the global ARG of that name; the
 * predefined proxy args ({@link #PREDEFINED_ARGS}) are in scope whenever given as build args.
 * ENV wins over an ARG of the same name. Not thread-safe: one per stage build.
 *
 * <pre>{@code
 * StageScope scope = new StageScope(df.escapeToken(), buildArgs, df.globalScope(buildArgs), baseImageEnv);
 * for (Instruction in : stage.instructions()) {
 *     ShellLex.Scope words = scope.expander();
 *     Instruction x = in.expand(words);      // words.used(): the variables this step used
 *     scope.apply(x);                        // ARG and ENV change the scope
 *     ... run x; RUN gets scope.env() plus scope.args() ...
 * }
 * }</pre>
 */
public final class StageScope {

    /** The build args Docker allows without an ARG instruction (its builtinAllowedBuildArgs). */
    public static final Set<String> PREDEFINED_ARGS = Set.of("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy",
            "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy");

    private final char escapeToken;
    private final Map<String, String> buildArgs;
    private final Map<String, String> globalScope;
    private final List<String> env;
    /** Declared ARGs, name → default (null: none), in declaration order. */
    private final Map<String, String> declared = new LinkedHashMap<>();

    /**
     * @param escapeToken the Dockerfile's escape token
     * @param buildArgs   the {@code --build-arg}s (a null value: given without value and unset
     *                    in the client's environment, which Docker treats as not given)
     * @param globalScope the values of the global ARGs ({@link Dockerfile#globalScope})
     * @param imageEnv    the base image's Env ({@code K=V} entries)
     */
    public StageScope(char escapeToken, Map<String, String> buildArgs, Map<String, String> globalScope,
                      List<String> imageEnv) {
        this.escapeToken = escapeToken;
        this.buildArgs = new LinkedHashMap<>(buildArgs);
        this.globalScope = Map.copyOf(globalScope);
        this.env = new ArrayList<>(imageEnv);
    }

    /** A fresh expander over the current scope (ENV and the build args in scope). */
    public ShellLex.Scope expander() {
        Map<String, String> vars = new LinkedHashMap<>(args());
        for (String e : env) {
            int eq = e.indexOf('=');
            vars.put(eq < 0 ? e : e.substring(0, eq), eq < 0 ? "" : e.substring(eq + 1));
        }
        return new ShellLex(escapeToken).scope(vars);
    }

    /**
     * Applies an expanded instruction to the scope: ARG declares its names, ENV sets variables;
     * other instructions change nothing.
     */
    public void apply(Instruction expanded) {
        switch (expanded) {
            case Instruction.Arg a -> a.args().forEach(d -> declared.put(d.name(), d.defaultValue()));
            case Instruction.Env e -> e.pairs().forEach(p -> setEnv(p.key(), p.value()));
            default -> { }
        }
    }

    private void setEnv(String key, String value) {
        String entry = key + "=" + value;
        for (int i = 0; i < env.size(); i++) {
            String e = env.get(i);
            int eq = e.indexOf('=');
            if ((eq < 0 ? e : e.substring(0, eq)).equals(key)) {
                env.set(i, entry);
                return;
            }
        }
        env.add(entry);
    }

    /** The environment as the image config keeps it ({@code K=V}, in order). */
    public List<String> env() {
        return List.copyOf(env);
    }

    /**
     * The build args in scope that have a value and are not shadowed by ENV, sorted by name: what
     * a RUN gets in its environment besides {@link #env()}, and what the classic builder puts in
     * front of a RUN's command in its history and cache key ({@code |2 A=1 B=2 /bin/sh -c ...}).
     */
    public Map<String, String> args() {
        Set<String> envKeys = new LinkedHashSet<>();
        for (String e : env) {
            int eq = e.indexOf('=');
            envKeys.add(eq < 0 ? e : e.substring(0, eq));
        }
        Map<String, String> out = new TreeMap<>();
        Set<String> keys = new LinkedHashSet<>(declared.keySet());
        keys.addAll(PREDEFINED_ARGS);
        for (String k : keys) {
            if (envKeys.contains(k)) continue;
            String v = value(k);
            if (v != null) out.put(k, v);
        }
        return out;
    }

    private String value(String key) {
        if (buildArgs.get(key) != null) return buildArgs.get(key);
        if (!declared.containsKey(key)) return null;
        String dflt = declared.get(key);
        return dflt != null ? dflt : globalScope.get(key);
    }

    /**
     * The history and cache-key text of a RUN command as the classic builder writes it: when build
     * args are in scope, {@code |N k=v ...} before the command words, sorted, leaving out the
     * predefined proxy args not declared with ARG (so {@code |0} when only those are in scope),
     * e.g. {@code |1 V=2 /bin/sh -c make}; just the command words when no build arg is in scope.
     */
    public String runHistory(List<String> commandWords) {
        Map<String, String> args = args();
        List<String> words = new ArrayList<>();
        if (!args.isEmpty()) {
            List<String> shown = new ArrayList<>();
            args.forEach((k, v) -> {
                if (declared.containsKey(k) || !PREDEFINED_ARGS.contains(k)) shown.add(k + "=" + v);
            });
            shown.sort(null);
            words.add("|" + shown.size());
            words.addAll(shown);
        }
        words.addAll(commandWords);
        return String.join(" ", words);
    }

    /** The names this stage declared with ARG, in order (for Docker's unconsumed build-arg warning). */
    public Set<String> declaredArgs() {
        return Set.copyOf(declared.keySet());
    }
}
