package dev.berth.dockerfile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShellLexTest {

    private static final Map<String, String> ENV = Map.of("PWD", "/home", "SHELL", "bash", "KOREAN", "한국어", "NULL", "");

    /** word → expected result ("error" for a substitution error), the semantics of BuildKit's shell lexer. */
    private static final String WORD_CASES = """
            hello                    => hello
            he'll'o                  => hello
            he'llo                   => error
            he\\'llo                 => he'llo
            he\\\\'llo               => error
            abc\\tdef                => abctdef
            "abc\\tdef"              => abc\\tdef
            "abc\\\\tdef"            => abc\\tdef
            'abc\\tdef'              => abc\\tdef
            hello\\                  => hello
            hello\\\\                => hello\\
            "hello                   => error
            "hello\\"                => error
            "hel'lo"                 => hel'lo
            'hello                   => error
            'hello\\'                => hello\\
            "''"                     => ''
            $.                       => $.
            he$1x                    => hex
            he$.x                    => he$.x
            he$pwd.                  => he.
            he$PWD                   => he/home
            he\\$PWD                 => he$PWD
            he\\\\$PWD               => he\\/home
            "he\\$PWD"               => he$PWD
            \\${}                    => ${}
            ${}                      => error
            he${}xx                  => error
            he${hi}xx                => hexx
            he${PWD}                 => he/home
            he${.}                   => error
            he${XXX:-000}xx          => he000xx
            he${PWD:-000}xx          => he/homexx
            he${XXX:-$PWD}xx         => he/homexx
            he${XXX:-${PWD:-yyy}}xx  => he/homexx
            he${XXX:-${YYY:-yyy}}xx  => heyyyxx
            he${XXX:YYY}             => error
            he${XXX?}                => error
            he${XXX:?}               => error
            he${PWD?}                => he/home
            he${NULL?}               => he
            he${NULL:?}              => error
            he${XXX:+${PWD}}xx       => hexx
            he${PWD:+${SHELL}}xx     => hebashxx
            he${PWD:+000}xx          => he000xx
            he${NULL:-x}             => hex
            he${NULL-x}              => he
            he${XXX-x}               => hex
            he${NULL:+x}             => he
            he${NULL+x}              => hex
            he${XXX+x}               => he
            'he${XX}'                => he${XX}
            "he'$PWD'"               => he'/home'
            '$PWD'                   => $PWD
            '"hello"'                => "hello"
            he${PWD                  => error
            he${PWD:=000}xx          => error
            he${PWD:+${PWD}:}xx      => he/home:xx
            he${XXX:-\\$PWD:}xx      => he$PWD:xx
            he${XXX:-\\${PWD}z}xx    => he${PWDz}xx
            안'녕'하세요              => 안녕하세요
            안녕$KOREAN              => 안녕한국어
            ${{aaa}                  => error
            ${aaa}}                  => }
            ${aaa:-bbb}}             => bbb}
            ${aaa:-bbb               => error
            ${aaa:-bbb {foo}         => bbb {foo
            ${:}                     => error
            ${:-bbb}                 => error
            ${1:-bbb}                => bbb
            $999aaa                  => aaa
            $001aaa                  => aaa
            $@@@                     => @@
            ${@:-bbb}aaa             => bbbaaa
            ${#:-bbb}                => bbb
            ${$:+bbb}                =>
            ${PWD#/}                 => home
            ${PWD%e}                 => /hom
            ${PWD/o/0}               => /h0me
            ${SHELL//a/A}            => bAsh
            """;

    static Stream<String[]> wordCases() {
        return WORD_CASES.lines().map(l -> {
            int i = l.indexOf("=>");
            return new String[] {l.substring(0, i).strip(), l.substring(i + 2).strip()};
        });
    }

    @ParameterizedTest(name = "{0} => {1}")
    @MethodSource("wordCases")
    void processWord(String word, String expected) {
        ShellLex lex = new ShellLex('\\');
        if (expected.equals("error")) {
            DockerfileException e = assertThrows(DockerfileException.class, () -> lex.processWord(word, ENV));
            assertTrue(e.getMessage().startsWith("failed to process \""), e.getMessage());
        } else {
            assertEquals(expected, lex.processWord(word, ENV));
        }
    }

    private static final String WORDS_CASES = """
            hello                | hello
            hello${hi}bye        | hellobye
            hello${space}bye     | helloabc,defbye
            hello"${space}"bye   | helloabc  defbye
            hello "${space}"bye  | hello,abc  defbye
            hello${leading}def   | hello,ab,cdef
            hello"${leading}" def| hello  ab c,def
            hello${trailing}d    | helloab,c,d
            hello" there  "      | hello there \s
            hello there          | hello,there
            hello\\ there        | hello there
            hello\\" there       | hello",there
            hello"\\\\there"     | hello\\there
            hello'\\\\there'     | hello\\\\there
            hello'$there'        | hello$there
            ""                   |
            a "" b               | a,b
            """;

    static Stream<String[]> wordsCases() {
        return WORDS_CASES.lines().map(l -> {
            int i = l.indexOf('|');
            String expected = l.substring(i + 1);
            return new String[] {l.substring(0, i).strip(), expected.startsWith(" ") ? expected.substring(1) : expected};
        });
    }

    @ParameterizedTest(name = "{0} => {1}")
    @MethodSource("wordsCases")
    void processWords(String word, String expected) {
        Map<String, String> env = Map.of("space", "abc  def", "leading", "  ab c", "trailing", "ab c   ");
        List<String> want = expected.isEmpty() ? List.of() : Arrays.asList(expected.split(","));
        assertEquals(want, new ShellLex('\\').processWords(word, env));
    }

    @Test
    void backtickEscape() {
        ShellLex lex = new ShellLex('`');
        assertEquals("a$PWD\\b", lex.processWord("a`$PWD\\b", ENV));
        assertEquals("C:\\dir", lex.processWord("C:\\dir", ENV));
    }

    @Test
    void errorMessagesAreDockers() {
        ShellLex lex = new ShellLex('\\');
        assertEquals("failed to process \"${x\": syntax error: missing '}'",
                assertThrows(DockerfileException.class, () -> lex.processWord("${x", ENV)).getMessage());
        assertEquals("failed to process \"${x:?must be set}\": x: must be set",
                assertThrows(DockerfileException.class, () -> lex.processWord("${x:?must be set}", ENV)).getMessage());
        assertEquals("failed to process \"${}\": syntax error: bad substitution",
                assertThrows(DockerfileException.class, () -> lex.processWord("${}", ENV)).getMessage());
    }

    @Test
    void reportsMatchedAndUnmatchedVariables() {
        ShellLex.Expansion e = new ShellLex('\\').process("$PWD ${A:-$SHELL} '$NOPE' ${B+x}", ENV);
        assertEquals("/home bash $NOPE ", e.word());
        assertEquals(Set.of("PWD", "SHELL"), e.matched());
        assertEquals(Set.of("A", "B"), e.unmatched());

        ShellLex.Scope scope = new ShellLex('\\').scope(Map.of("V", "1", "W", "2"));
        scope.word("$V");
        scope.words("${W} $X");
        assertEquals(Set.of("V", "W"), scope.used());
        assertEquals(Set.of("X"), scope.unset());
    }

    @Test
    void rawKeepsQuotes() {
        ShellLex.Scope scope = new ShellLex('\\').scope(Map.of("V", "1"));
        assertEquals("echo \"1\" '1' $X\n", scope.raw("echo \"$V\" '$V' \\$X\n"));
    }
}
