package dev.berth.dockerfile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class DockerIgnoreTest {

    /** One pattern against one path (moby/patternmatcher's matching table). */
    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource(delimiter = '|', textBlock = """
            **              | file                 | true
            **/             | file                 | true
            **              | dir/file             | true
            **/**           | dir/file             | true
            dir/**          | dir/file             | true
            dir/**          | dir/dir2/file        | true
            **/dir          | dir                  | true
            **/dir          | dir/file             | true
            **/dir2/*       | dir/dir2/file        | true
            **/dir2/**      | dir/dir2/dir3/file   | true
            **file          | file                 | true
            **file          | dir/file             | true
            **/file         | dir/dir/file         | true
            **/file*        | dir/dir/file.txt     | true
            **/file*txt     | dir/dir/file.txt     | true
            **/**/*.txt     | dir/dir/file.txt     | true
            **/**/*.txt2    | dir/dir/file.txt     | false
            **/*.txt        | file.txt             | true
            a**/*.txt       | a/file.txt           | true
            a**/*.txt       | a/dir/dir/file.txt   | true
            a/*.txt         | a/dir/file.txt       | false
            a/*.txt         | a/file.txt           | true
            a/*.txt**       | a/file.txt           | true
            a[b-d]e         | ae                   | false
            a[b-d]e         | ace                  | true
            a[^b-d]e        | aze                  | true
            .*              | .foo                 | true
            .*              | foo                  | false
            abc.def         | abcdef               | false
            abc.def         | abc.def              | true
            abc?def         | abcZdef              | true
            abc?def         | abcdef               | false
            **/foo/bar      | foo/bar              | true
            **/foo/bar      | dir/dir2/foo/bar     | true
            abc/**          | abc                  | false
            abc/**          | abc/def/ghi          | true
            **/.foo         | .foo                 | true
            **/.foo         | bar.foo              | false
            a(b)c/def       | a(b)c/def            | true
            a.)$(}+{bc      | a.)$(}+{bc           | true
            a*/b            | abc/b                | true
            a*/b            | a/c/b                | false
            a?b             | a☺b                  | true
            a*b             | a/b                  | false
            [\\]a]          | ]                    | true
            [\\-]           | -                    | true
            a\\*b           | a*b                  | true
            a\\*b           | ab                   | false
            [[]x            | [x                   | true
            *.go            | fileutils.go         | true
            /abs/x          | abs/x                | true
            ./rel/x         | rel/x                | true
            a/../b          | b                    | true
            docs            | docs/README.md       | true
            docs/           | docs/README.md       | true
            docs/*          | docs/sub/README.md   | true
            """)
    void matches(String pattern, String path, boolean expected) {
        assertEquals(expected, DockerIgnore.parse(pattern).excludes(path));
    }

    /** Several patterns: exceptions and the last match wins. */
    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource(delimiter = '|', textBlock = """
            !fileutils.go,*.go                     | fileutils.go                 | true
            *.go,!fileutils.go                     | fileutils.go                 | false
            docs,!docs/README.md                   | docs/README.md               | false
            docs,!docs/README.md                   | docs/other.md                | true
            docs/*,!docs/README.md                 | docs/README.md               | false
            **,!util/docker/web                    | util/docker/web/foo          | false
            **,!util/docker/web,util/docker/web/foo| util/docker/web/foo          | true
            **,!dist/*.whl                         | dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl | false
            *,!keep                                | keep                         | false
            *,!keep                                | other                        | true
            *.md,!README*.md,README-secret.md      | README-secret.md             | true
            *.md,!README*.md,README-secret.md      | README-public.md             | false
            *.go                                   | .                            | false
            *                                      | ./x/../y                     | true
            """)
    void lastMatchWins(String patterns, String path, boolean expected) {
        assertEquals(expected, DockerIgnore.parse(patterns.replace(',', '\n')).excludes(path));
    }

    @Test
    void fileSyntax() {
        DockerIgnore di = DockerIgnore.parse("\uFEFF# comment\n\n  docs  \r\n!  docs/README.md \n   # not a comment\n/tmp//x/\n");
        assertEquals(List.of(new DockerIgnore.Pattern("docs", false), new DockerIgnore.Pattern("docs/README.md", true),
                new DockerIgnore.Pattern("# not a comment", false), new DockerIgnore.Pattern("tmp/x", false)), di.patterns());
    }

    @Test
    void badPatterns() {
        assertEquals("illegal exclusion pattern: \"!\"", assertThrows(DockerfileException.class, () -> DockerIgnore.parse("!\n")).getMessage());
        for (String bad : List.of("[", "a[", "[]", "[-a]", "a\\", "[a-]")) {
            assertThrows(DockerfileException.class, () -> DockerIgnore.parse(bad), bad);
        }
    }

    @Test
    void keepingTheBuildFiles() {
        DockerIgnore di = DockerIgnore.parse("*\n");
        DockerIgnore kept = di.keeping("Dockerfile", ".dockerignore", "./sub/Dockerfile");
        assertFalse(kept.excludes("Dockerfile"));
        assertFalse(kept.excludes(".dockerignore"));
        assertFalse(kept.excludes("sub/Dockerfile"));
        assertTrue(kept.excludes("src"));
        assertSame(DockerIgnore.empty().keeping("Dockerfile").patterns(), DockerIgnore.empty().patterns());
    }

    @Test
    void reincludeBelow() {
        DockerIgnore di = DockerIgnore.parse("node_modules\nbuild\n!build/keep/me.txt\n!**/x\n");
        assertTrue(di.mayReincludeBelow("build"));
        assertTrue(di.mayReincludeBelow("build/keep"));
        assertFalse(di.mayReincludeBelow("node_modules"));
        assertFalse(di.mayReincludeBelow("buil"));
    }

    @Test
    void walkSkipsExcludedDirsAndKeepsExceptions(@TempDir Path ctx) throws IOException {
        for (String f : List.of("Dockerfile", "app/main.py", "app/test_main.py", "node_modules/a/index.js",
                "build/out.o", "build/keep/me.txt", "build/keep/not.txt", ".git/HEAD", "docs/a.md", "docs/README.md")) {
            Path p = ctx.resolve(f);
            Files.createDirectories(p.getParent());
            Files.writeString(p, f);
        }
        Files.createSymbolicLink(ctx.resolve("link"), Path.of("/etc"));
        DockerIgnore di = DockerIgnore.parse("""
                .git
                node_modules
                **/test_*.py
                build
                !build/keep/me.txt
                docs/*.md
                !docs/README.md
                """);
        assertEquals(List.of("Dockerfile", "app", "app/main.py", "build/keep/me.txt", "docs", "docs/README.md", "link"),
                di.includedPaths(ctx));
        assertEquals(List.of(".git", ".git/HEAD", "Dockerfile", "app", "app/main.py", "app/test_main.py", "build",
                "build/keep", "build/keep/me.txt", "build/keep/not.txt", "build/out.o", "docs", "docs/README.md", "docs/a.md",
                "link", "node_modules", "node_modules/a", "node_modules/a/index.js"), DockerIgnore.empty().includedPaths(ctx));
    }

    @Test
    void dockerfileSpecificIgnoreFileWins(@TempDir Path ctx) throws IOException {
        assertEquals(List.of(), DockerIgnore.read(ctx, Path.of("Dockerfile")).patterns());
        Files.writeString(ctx.resolve(".dockerignore"), "a\n");
        assertEquals("[a]", DockerIgnore.read(ctx, Path.of("Dockerfile")).toString());
        assertEquals("[a]", DockerIgnore.read(ctx, null).toString());
        Files.createDirectories(ctx.resolve("build"));
        Files.writeString(ctx.resolve("build/app.Dockerfile.dockerignore"), "b\n!c\n");
        assertEquals("[b, !c]", DockerIgnore.read(ctx, Path.of("build/app.Dockerfile")).toString());
        assertEquals("[b, !c]", DockerIgnore.read(ctx, ctx.resolve("build/app.Dockerfile")).toString());
        assertEquals("[a]", DockerIgnore.read(ctx, Path.of("build/other.Dockerfile")).toString());
    }

    @Test
    void cleanIsGoPathClean() {
        assertEquals("a/b", DockerIgnore.clean("./a//b/"));
        assertEquals("/a", DockerIgnore.clean("/../a"));
        assertEquals("../a", DockerIgnore.clean("../a"));
        assertEquals(".", DockerIgnore.clean("a/.."));
        assertEquals("/", DockerIgnore.clean("/"));
    }

    /** The files docker CLI 28 sent to dockerd 20.10 (and dockerd kept) for this context and ignore file. */
    @Test
    void sameFilesAsDocker(@TempDir Path ctx) throws IOException {
        for (String f : List.of("app/main.py", "app/test_main.py", "node_modules/a/index.js", "build/out.o",
                "build/keep/me.txt", "build/keep/not.txt", ".git/HEAD", "docs/a.md", "docs/README.md", "deep/x/y/z.txt",
                "deep/x/keep.txt", "a.go", "b/c.go", "sp ace/f", "README-secret.md", "README-public.md", "x.md", "Dockerfile")) {
            Path p = ctx.resolve(f);
            Files.createDirectories(p.getParent());
            Files.writeString(p, f);
        }
        Files.writeString(ctx.resolve(".dockerignore"), """
                # comment
                .git
                node_modules
                **/test_*.py
                build
                !build/keep/me.txt
                docs/*.md
                !docs/README.md
                deep
                !deep/x/keep.txt
                *.go
                !b/*.go
                  sp ace \s
                *.md
                !README*.md
                README-secret.md
                Dockerfile
                """);
        List<String> files = new java.util.ArrayList<>();
        DockerIgnore.read(ctx, Path.of("Dockerfile")).walk(ctx, (rel, f, attrs) -> {
            if (!attrs.isDirectory()) files.add(rel);
        });
        assertEquals(List.of(".dockerignore", "README-public.md", "app/main.py", "b/c.go", "build/keep/me.txt",
                "deep/x/keep.txt", "docs/README.md"), files);
    }
}
