package dev.berth.dockerfile;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StageScopeTest {

    private static StageScope run(Dockerfile df, Map<String, String> buildArgs, List<String> imageEnv) {
        StageScope scope = new StageScope(df.escapeToken(), buildArgs, df.globalScope(buildArgs), imageEnv);
        for (Instruction in : df.stages().getFirst().instructions()) scope.apply(in.expand(scope.expander()));
        return scope;
    }

    @Test
    void argsEnvAndGlobals() {
        Dockerfile df = Dockerfile.parse("""
                ARG G=global
                ARG H=hidden
                FROM scratch
                ARG G
                ARG A=default B C=$G
                ENV PATH=/x:$PATH E=$A A=from-env
                ARG D
                """, "Dockerfile");
        StageScope s = run(df, Map.of("B", "given", "HTTP_PROXY", "http://p", "UNUSED", "1"), List.of("PATH=/bin", "HOME=/"));
        assertEquals(List.of("PATH=/x:/bin", "HOME=/", "E=default", "A=from-env"), s.env());
        // A is shadowed by ENV; D has no value; H was never declared in the stage; UNUSED was never declared
        assertEquals(Map.of("B", "given", "C", "global", "G", "global", "HTTP_PROXY", "http://p"), s.args());
        assertEquals("|3 B=given C=global G=global /bin/sh -c make", s.runHistory(List.of("/bin/sh", "-c", "make")));
        assertEquals(Set.of("G", "A", "B", "C", "D"), s.declaredArgs());
        ShellLex.Scope x = s.expander();
        assertEquals("from-env given global  /x:/bin", x.word("$A $B $G $H $PATH"));
        assertEquals(Set.of("A", "B", "G", "PATH"), x.used());
    }

    @Test
    void buildArgOverridesAndGlobalValueForArgWithoutDefault() {
        Dockerfile df = Dockerfile.parse("ARG V=1\nFROM scratch\nARG V\nARG W=2\n", "Dockerfile");
        assertEquals(Map.of("V", "1", "W", "2"), run(df, Map.of(), List.of()).args());
        assertEquals(Map.of("V", "9", "W", "8"), run(df, Map.of("V", "9", "W", "8"), List.of()).args());
    }

    @Test
    void runHistoryOnlyProxies() {
        Dockerfile df = Dockerfile.parse("FROM scratch\nRUN x\n", "Dockerfile");
        StageScope s = run(df, Map.of("NO_PROXY", "*"), List.of());
        assertEquals("|0 /bin/sh -c x", s.runHistory(List.of("/bin/sh", "-c", "x")));
        assertEquals("/bin/sh -c x", run(df, Map.of(), List.of()).runHistory(List.of("/bin/sh", "-c", "x")));
    }
}
