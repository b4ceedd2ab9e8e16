package dev.berth.cli.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JsonIndentTest {
    @Test
    void indentsLikeGo() {
        String src = "[{\"Id\":\"x\",\"Tags\":[\"a\",\"b\"],\"Empty\":[],\"Obj\":{},\"S\":\"a, b: {c}\",\"N\":null}]";
        assertEquals("""
                [
                    {
                        "Id": "x",
                        "Tags": [
                            "a",
                            "b"
                        ],
                        "Empty": [],
                        "Obj": {},
                        "S": "a, b: {c}",
                        "N": null
                    }
                ]""", JsonIndent.indent(src, "", "    "));
    }

    @Test
    void keepsStringEscapesAsSent() {
        assertEquals("{\n  \"a\": \"\\u003cb\\\"\"\n}", JsonIndent.indent("{\"a\" : \"\\u003cb\\\"\"}\n", "", "  "));
    }

    @Test
    void compacts() {
        assertEquals("[{\"a\":\"x y\",\"b\":[1,2]}]", JsonIndent.compact("[ {\"a\": \"x y\",\n \"b\": [1, 2]}\n]"));
    }
}
