package dev.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** docker's (pflag's) command-line syntax. */
class FlagParserTest {
    private static final Flags FLAGS = new Flags()
            .bool("a", "all", "all")
            .bool("q", "quiet", "quiet")
            .boolDefaultTrue("H", "human", "human")
            .value("f", "filter", Flag.Type.FILTER, "filter")
            .value(null, "format", Flag.Type.STRING, "format")
            .value("n", "tail", Flag.Type.INT, "tail")
            .value(null, "platform", Flag.Type.STRINGS, "platform")
            .value("c", "change", Flag.Type.LIST, "change")
            .args(0, -1);

    private static Invocation parse(boolean interspersed, String... args) throws FlagParser.FlagError {
        return FlagParser.parse(FLAGS, List.of(args), interspersed).invocation();
    }

    private static Invocation parse(String... args) throws FlagParser.FlagError {
        return parse(true, args);
    }

    private static String error(String... args) {
        return assertThrows(FlagParser.FlagError.class, () -> parse(args)).getMessage();
    }

    @Test
    void longAndShortBooleans() throws Exception {
        Invocation in = parse("--all", "-q");
        assertTrue(in.bool("all"));
        assertTrue(in.bool("quiet"));
    }

    @Test
    void clusteredShorts() throws Exception {
        Invocation in = parse("-qa");
        assertTrue(in.bool("all") && in.bool("quiet"));
    }

    @Test
    void booleanValuesOnlyWhenAttached() throws Exception {
        Invocation in = parse("--all=false", "-H=false", "-q", "false");
        assertFalse(in.bool("all"));
        assertFalse(in.bool("human"));
        assertTrue(in.bool("quiet"));
        assertEquals(List.of("false"), in.args());
    }

    @Test
    void defaultsApply() throws Exception {
        Invocation in = parse();
        assertTrue(in.bool("human"));
        assertFalse(in.bool("all"));
        assertNull(in.string("format"));
        assertFalse(in.given("human"));
        assertEquals(7, in.integer("tail", 7));
    }

    @Test
    void valuesInAllForms() throws Exception {
        Invocation in = parse("--format=table", "-fdangling=true", "-f", "label=a=b", "-f=reference=x", "--filter", "until=1h");
        assertEquals("table", in.string("format"));
        assertEquals(List.of("dangling=true", "label=a=b", "reference=x", "until=1h"), in.list("filter"));
    }

    @Test
    void lastValueWinsForStrings() throws Exception {
        assertEquals("b", parse("--format", "a", "--format", "b").string("format"));
    }

    @Test
    void clusterEndingWithValueFlag() throws Exception {
        Invocation in = parse("-qf", "a=b");
        assertTrue(in.bool("quiet"));
        assertEquals(List.of("a=b"), in.list("filter"));
    }

    @Test
    void integersListsAndStringSlices() throws Exception {
        Invocation in = parse("-n", "5", "--platform", "linux/amd64,linux/arm64", "-c", "CMD a,b", "-c", "ENV x=y");
        assertEquals(5, in.integer("tail", 0));
        assertEquals(List.of("linux/amd64", "linux/arm64"), in.list("platform"));
        assertEquals(List.of("CMD a,b", "ENV x=y"), in.list("change"));
    }

    @Test
    void flagsMayFollowArguments() throws Exception {
        Invocation in = parse("busybox", "-q", "x");
        assertTrue(in.bool("quiet"));
        assertEquals(List.of("busybox", "x"), in.args());
    }

    @Test
    void notInterspersedStopsAtFirstArgument() throws Exception {
        Invocation in = parse(false, "-q", "a", "-b", "--all");
        assertTrue(in.bool("quiet"));
        assertFalse(in.bool("all"));
        assertEquals(List.of("a", "-b", "--all"), in.args());
    }

    @Test
    void doubleDashEndsFlags() throws Exception {
        Invocation in = parse("-q", "--", "-a", "--x");
        assertFalse(in.bool("all"));
        assertEquals(List.of("-a", "--x"), in.args());
    }

    @Test
    void singleDashIsAnArgument() throws Exception {
        assertEquals(List.of("-"), parse("-").args());
    }

    @Test
    void helpInAnyForm() throws Exception {
        assertTrue(FlagParser.parse(FLAGS, List.of("--help"), true).help());
        assertTrue(FlagParser.parse(FLAGS, List.of("-h"), true).help());
        assertTrue(FlagParser.parse(FLAGS, List.of("-qh"), true).help());
    }

    @Test
    void pflagErrorMessages() {
        assertEquals("unknown flag: --bogus", error("--bogus"));
        assertEquals("unknown flag: --bogus", error("--bogus=1"));
        assertEquals("unknown shorthand flag: 'x' in -x", error("-x"));
        assertEquals("unknown shorthand flag: 'x' in -xq", error("-qxq"));
        assertEquals("flag needs an argument: --format", error("--format"));
        assertEquals("flag needs an argument: 'f' in -f", error("-f"));
        assertEquals("flag needs an argument: 'f' in -f", error("-qf"));
        assertEquals("bad flag syntax: ---x", error("---x"));
        assertEquals("invalid argument \"maybe\" for \"-a, --all\" flag: strconv.ParseBool: parsing \"maybe\": invalid syntax",
                error("--all=maybe"));
        assertEquals("invalid argument \"x\" for \"-n, --tail\" flag: strconv.ParseInt: parsing \"x\": invalid syntax",
                error("-n", "x"));
        assertEquals("invalid argument \"foo\" for \"-f, --filter\" flag: bad format of filter (expected name=value)",
                error("-f", "foo"));
        assertEquals("unknown flag: --q", error("--q"));
    }

    @Test
    void arityMessagesAreDockers() {
        assertEquals("'berth tag' requires 2 arguments", Berth.checkArity(new Flags().args(2), 1, "berth tag"));
        assertNull(Berth.checkArity(new Flags().args(2), 2, "berth tag"));
        assertEquals("'berth save' requires at least 1 argument", Berth.checkArity(new Flags().args(1, -1), 0, "berth save"));
        assertNull(Berth.checkArity(new Flags().args(1, -1), 7, "berth save"));
        assertEquals("'berth images' requires at most 1 argument", Berth.checkArity(new Flags().args(0, 1), 2, "berth images"));
        assertEquals("'berth import' requires at least 1 and at most 2 arguments",
                Berth.checkArity(new Flags().args(1, 2), 3, "berth import"));
        assertEquals("'berth system df' accepts no arguments", Berth.checkArity(new Flags(), 1, "berth system df"));
        assertNull(Berth.checkArity(new Flags(), 0, "berth system df"));
    }
}
