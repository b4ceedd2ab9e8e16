package dev.berth.dockerfile;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.fail;

/** Whatever the input, the front end answers with a result or a DockerfileException, never anything else. */
class RobustnessTest {

    private static final String SAMPLE = """
            # syntax=docker/dockerfile:1
            # escape=\\
            ARG BASE=busybox VERSION="1 2"
            FROM --platform=$BUILDPLATFORM ${BASE:-x}:${VERSION#1} AS build
            ENV A=1 B="two words" C=\\$D
            ENV OLD form value
            LABEL a=b "c d"=e
            RUN --mount=type=cache,target=/c,id=x,sharing=locked --network=none echo $A \\
              # comment
              && echo "${B:+set}" 'single $x'
            RUN <<EOF bash
            set -e
            echo ${A}
            EOF
            COPY --from=build --chown=1:1 --chmod=755 --link ["a b", "/c/"]
            COPY <<-"FILE" /etc/x
            \tcontent $A
            \tFILE
            ADD https://example.com/x.tgz /opt/
            EXPOSE 80/tcp ${PORTS}
            VOLUME ["/data", "/logs"]
            WORKDIR /srv/${A}
            USER 1000:1000
            HEALTHCHECK --interval=30s --timeout=3s --retries=3 CMD ["curl", "-f", "http://localhost/"]
            SHELL ["/bin/sh", "-c"]
            STOPSIGNAL SIGTERM
            ONBUILD RUN echo onbuild
            MAINTAINER someone
            CMD ["sh", "-c", "echo ${A}"]
            ENTRYPOINT exec top -b
            """;

    private static final String[] TOKENS = {"FROM", "RUN", "COPY", "ADD", "ENV", "ARG", "LABEL", "ONBUILD", "HEALTHCHECK",
            "SHELL", "CMD", "ENTRYPOINT", "VOLUME", "EXPOSE", " ", " ", "\t", "\n", "\n", "\r\n", "\\", "`", "\\\n", "#", "# escape=`\n",
            "\"", "'", "[", "]", ",", "=", "$", "${", "}", ":-", ":+", "?", "<<", "<<-", "EOF", "'EOF'", "--mount=", "--from=",
            "type=cache", "type=secret", "target=", "--", "--link", "--chown=", "--interval=", "1s", "AS", "x", "é", "\u0000",
            "\uFEFF", "[\"a\"]", "[1]", "NONE", "*", "**", "!", "/"};

    private static void check(String text) {
        try {
            Dockerfile df = Dockerfile.parse(text, "Dockerfile");
            ShellLex.Scope scope = new ShellLex(df.escapeToken()).scope(Map.of("A", "1", "PORTS", "1 2", "BASE", "b"));
            for (Stage s : df.stages()) {
                expand(s.from(), scope);
                for (Instruction in : s.instructions()) expand(in, scope);
            }
            for (Instruction in : df.globalArgs()) expand(in, scope);
        } catch (DockerfileException expected) {
            // fine
        } catch (RuntimeException | StackOverflowError e) {
            fail("unexpected " + e + " for input " + GoQuote.quote(text.length() > 300 ? text.substring(0, 300) + "..." : text), e);
        }
    }

    private static void expand(Instruction in, WordExpander x) {
        try {
            in.expand(x);
        } catch (DockerfileException expected) {
            // a bad substitution
        }
    }

    @Test
    void everyPrefixAndSuffixOfASample() {
        check(SAMPLE);
        for (int i = 0; i < SAMPLE.length(); i++) {
            check(SAMPLE.substring(0, i));
            check(SAMPLE.substring(i));
        }
    }

    @Test
    void randomMutationsOfASample() {
        Random r = new Random(42);
        for (int n = 0; n < 3000; n++) {
            StringBuilder b = new StringBuilder(SAMPLE);
            int edits = 1 + r.nextInt(4);
            for (int e = 0; e < edits && !b.isEmpty(); e++) {
                int at = r.nextInt(b.length());
                switch (r.nextInt(3)) {
                    case 0 -> b.deleteCharAt(at);
                    case 1 -> b.insert(at, TOKENS[r.nextInt(TOKENS.length)]);
                    default -> b.setCharAt(at, (char) r.nextInt(128));
                }
            }
            check(b.toString());
        }
    }

    @Test
    void randomTokenSoup() {
        Random r = new Random(7);
        for (int n = 0; n < 3000; n++) {
            StringBuilder b = new StringBuilder(r.nextBoolean() ? "FROM x\n" : "");
            int len = r.nextInt(30);
            for (int i = 0; i < len; i++) b.append(TOKENS[r.nextInt(TOKENS.length)]);
            check(b.toString());
        }
    }

    @Test
    void randomWordsForTheLexerAndIgnoreFiles() {
        Random r = new Random(3);
        for (int n = 0; n < 5000; n++) {
            StringBuilder b = new StringBuilder();
            int len = r.nextInt(12);
            for (int i = 0; i < len; i++) b.append(TOKENS[r.nextInt(TOKENS.length)]);
            String word = b.toString();
            for (char esc : List.of('\\', '`')) {
                try {
                    new ShellLex(esc).process(word, Map.of("x", "1"));
                    new ShellLex(esc).scope(Map.of()).raw(word);
                } catch (DockerfileException expected) {
                    // fine
                } catch (RuntimeException e) {
                    fail("lexer: unexpected " + e + " for " + GoQuote.quote(word.length() > 300 ? word.substring(0, 300) : word), e);
                }
            }
            try {
                DockerIgnore di = DockerIgnore.parse(word);
                di.excludes(word);
                di.excludes("a/b/c");
                di.mayReincludeBelow(word);
            } catch (DockerfileException expected) {
                // fine
            } catch (RuntimeException e) {
                fail("ignore: unexpected " + e + " for " + GoQuote.quote(word.length() > 300 ? word.substring(0, 300) : word), e);
            }
        }
    }

    @Test
    void hugeAndDeepInputs() {
        check("FROM x\nRUN " + "a".repeat(70_000) + "\n");
        check("FROM x\nCMD " + "[".repeat(5000) + "\n");
        check("FROM x\nENV a=" + "${a:-".repeat(3000) + "\n");
        check("FROM x\n" + "RUN x \\\n".repeat(20_000));
        check("FROM x\n" + "ONBUILD ".repeat(8000) + "RUN x\n");
    }
}
