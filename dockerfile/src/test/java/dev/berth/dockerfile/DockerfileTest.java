package dev.berth.dockerfile;

import dev.berth.dockerfile.Instruction.*;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class DockerfileTest {

    private static Dockerfile parse(String text) {
        return Dockerfile.parse(text, "Dockerfile");
    }

    /** The one instruction after a FROM. */
    private static Instruction one(String line) {
        List<Instruction> in = parse("FROM busybox\n" + line + "\n").stages().getFirst().instructions();
        assertEquals(1, in.size(), in::toString);
        return in.getFirst();
    }

    private static String error(String text) {
        return assertThrows(DockerfileException.class, () -> parse(text)).getMessage();
    }

    private static final Map<String, String> NO_ENV = Map.of();

    @Test
    void stagesGlobalArgsAndNames() {
        Dockerfile df = parse("""
                # syntax=docker/dockerfile:1
                ARG BASE=busybox
                ARG TAG
                FROM $BASE:${TAG:-latest} AS Build
                RUN echo build
                FROM --platform=linux/amd64 scratch
                COPY --from=build /x /x
                """);
        assertEquals('\\', df.escapeToken());
        assertEquals(2, df.globalArgs().size());
        assertEquals(List.of(new ArgDef("BASE", "busybox")), df.globalArgs().get(0).args());
        assertEquals(List.of(new ArgDef("TAG", null)), df.globalArgs().get(1).args());
        assertEquals(2, df.stages().size());
        Stage build = df.stages().get(0);
        assertEquals(0, build.index());
        assertEquals("build", build.name());
        assertEquals("$BASE:${TAG:-latest}", build.from().image());
        assertEquals(4, build.from().line());
        assertEquals("busybox:latest",
                build.from().expand(new ShellLex('\\').scope(Map.of("BASE", "busybox"))).image());
        Stage second = df.stages().get(1);
        assertNull(second.name());
        assertEquals("1", second.nameOrIndex());
        assertEquals("linux/amd64", second.from().platform());
        Copy copy = (Copy) second.instructions().getFirst();
        assertEquals("build", copy.from());
        assertSame(build, df.stage("BUILD").orElseThrow());
        assertSame(second, df.stage("1").orElseThrow());
        assertTrue(df.stage("busybox").isEmpty());
    }

    @Test
    void linesAndOriginalText() {
        Dockerfile df = parse("""
                FROM busybox

                # a comment
                RUN echo a \\
                  && echo b \\
                # comment inside a continuation

                  && echo c
                CMD ["sh"]
                """);
        List<Instruction> in = df.stages().getFirst().instructions();
        Run run = (Run) in.get(0);
        assertEquals(4, run.line());
        assertEquals(8, run.source().endLine());
        assertEquals("RUN echo a   && echo b   && echo c", run.source().original());
        assertEquals(List.of("echo a   && echo b   && echo c"), run.command().args());
        assertTrue(run.command().prependShell());
        assertEquals(9, in.get(1).line());
        assertEquals(List.of("[WARNING]: Empty continuation line found in:\n    RUN echo a   && echo b   && echo c",
                "[WARNING]: Empty continuation lines will become errors in a future release."), df.warnings());
        assertEquals(List.of(), parse("FROM x\nRUN a \\\n# c\n b\n").warnings());
    }

    @Test
    void continuationEdgeCases() {
        // an escaped escape at the end is not a continuation
        Run run = (Run) parse("FROM x\nRUN echo \\\\\nRUN b\n").stages().getFirst().instructions().getFirst();
        assertEquals(List.of("echo \\\\"), run.command().args());
        // trailing blanks after the escape still continue
        run = (Run) one("RUN a \\  \t\n b");
        assertEquals(List.of("a  b"), run.command().args());
        // a continuation at the end of the file
        run = (Run) parse("FROM x\nRUN a \\").stages().getFirst().instructions().getFirst();
        assertEquals(List.of("a"), run.command().args());
        // a lone escape on the first line continues into the next
        Dockerfile df = parse("FROM x\n\\\nRUN b\n");
        assertEquals(List.of("b"), ((Run) df.stages().getFirst().instructions().getFirst()).command().args());
    }

    @Test
    void crlfAndBom() {
        Dockerfile df = parse("\uFEFFFROM busybox\r\nRUN a \\\r\n  b\r\nCMD x\r\n");
        List<Instruction> in = df.stages().getFirst().instructions();
        assertEquals(List.of("a   b"), ((Run) in.get(0)).command().args());
        assertEquals(List.of("x"), ((Cmd) in.get(1)).command().args());
    }

    @Test
    void escapeDirective() {
        Dockerfile df = parse("""
                # escape=`
                FROM mcr/windows
                RUN dir C:\\ `
                  /s
                COPY C:\\a\\ C:\\b\\
                """);
        assertEquals('`', df.escapeToken());
        List<Instruction> in = df.stages().getFirst().instructions();
        assertEquals(List.of("dir C:\\   /s"), ((Run) in.get(0)).command().args());
        assertEquals(List.of("C:\\a\\"), ((Copy) in.get(1)).sources());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            #escape=`                          | `
            #   ESCAPE  =  `                   | `
            # syntax=x\\n# escape=`            | `
            # foo\\n# escape=`                 | \\
            \\n# escape=`                      | \\
            FROM x\\n# escape=`                | \\
            # directive=x\\n# escape=`         | \\
            """)
    void directivesOnlyAtTheTop(String head, char expected) {
        Dockerfile df = parse(head.replace("\\n", "\n") + "\nFROM x\n");
        assertEquals(expected, df.escapeToken());
    }

    @Test
    void directiveErrors() {
        assertEquals("dockerfile parse error line 2: only one escape parser directive can be used",
                error("# escape=`\n# escape=\\\nFROM x\n"));
        assertEquals("dockerfile parse error line 1: invalid escape token 'x' does not match ` or \\",
                error("# escape=x\nFROM x\n"));
    }

    @Test
    void execAndShellForms() {
        assertEquals(new CommandLine(List.of("a", "b c"), false), ((Cmd) one("CMD [\"a\", \"b c\"]")).command());
        assertEquals(new CommandLine(List.of("a"), false), ((Cmd) one("CMD   [ \"a\" ]  ")).command());
        assertEquals(new CommandLine(List.of("['a']"), true), ((Cmd) one("CMD ['a']")).command());
        assertEquals(new CommandLine(List.of("[\"a\",]"), true), ((Cmd) one("CMD [\"a\",]")).command());
        assertEquals(new CommandLine(List.of("[\"a\"] b"), true), ((Run) one("RUN [\"a\"] b")).command());
        assertEquals(new CommandLine(List.of(), false), ((Entrypoint) one("ENTRYPOINT []")).command());
        assertEquals(new CommandLine(List.of(), true), ((Cmd) one("CMD")).command());
        assertEquals(new CommandLine(List.of("echo \"$HOME\" > x"), true), ((Run) one("RUN echo \"$HOME\" > x")).command());
        assertEquals(new CommandLine(List.of("a\u00e9\n"), false), ((Cmd) one("CMD [\"a\\u00e9\\n\"]")).command());
        assertEquals("dockerfile parse error line 2: when using JSON array syntax, arrays must be comprised of strings only",
                error("FROM x\nCMD [\"a\", 1]\n"));
    }

    @Test
    void shellNeedsJson() {
        assertEquals(List.of("/bin/bash", "-c"), ((Shell) one("SHELL [\"/bin/bash\", \"-c\"]")).shell());
        assertEquals("dockerfile parse error line 2: SHELL requires the arguments to be in JSON form",
                error("FROM x\nSHELL /bin/bash -c\n"));
        assertEquals("dockerfile parse error line 2: SHELL requires at least one argument", error("FROM x\nSHELL []\n"));
    }

    @Test
    void envForms() {
        ShellLex.Scope scope = new ShellLex('\\').scope(Map.of("X", "ex"));
        Env old = (Env) one("ENV A  b  \"c\" $X");
        assertEquals(List.of(new KeyValue("A", "b  \"c\" $X")), old.pairs());
        assertEquals(List.of(new KeyValue("A", "b  c ex")), old.expand(scope).pairs());

        Env kv = (Env) one("ENV a=\"x y\" b=z\\ w c= d=${X}1 'e f'=g");
        assertEquals(List.of(new KeyValue("a", "\"x y\""), new KeyValue("b", "z\\ w"), new KeyValue("c", ""),
                new KeyValue("d", "${X}1"), new KeyValue("'e f'", "g")), kv.pairs());
        assertEquals(List.of(new KeyValue("a", "x y"), new KeyValue("b", "z w"), new KeyValue("c", ""),
                new KeyValue("d", "ex1"), new KeyValue("e f", "g")), kv.expand(scope).pairs());
        assertEquals(java.util.Set.of("X"), scope.used());

        assertEquals("dockerfile parse error line 2: ENV must have two arguments", error("FROM x\nENV A\n"));
        assertEquals("dockerfile parse error line 2: Syntax error - can't find = in \"b\". Must be of the form: name=value",
                error("FROM x\nENV a=1 b\n"));
        assertEquals("dockerfile parse error line 2: ENV requires at least one argument", error("FROM x\nENV\n"));
        assertEquals("dockerfile parse error line 2: ENV names can not be blank", error("FROM x\nENV =x\n"));
        assertEquals("dockerfile parse error line 2: LABEL requires at least one argument", error("FROM x\nLABEL\n"));
    }

    @Test
    void labels() {
        Label l = (Label) one("LABEL \"com.example.vendor\"=\"ACME Inc\" version=1.0 multi.label=\"a \\\n b\"");
        assertEquals(List.of(new KeyValue("com.example.vendor", "ACME Inc"), new KeyValue("version", "1.0"),
                new KeyValue("multi.label", "a  b")), l.expand(new ShellLex('\\').scope(NO_ENV)).pairs());
    }

    @Test
    void args() {
        Arg a = (Arg) one("ARG a b=2 c=\"x y\" d=$b");
        assertEquals(List.of(new ArgDef("a", null), new ArgDef("b", "2"), new ArgDef("c", "\"x y\""), new ArgDef("d", "$b")),
                a.args());
        assertEquals(List.of(new ArgDef("a", null), new ArgDef("b", "2"), new ArgDef("c", "x y"), new ArgDef("d", "two")),
                a.expand(new ShellLex('\\').scope(Map.of("b", "two"))).args());
        assertEquals("dockerfile parse error line 2: ARG requires at least one argument", error("FROM x\nARG\n"));
        assertEquals("dockerfile parse error line 2: ARG names can not be blank", error("FROM x\nARG =1\n"));
    }

    @Test
    void exposeVolumeWorkdirUserStopsignalMaintainer() {
        Expose e = (Expose) one("EXPOSE 80 $PORTS 53/udp");
        assertEquals(List.of("$PORTS", "53/udp", "80"), e.ports());
        assertEquals(List.of("8080", "8443/tcp", "53/udp", "80"),
                e.expand(new ShellLex('\\').scope(Map.of("PORTS", "8080 8443/tcp"))).ports());
        assertEquals(List.of("/a b", "/c"), ((Volume) one("VOLUME [\"/a b\", \"/c\"]")).paths());
        assertEquals(List.of("/a", "/b"), ((Volume) one("VOLUME /a   /b")).paths());
        assertEquals("/srv/$X", ((Workdir) one("WORKDIR /srv/$X")).path());
        assertEquals("/srv/ex", ((Workdir) one("WORKDIR /srv/$X")).expand(new ShellLex('\\').scope(Map.of("X", "ex"))).path());
        assertEquals("my user", ((User) one("USER my user")).user());
        assertEquals("SIGKILL", ((StopSignal) one("STOPSIGNAL SIGKILL")).signal());
        assertEquals("Jane <j@example.com>", ((Maintainer) one("MAINTAINER Jane <j@example.com>")).maintainer());
        assertEquals("dockerfile parse error line 2: WORKDIR requires exactly one argument", error("FROM x\nWORKDIR\n"));
        assertEquals("dockerfile parse error line 2: EXPOSE requires at least one argument", error("FROM x\nEXPOSE\n"));
        assertEquals("dockerfile parse error line 2: VOLUME specified can not be an empty string",
                error("FROM x\nVOLUME [\"\"]\n"));
        assertEquals("dockerfile parse error line 2: VOLUME requires at least one argument", error("FROM x\nVOLUME []\n"));
        assertEquals("dockerfile parse error line 2: MAINTAINER requires exactly one argument", error("FROM x\nMAINTAINER\n"));
    }

    @Test
    void copyAndAdd() {
        Copy c = (Copy) one("COPY --from=build --chown=1:$G --chmod=0755 --link a* b/ /dest/");
        assertEquals(List.of("a*", "b/"), c.sources());
        assertEquals("/dest/", c.dest());
        assertEquals("build", c.from());
        assertEquals("1:$G", c.chown());
        assertEquals("0755", c.chmod());
        assertTrue(c.link());
        assertFalse(c.json());
        assertEquals("1:2", c.expand(new ShellLex('\\').scope(Map.of("G", "2"))).chown());

        Copy j = (Copy) one("COPY [\"a b\", \"/c d/\"]");
        assertEquals(List.of("a b"), j.sources());
        assertEquals("/c d/", j.dest());
        assertTrue(j.json());
        assertNull(j.from());
        assertFalse(j.link());

        Add a = (Add) one("ADD --chown=app https://example.com/x.tar.gz /opt/");
        assertEquals(List.of("https://example.com/x.tar.gz"), a.sources());
        assertEquals("app", a.chown());

        assertEquals("dockerfile parse error line 2: COPY requires at least two arguments, but only one was provided. "
                + "Destination could not be determined", error("FROM x\nCOPY a\n"));
        assertEquals("dockerfile parse error line 2: Unknown flag: from", error("FROM x\nADD --from=a b c\n"));
        assertEquals("dockerfile parse error line 2: Missing a value on flag: from", error("FROM x\nCOPY --from a b\n"));
        assertEquals("dockerfile parse error line 2: Duplicate flag specified: chown",
                error("FROM x\nCOPY --chown=a --chown=b a b\n"));
        assertEquals("dockerfile parse error line 2: Expecting boolean value for flag link, not: yes",
                error("FROM x\nCOPY --link=yes a b\n"));
        assertEquals("dockerfile parse error line 2: Missing a value on flag: link", error("FROM x\nCOPY --link= a b\n"));
        assertFalse(((Copy) one("COPY --link=false a b")).link());
        // "--" ends the flags
        assertEquals(List.of("--chown=x"), ((Copy) one("COPY -- --chown=x b")).sources());
        // quoted flag values
        assertEquals("a b", ((Copy) one("COPY --chown=\"a b\" x y")).chown());
    }

    @Test
    void healthchecks() {
        Healthcheck none = (Healthcheck) one("HEALTHCHECK NONE");
        assertTrue(none.none());
        Healthcheck shell = (Healthcheck) one("HEALTHCHECK --interval=5s --timeout=1m30s --start-period=0.5s --retries=3 "
                + "CMD curl -f http://localhost/ || exit 1");
        assertEquals(List.of("CMD-SHELL", "curl -f http://localhost/ || exit 1"), shell.test());
        assertEquals(Duration.ofSeconds(5), shell.interval());
        assertEquals(Duration.ofSeconds(90), shell.timeout());
        assertEquals(Duration.ofMillis(500), shell.startPeriod());
        assertEquals(3, shell.retries());
        Healthcheck exec = (Healthcheck) one("HEALTHCHECK cmd [\"/bin/check\", \"-q\"]");
        assertEquals(List.of("CMD", "/bin/check", "-q"), exec.test());
        assertEquals(Duration.ZERO, exec.interval());
        assertEquals(0, exec.retries());

        assertEquals("dockerfile parse error line 2: HEALTHCHECK NONE takes no arguments", error("FROM x\nHEALTHCHECK NONE x\n"));
        assertEquals("dockerfile parse error line 2: Missing command after HEALTHCHECK CMD", error("FROM x\nHEALTHCHECK CMD\n"));
        assertEquals("dockerfile parse error line 2: Unknown type \"FOO\" in HEALTHCHECK (try CMD)",
                error("FROM x\nHEALTHCHECK FOO x\n"));
        assertEquals("dockerfile parse error line 2: --retries must be at least 1 (not 0)",
                error("FROM x\nHEALTHCHECK --retries=0 CMD x\n"));
        assertEquals("dockerfile parse error line 2: time: invalid duration \"fast\"",
                error("FROM x\nHEALTHCHECK --interval=fast CMD x\n"));
        assertEquals("dockerfile parse error line 2: time: missing unit in duration \"5\"",
                error("FROM x\nHEALTHCHECK --interval=5 CMD x\n"));
        assertEquals("dockerfile parse error line 2: Interval \"timeout\" cannot be less than 1ms",
                error("FROM x\nHEALTHCHECK --timeout=0s CMD x\n"));
        assertEquals("dockerfile parse error line 2: HEALTHCHECK requires at least one argument", error("FROM x\nHEALTHCHECK\n"));
    }

    @Test
    void onbuild() {
        Onbuild o = (Onbuild) one("ONBUILD  RUN --mount=type=cache,target=/c echo hi");
        assertEquals("RUN --mount=type=cache,target=/c echo hi", o.expression());
        Run trigger = (Run) o.trigger();
        assertEquals(List.of("echo hi"), trigger.command().args());
        assertEquals("/c", trigger.mounts().getFirst().target());
        assertEquals("dockerfile parse error line 2: Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed",
                error("FROM x\nONBUILD ONBUILD RUN x\n"));
        assertEquals("dockerfile parse error line 2: FROM isn't allowed as an ONBUILD trigger", error("FROM x\nonbuild from y\n"));
        assertEquals("dockerfile parse error line 2: MAINTAINER isn't allowed as an ONBUILD trigger",
                error("FROM x\nONBUILD MAINTAINER y\n"));
        assertEquals("dockerfile parse error line 2: ONBUILD requires at least one argument", error("FROM x\nONBUILD\n"));
        assertEquals("dockerfile parse error line 2: Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed",
                error("FROM x\nONBUILD ONBUILD ONBUILD RUN x\n"));
        Onbuild h = (Onbuild) one("ONBUILD COPY <<EOF /x\nhello\nEOF");
        assertEquals(List.of(new Heredoc("EOF", "hello\n", true, false, 0)), ((Copy) h.trigger()).heredocs());
        assertEquals("dockerfile parse error line 2: unknown instruction: FOO", error("FROM x\nONBUILD foo bar\n"));
    }

    @Test
    void runMountsAndNetwork() {
        Run r = (Run) one("RUN --mount=type=cache,target=/root/.cache,id=pip,sharing=locked,mode=0700,uid=1000 "
                + "--mount=type=secret,id=tok,required --mount=target=/src,ro=false --mount=type=tmpfs,dst=/t,size=64m "
                + "--mount=type=bind,from=build,source=/out,target=/in --network=none make");
        assertEquals("none", r.network());
        List<RunMount> m = r.mounts();
        assertEquals(new RunMount(RunMount.Type.CACHE, "/root/.cache", null, null, "pip", false, RunMount.Sharing.LOCKED,
                null, 0700, 1000, null, false, null), m.get(0));
        assertEquals(RunMount.Type.SECRET, m.get(1).type());
        assertTrue(m.get(1).required());
        assertTrue(m.get(1).readOnly());
        assertEquals("tok", m.get(1).secretId());
        assertEquals(RunMount.Type.BIND, m.get(2).type());
        assertFalse(m.get(2).readOnly());
        assertEquals(64L << 20, m.get(3).size());
        assertFalse(m.get(3).readOnly());
        assertEquals("build", m.get(4).from());
        assertEquals("/out", m.get(4).source());
        assertTrue(m.get(4).readOnly());
        assertEquals("x", ((Run) one("RUN --mount=type=secret,target=/run/secrets/x cat")).mounts().getFirst().secretId());
        assertEquals("/run/secrets/tok", m.get(1).secretTarget());
        RunMount bySource = ((Run) one("RUN --mount=type=secret,source=npmrc,target=/root/.npmrc cat")).mounts().getFirst();
        assertEquals("npmrc", bySource.secretId());
        assertEquals("/root/.npmrc", bySource.secretTarget());

        Run withVar = (Run) one("RUN --mount=type=cache,target=$DIR x");
        assertEquals("/c", withVar.expand(new ShellLex('\\').scope(Map.of("DIR", "/c"))).mounts().getFirst().target());
        assertEquals("x", withVar.expand(new ShellLex('\\').scope(Map.of("DIR", "/c"))).command().args().getFirst());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            type=nope,target=/x                      | unsupported mount type "nope"
            type=secret                              | invalid secret mount. one of source, target required
            type=secret,id=a,source=b                | both source and id can't be set
            type=secret,id=a,from=b                  | secret mount should not have a from
            type=bind,target=/x,mode=0700            | mode not allowed for "bind" type mounts
            type=bind,target=/x,sharing=shared       | invalid cache sharing set for bind mount
            type=cache,target=/x,sharing=wide        | unsupported sharing value "wide"
            type=cache,target=/x,required            | unexpected key 'required' for mount type 'cache'
            type=cache,target=/x,foo=bar             | unexpected key 'foo' in 'foo=bar'
            type=cache,target=/x,bare                | invalid field 'bare' must be a key=value pair
            type=cache,target=/x,ro=maybe            | invalid value for ro: maybe
            type=cache,target=/x,uid=-1              | invalid value -1 for uid
            type=cache,target=/x,mode=9              | invalid value 9 for mode
            type=bind,size=1m,target=/x              | unexpected key 'size' for mount type 'bind'
            type=cache                               | invalid mount target ""
            """)
    void badMounts(String mount, String message) {
        assertEquals("dockerfile parse error line 2: " + message, error("FROM x\nRUN --mount=" + mount + " true\n"));
    }

    @Test
    void badNetwork() {
        assertEquals("dockerfile parse error line 2: invalid network mode \"bridge\"", error("FROM x\nRUN --network=bridge true\n"));
    }

    @Test
    void heredocs() {
        Dockerfile df = parse("""
                FROM busybox
                ENV NAME=me
                RUN <<EOF
                echo $NAME
                # not a comment here
                EOF
                RUN 3<<EMPTY2
                EMPTY2
                RUN "<<NOHEREDOC"
                RUN <<-UNINDENT
                \tbaz
                \t\tquux
                \tUNINDENT
                RUN <<-'NOEXPAND' cat
                \tdon't expand $NAME
                NOEXPAND
                COPY <<FILE1 <<"FILE2" /dest/
                content 1 $NAME
                FILE1
                content 2 $NAME
                FILE2
                COPY <<X <<Y /dest
                Y
                X
                X
                Y
                RUN <<eo'f'
                eof
                RUN <<eo\\'f
                eo'f
                RUN <<  EOF  > foo
                EOF
                RUN python3 <<A && cat <<B
                print(1)
                A
                b
                B
                RUN ["<<EOF"]
                CMD done
                """);
        List<Instruction> in = df.stages().getFirst().instructions();
        Run r = (Run) in.get(1);
        assertEquals(List.of(new Heredoc("EOF", "echo $NAME\n# not a comment here\n", true, false, 0)), r.heredocs());
        assertEquals(List.of("<<EOF"), r.command().args());
        assertEquals(3, r.line());
        assertEquals(6, r.source().endLine());
        assertEquals("RUN <<EOF", r.source().original());
        assertEquals(List.of(new Heredoc("EMPTY2", "", true, false, 3)), ((Run) in.get(2)).heredocs());
        assertEquals(List.of(), ((Run) in.get(3)).heredocs());
        assertEquals(List.of(new Heredoc("UNINDENT", "baz\nquux\n", true, true, 0)), ((Run) in.get(4)).heredocs());
        assertEquals(List.of(new Heredoc("NOEXPAND", "don't expand $NAME\n", false, true, 0)), ((Run) in.get(5)).heredocs());

        Copy c = (Copy) in.get(6);
        assertEquals(List.of(), c.sources());
        assertEquals("/dest/", c.dest());
        assertEquals(List.of(new Heredoc("FILE1", "content 1 $NAME\n", true, false, 0),
                new Heredoc("FILE2", "content 2 $NAME\n", false, false, 0)), c.heredocs());
        Copy expanded = c.expand(new ShellLex('\\').scope(Map.of("NAME", "me")));
        assertEquals("content 1 me\n", expanded.heredocs().get(0).content());
        assertEquals("content 2 $NAME\n", expanded.heredocs().get(1).content());

        assertEquals(List.of(new Heredoc("X", "Y\n", true, false, 0), new Heredoc("Y", "X\n", true, false, 0)),
                ((Copy) in.get(7)).heredocs());
        assertEquals(List.of(new Heredoc("eof", "", false, false, 0)), ((Run) in.get(8)).heredocs());
        assertEquals(List.of(new Heredoc("eo'f", "", true, false, 0)), ((Run) in.get(9)).heredocs());
        assertEquals(List.of(new Heredoc("EOF", "", true, false, 0)), ((Run) in.get(10)).heredocs());
        assertEquals(List.of(new Heredoc("A", "print(1)\n", true, false, 0), new Heredoc("B", "b\n", true, false, 0)),
                ((Run) in.get(11)).heredocs());
        Run json = (Run) in.get(12);
        assertEquals(List.of("<<EOF"), json.command().args());
        assertEquals(List.of(), json.heredocs());
        assertEquals(List.of("done"), ((Cmd) in.get(13)).command().args());
        assertEquals(39, in.get(13).line());
    }

    @Test
    void heredocErrors() {
        assertEquals("dockerfile parse error line 2: unterminated heredoc", error("FROM x\nRUN <<EOF\necho\n"));
        assertEquals("dockerfile parse error line 2: unterminated heredoc", error("FROM x\nCOPY <<A <<B /x\na\nA\nb\n"));
        assertEquals("dockerfile parse error line 2: COPY cannot accept a heredoc as a destination",
                error("FROM x\nCOPY a <<EOF\nx\nEOF\n"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            FROM x\\nFOO bar                       | dockerfile parse error line 2: unknown instruction: FOO
            FROM x\\n\\nfoo bar                    | dockerfile parse error line 3: unknown instruction: FOO
            RUN x\\nFROM y                         | dockerfile parse error line 1: no build stage in current context
            ARG a\\nENV b=c\\nFROM y               | dockerfile parse error line 2: no build stage in current context
            ARG a                                  | dockerfile contains no stages to build
            \\n   \\n# only comments\\n            | failed to parse Dockerfile: file with no instructions
            FROM                                   | dockerfile parse error line 1: FROM requires either one or three arguments
            FROM a b                               | dockerfile parse error line 1: FROM requires either one or three arguments
            FROM a AS 1x                           | dockerfile parse error line 1: invalid name for build stage: "1x", name can't start with a number or contain symbols
            FROM --platform a                      | dockerfile parse error line 1: Missing a value on flag: platform
            FROM --foo=1 a                         | dockerfile parse error line 1: Unknown flag: foo
            FROM x\\nCMD --foo=1 a                 | dockerfile parse error line 2: Unknown flag: foo
            FROM x\\nRUN \\\\\\n --nope=1 a        | dockerfile parse error line 2: Unknown flag: nope
            """)
    void errors(String text, String message) {
        assertEquals(message, error(text.replace("\\n", "\n").replace("\\\\", "\\")));
    }

    @Test
    void emptyFile() {
        DockerfileException e = assertThrows(DockerfileException.class, () -> Dockerfile.parse("", "Dockerfile.dev"));
        assertEquals("the Dockerfile (Dockerfile.dev) cannot be empty", e.getMessage());
        assertEquals(0, e.line());
        assertEquals("Dockerfile.dev", e.fileName());
        assertEquals(e.getMessage(), e.toEngineException().getMessage());
    }

    @Test
    void exceptionCarriesLine() {
        DockerfileException e = assertThrows(DockerfileException.class, () -> parse("FROM x\n\nBAD\n"));
        assertEquals(3, e.line());
        assertEquals("unknown instruction: BAD", e.detail());
        assertEquals("Dockerfile", e.fileName());
    }

    @Test
    void expansionErrorsNameTheLine() {
        Workdir w = (Workdir) one("WORKDIR ${X");
        DockerfileException e = assertThrows(DockerfileException.class, () -> w.expand(new ShellLex('\\').scope(NO_ENV)));
        assertEquals("failed to process \"${X\": syntax error: missing '}'", e.getMessage());
        assertEquals(2, e.line());
    }

    @Test
    void instructionsThatAreNotExpanded() {
        ShellLex.Scope scope = new ShellLex('\\').scope(Map.of("X", "1"));
        for (String line : List.of("RUN echo $X", "CMD echo $X", "ENTRYPOINT [\"$X\"]", "SHELL [\"$X\"]",
                "HEALTHCHECK CMD $X", "MAINTAINER $X", "ONBUILD RUN $X")) {
            Instruction in = one(line);
            assertSame(in, in.expand(scope), line);
        }
        assertEquals(java.util.Set.of(), scope.used());
    }

    @Test
    void keywordsAreCaseInsensitive() {
        Dockerfile df = parse("from busybox as A\nrun echo\nCmd x\n");
        assertEquals("a", df.stages().getFirst().name());
        assertEquals("RUN", df.stages().getFirst().instructions().get(0).keyword());
    }

    @Test
    void goQuote() {
        assertEquals("[\"/bin/sh\" \"-c\" \"echo \\\"hi\\\"\\n\"]", GoQuote.quote(List.of("/bin/sh", "-c", "echo \"hi\"\n")));
    }

    @Test
    void stageDependencies() {
        Dockerfile df = parse("""
                ARG BASE=base
                ARG V
                ARG IMG=busybox:${V:-1}
                FROM $IMG AS base
                FROM alpine AS tools
                FROM ${BASE} AS app
                COPY --from=tools /t /t
                RUN --mount=type=bind,from=1,target=/b true
                FROM busybox AS unrelated
                COPY --from=nginx /etc/nginx /x
                FROM app AS final
                ONBUILD COPY --from=unrelated /x /x
                """);
        assertEquals(Map.of("BASE", "base", "IMG", "busybox:1"), df.globalScope(Map.of()));
        assertEquals(Map.of("BASE", "tools", "V", "2", "IMG", "busybox:2"), df.globalScope(Map.of("BASE", "tools", "V", "2")));
        Stage app = df.stage("app").orElseThrow();
        assertEquals(List.of(0, 1), df.dependencies(app, df.globalScope(Map.of())));
        assertEquals(List.of(1), df.dependencies(app, df.globalScope(Map.of("BASE", "tools"))));
        assertEquals(List.of(), df.dependencies(df.stage("unrelated").orElseThrow(), Map.of()));
        assertEquals(List.of("base", "tools", "app", "unrelated", "final"),
                df.requiredStages(df.stages().getLast(), Map.of()).stream().map(Stage::name).toList());
        assertEquals(List.of("base", "tools", "app"),
                df.requiredStages(app, Map.of()).stream().map(Stage::name).toList());
        assertEquals(List.of("unrelated"),
                df.requiredStages(df.stage("unrelated").orElseThrow(), Map.of()).stream().map(Stage::name).toList());
    }

    /**
     * Expanding as a builder would (ARG and ENV accumulate in one scope, each instruction expanded
     * with the scope before it) gives what dockerd 20.10 put in the image config for the same file
     * built with {@code --build-arg Q="90 91"}.
     */
    @Test
    void expansionMatchesDocker20() {
        Dockerfile df = parse("""
                ARG TAG=latest
                FROM scratch
                ARG P=8080
                ARG S=L
                ARG Q="a b"
                ENV A=1 B="two  words" C=z\\ w D='$A' E="$A" F=${A:-x} G=${NOPE:-dflt} H=${A:+set}
                ENV OLD  value with  "quotes" and $A
                ENV K=$B L="$B" M=\\$A N=${Q}
                LABEL l1="$A $B" "l 2"=v l3=${P}
                EXPOSE $P 53/udp ${Q}
                WORKDIR /srv/$A
                USER ${A}:$A
                VOLUME ["/v/$A", "/w"]
                VOLUME /x /y$A
                STOPSIGNAL SIGKIL$S
                """);
        Map<String, String> buildArgs = Map.of("Q", "90 91");
        java.util.LinkedHashMap<String, String> scope = new java.util.LinkedHashMap<>();
        List<String> env = new java.util.ArrayList<>(), labels = new java.util.ArrayList<>(), ports = new java.util.ArrayList<>(),
                volumes = new java.util.ArrayList<>(), rest = new java.util.ArrayList<>();
        for (Instruction in : df.stages().getFirst().instructions()) {
            Instruction x = in.expand(new ShellLex(df.escapeToken()).scope(scope));
            switch (x) {
                case Arg a -> a.args().forEach(d -> scope.put(d.name(), buildArgs.getOrDefault(d.name(), d.defaultValue())));
                case Env e -> e.pairs().forEach(p -> { scope.put(p.key(), p.value()); env.add(p.key() + "=" + p.value()); });
                case Label l -> l.pairs().forEach(p -> labels.add(p.key() + "=" + p.value()));
                case Expose e -> ports.addAll(e.ports());
                case Volume v -> volumes.addAll(v.paths());
                case Workdir w -> rest.add(w.path());
                case User u -> rest.add(u.user());
                case StopSignal s -> rest.add(s.signal());
                default -> fail(x.toString());
            }
        }
        assertEquals(List.of("A=1", "B=two  words", "C=z w", "D=$A", "E=", "F=x", "G=dflt", "H=",
                "OLD=value with  quotes and 1", "K=two  words", "L=two  words", "M=$A", "N=90 91"), env);
        assertEquals(List.of("l1=1 two  words", "l 2=v", "l3=8080"), labels);
        assertEquals(List.of("8080", "90", "91", "53/udp"), ports);
        assertEquals(List.of("/v/1", "/w", "/x", "/y1"), volumes);
        assertEquals(List.of("/srv/1", "1:1", "SIGKILL"), rest);
    }

    /** The command forms and ONBUILD texts dockerd 20.10 put in the image config for the same file. */
    @Test
    void commandFormsMatchDocker20() {
        List<Instruction> in = parse("""
                FROM scratch
                CMD ['a', "b"]
                ENTRYPOINT [ "e", "f g" ]\s\s
                HEALTHCHECK --interval=5s --retries=2 CMD   curl -f "http://x/" || exit 1
                ONBUILD   RUN   echo "on build" \\
                   && true
                ONBUILD COPY --chown=1 a b
                SHELL ["/bin/bash", "-c"]
                MAINTAINER Jane <j@x>
                """).stages().getFirst().instructions();
        assertEquals(new CommandLine(List.of("['a', \"b\"]"), true), ((Cmd) in.get(0)).command());
        assertEquals(new CommandLine(List.of("e", "f g"), false), ((Entrypoint) in.get(1)).command());
        assertEquals("ENTRYPOINT [ \"e\", \"f g\" ]", in.get(1).source().original());
        Healthcheck h = (Healthcheck) in.get(2);
        assertEquals(List.of("CMD-SHELL", "curl -f \"http://x/\" || exit 1"), h.test());
        assertEquals(Duration.ofSeconds(5), h.interval());
        assertEquals(2, h.retries());
        assertEquals("RUN   echo \"on build\"    && true", ((Onbuild) in.get(3)).expression());
        assertEquals("COPY --chown=1 a b", ((Onbuild) in.get(4)).expression());
        assertEquals(List.of("/bin/bash", "-c"), ((Shell) in.get(5)).shell());
        assertEquals("Jane <j@x>", ((Maintainer) in.get(6)).maintainer());
        assertEquals("[\"/bin/sh\" \"-c\" \"['a', \\\"b\\\"]\"]", GoQuote.quote(List.of("/bin/sh", "-c", "['a', \"b\"]")));
    }

    @Test
    void heredocCommandsAsBuildKitRunsThem() {
        List<Instruction> in = parse("""
                FROM x
                RUN <<EOF
                echo a
                echo b
                EOF
                RUN python3 <<A && cat <<'B'
                print(1)
                A
                $b
                B
                RUN <<-EOF
                	#!/usr/bin/env python3
                	print(2)
                	EOF
                RUN echo plain
                """).stages().getFirst().instructions();
        Run lone = (Run) in.get(0);
        assertEquals(new CommandLine(List.of("echo a\necho b\n"), true), lone.effectiveCommand());
        assertTrue(lone.shebangScript().isEmpty());
        assertEquals(new CommandLine(List.of("python3 <<A && cat <<'B'\nprint(1)\nA\n$b\nB"), true),
                ((Run) in.get(1)).effectiveCommand());
        Run shebang = (Run) in.get(2);
        assertEquals(new Heredoc("EOF", "#!/usr/bin/env python3\nprint(2)\n", true, true, 0), shebang.shebangScript().orElseThrow());
        Run plain = (Run) in.get(3);
        assertSame(plain.command(), plain.effectiveCommand());
    }
}
