package dev.berth.cli.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What the Go-oracle cases cannot show (they use plain maps with Go 1.19): structs, typed nils,
 * header functions, and newer Go features docker 28 has (range over an integer, else-with).
 */
class TemplateTest {

    private static String run(String template, Object data) throws TemplateException {
        return Template.parse("", template, Funcs.docker()).execute(data);
    }

    private static StructObject row() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Name", "web");
        m.put("Size", 12L);
        m.put("Labels", new Values.StringMap(Map.of("a", "1")));
        return new StructObject("*formatter.thing", m, Set.of(), true);
    }

    @Test
    void structFields() throws TemplateException {
        assertEquals("web 12 map[a:1]", run("{{.Name}} {{.Size}} {{.Labels}}", row()));
        assertEquals("{web 12 map[a:1]}", run("{{.}}", row()));
    }

    @Test
    void missingStructFieldNamesTheType() {
        TemplateException e = assertThrows(TemplateException.class, () -> run("{{.Nope}}", row()));
        assertEquals("template: :1:2: executing \"\" at <.Nope>: can't evaluate field Nope in type *formatter.thing", e.getMessage());
        TemplateException f = assertThrows(TemplateException.class, () -> run("{{.Name.X}}", row()));
        assertEquals("template: :1:7: executing \"\" at <.Name.X>: can't evaluate field X in type string", f.getMessage());
        TemplateException g = assertThrows(TemplateException.class, () -> run("{{.Name 1}}", row()));
        assertEquals("template: :1:2: executing \"\" at <.Name>: wrong number of args for Name: want 0 got 1", g.getMessage());
    }

    @Test
    void formatterContextsEscapeHtmlInJson() throws TemplateException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Tag", "<none>");
        assertEquals("{\"Tag\":\"\\u003cnone\\u003e\"}", run("{{json .}}", new StructObject("ctx", m, Set.of(), true)));
        assertEquals("\"<none>\"", run("{{json .Tag}}", new StructObject("ctx", m, Set.of(), true)));
        assertEquals("{\"Tag\":\"<none>\"}", run("{{json .}}", new StructObject("s", m)));
    }

    @Test
    void typedNilsPrintLikeGo() throws TemplateException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Env", Values.NIL_LIST);
        m.put("Labels", Values.NIL_STRING_MAP);
        m.put("Health", new Values.NilPointer("*container.Health"));
        StructObject s = new StructObject("c", m);
        assertEquals("[] map[] <nil>", run("{{.Env}} {{.Labels}} {{.Health}}", s));
        assertEquals("null null null", run("{{json .Env}} {{json .Labels}} {{json .Health}}", s));
        assertEquals("[]", run("{{index .Labels \"missing\"}}", s).isEmpty() ? "[]" : "x");
        assertEquals("true true", run("{{eq .Labels nil}} {{eq .Health nil}}", s));
        assertEquals("no", run("{{if .Env}}yes{{else}}no{{end}}", s));
        TemplateException e = assertThrows(TemplateException.class, () -> run("{{.Health.Status}}", s));
        assertEquals("template: :1:9: executing \"\" at <.Health.Status>: nil pointer evaluating *container.Health.Status",
                e.getMessage());
    }

    @Test
    void stringMapsIndexMissingKeysAsEmpty() throws TemplateException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Labels", new Values.StringMap(Map.of("k", "v")));
        m.put("Any", Map.of("k", "v"));
        assertEquals("v||<no value>", run("{{index .Labels \"k\"}}|{{index .Labels \"x\"}}|{{index .Any \"x\"}}", m));
    }

    @Test
    void omitEmptyFieldsAreLeftOutOfJsonOnly() throws TemplateException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "");
        m.put("Type", "image");
        StructObject s = new StructObject("m", m, Set.of("status"), false).withAlias("Status", "status");
        assertEquals("{\"Type\":\"image\"}", run("{{json .}}", s));
        assertEquals("[]", "[" + run("{{.Status}}", s) + "]");
        assertThrows(TemplateException.class, () -> run("{{.status}}", s));
    }

    @Test
    void headerFunctionsLeaveHeadersAlone() throws TemplateException {
        Template t = Template.parse("", "{{.Name | upper}}\t{{json .Size}}\t{{join .Labels \",\"}}\t{{.Other}}", Funcs.docker());
        Map<String, String> header = Map.of("Name", "NAME", "Size", "SIZE", "Labels", "LABELS");
        assertEquals("NAME\tSIZE\tLABELS\t<no value>", t.withFuncs(Funcs.dockerHeader()).execute(header));
    }

    @Test
    void rangeOverAnInteger() throws TemplateException {
        assertEquals("012", run("{{range 3}}{{.}}{{end}}", null));
        assertEquals("none", run("{{range 0}}x{{else}}none{{end}}", null));
    }

    @Test
    void elseWith() throws TemplateException {
        Map<String, Object> m = Map.of("B", "b");
        assertEquals("b", run("{{with .A}}a{{else with .B}}{{.}}{{else}}c{{end}}", m));
        assertEquals("c", run("{{with .A}}a{{else with .C}}{{.}}{{else}}c{{end}}", m));
    }

    @Test
    void partialOutputStaysOnError() {
        StringBuilder sb = new StringBuilder();
        assertThrows(TemplateException.class, () -> Template.parse("", "ok {{.A.B}}", Funcs.docker()).execute(sb, Map.of("A", 1L)));
        assertEquals("ok ", sb.toString());
    }

    @Test
    void customFunctions() throws TemplateException {
        Funcs f = Funcs.docker().with(Funcs.func("twice", a -> a.get(0) + "" + a.get(0), Funcs.ArgType.STRING));
        assertEquals("abab", Template.parse("v", "{{twice .}}", f).execute("ab"));
        TemplateException e = assertThrows(TemplateException.class, () -> Template.parse("v", "{{twice .}}", Funcs.docker()));
        assertEquals("template: v:1: function \"twice\" not defined", e.getMessage());
    }

    @Test
    void functionErrorsNameTheFunction() {
        Funcs f = Funcs.docker().with(Funcs.func("boom", a -> {
            throw new Funcs.FuncError("bad input");
        }, Funcs.ArgType.ANY));
        TemplateException e = assertThrows(TemplateException.class, () -> Template.parse("", "{{boom 1}}", f).execute(null));
        assertEquals("template: :1:2: executing \"\" at <boom 1>: error calling boom: bad input", e.getMessage());
    }

    @Test
    void listsOfStructsAndNestedRanges() throws TemplateException {
        List<Object> rows = List.of(row(), row());
        assertEquals("web,web,", run("{{range .}}{{.Name}},{{end}}", rows));
        assertEquals("[{web 12 map[a:1]} {web 12 map[a:1]}]", run("{{.}}", rows));
    }
}
