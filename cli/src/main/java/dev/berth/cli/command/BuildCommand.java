package dev.berth.cli.command;

import dev.berth.api.ApiJson;
import dev.berth.archive.LayerWriter;
import dev.berth.cli.BerthCommand;
import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.cli.Flag;
import dev.berth.cli.Flags;
import dev.berth.cli.Invocation;
import dev.berth.cli.render.JsonMessagePrinter;
import dev.berth.client.JsonMessageStream;
import dev.berth.client.JsonStreamException;
import dev.berth.dockerfile.DockerIgnore;
import dev.berth.dockerfile.DockerfileException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code berth build [OPTIONS] PATH|-}: sends the context (filtered by {@code .dockerignore}, the Dockerfile and
 * {@code .dockerignore} always kept) as a tar to {@code POST /build} and prints the classic builder's output as the
 * docker CLI does; a failed RUN makes berth exit with its code.
 */
public final class BuildCommand implements BerthCommand {
    static final Flags FLAGS = new Flags()
            .value(null, "build-arg", Flag.Type.LIST, "Set build-time variables")
            .value("f", "file", Flag.Type.STRING, "Name of the Dockerfile (Default is \"PATH/Dockerfile\")")
            .bool(null, "force-rm", "Always remove intermediate containers")
            .value(null, "iidfile", Flag.Type.STRING, "Write the image ID to the file")
            .value(null, "label", Flag.Type.LIST, "Set metadata for an image")
            .value(null, "network", Flag.Type.STRING, "Set the networking mode for the RUN instructions during build")
            .bool(null, "no-cache", "Do not use cache when building the image")
            .value(null, "no-cache-filter", Flag.Type.LIST, "Do not cache specified stages")
            .value(null, "platform", Flag.Type.STRING, "Set platform if server is multi-platform capable")
            .value(null, "progress", Flag.Type.STRING, "Set type of progress output (auto, plain, tty)")
            .bool(null, "pull", "Always attempt to pull a newer version of the image")
            .bool("q", "quiet", "Suppress the build output and print image ID on success")
            .bool(null, "rm", "Remove intermediate containers after a successful build")
            .value(null, "secret", Flag.Type.LIST, "Secret to expose to the build (format: \"id=mysecret[,src=/local/secret]\")")
            .value("t", "tag", Flag.Type.LIST, "Name and optionally a tag in the \"name:tag\" format")
            .value(null, "target", Flag.Type.STRING, "Set the target build stage to build.")
            .args(1, 1);

    @Override
    public Flags flags() {
        return FLAGS;
    }

    @Override
    public int run(CliContext ctx, Invocation in) throws IOException {
        String path = in.args().getFirst();
        Map<String, List<String>> q = new LinkedHashMap<>();
        for (String t : in.list("tag")) q.computeIfAbsent("t", k -> new java.util.ArrayList<>()).add(t);
        String progress = in.string("progress");
        if (progress != null && !List.of("auto", "plain", "tty", "quiet").contains(progress)) {
            throw new CliException("invalid argument \"" + progress + "\" for \"--progress\" flag: expected auto, plain, tty or quiet");
        }
        boolean quiet = in.bool("quiet") || "quiet".equals(progress);
        if (quiet) q.put("q", List.of("1"));
        if (in.bool("no-cache")) q.put("nocache", List.of("1"));
        if (in.bool("force-rm")) q.put("forcerm", List.of("1"));
        if (in.bool("pull")) q.put("pull", List.of("1"));
        for (String f : in.list("no-cache-filter")) {
            for (String stage : f.split(",")) if (!stage.isBlank()) q.computeIfAbsent("nocachefilter", k -> new java.util.ArrayList<>()).add(stage.strip());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        String registryConfig = dev.berth.cli.auth.RegistryAuth.registryConfig(ctx);
        if (registryConfig != null) headers.put("X-Registry-Config", registryConfig);
        if (!in.list("secret").isEmpty()) headers.put("X-Berth-Build-Secrets", secrets(ctx, in.list("secret")));
        put(q, "target", in.string("target"));
        put(q, "networkmode", in.string("network"));
        q.put("buildargs", List.of(json(keyValues(in.list("build-arg"), ctx::env))));
        q.put("labels", List.of(json(keyValues(in.list("label"), name -> ""))));

        InputStream context;
        Thread writer = null;
        AtomicReference<IOException> failed = new AtomicReference<>();
        String file = in.string("file");
        boolean dockerfileFromStdin = "-".equals(file);
        if (path.equals("-")) {
            if (dockerfileFromStdin) throw new CliException("invalid argument: can't use stdin for both build context and dockerfile");
            context = ctx.in();
            put(q, "dockerfile", file);
        } else {
            Path dir = Path.of(path).toAbsolutePath().normalize();
            if (!Files.isDirectory(dir)) throw new CliException("unable to prepare context: path \"" + path + "\" not found");
            Path dockerfile = dockerfileFromStdin ? null
                    : file == null || file.isEmpty() ? dir.resolve("Dockerfile") : Path.of(file).toAbsolutePath().normalize();
            if (dockerfile != null && !Files.isRegularFile(dockerfile)) {
                throw new CliException("unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat "
                        + dockerfile + ": no such file or directory");
            }
            DockerIgnore ignore;
            try {
                ignore = DockerIgnore.read(dir, dockerfile);
            } catch (DockerfileException e) {
                throw new CliException("error checking context: " + e.getMessage());
            }
            Map<String, byte[]> extra = new LinkedHashMap<>();
            String rel;
            if (dockerfile != null && dockerfile.startsWith(dir)) {
                rel = dir.relativize(dockerfile).toString();
            } else {
                // as the docker CLI's AddDockerfileToBuildContext: the Dockerfile (from stdin or outside the context)
                // goes in under a random name that .dockerignore lists, so the daemon leaves it out of the context
                byte[] text = dockerfile == null ? ctx.in().readAllBytes() : Files.readAllBytes(dockerfile);
                rel = ".dockerfile." + java.util.HexFormat.of().formatHex(randomBytes(10));
                Path ignoreFile = dir.resolve(DockerIgnore.FILE_NAME);
                String ignored = Files.isRegularFile(ignoreFile) ? Files.readString(ignoreFile) : DockerIgnore.FILE_NAME;
                extra.put(rel, text);
                extra.put(DockerIgnore.FILE_NAME, (ignored + "\n" + rel + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            q.put("dockerfile", List.of(rel));
            DockerIgnore kept = ignore.keeping(rel, DockerIgnore.FILE_NAME);
            PipedInputStream pipe = new PipedInputStream(256 * 1024);
            PipedOutputStream sink = new PipedOutputStream(pipe);
            writer = Thread.ofVirtual().start(() -> {
                try (sink) {
                    LayerWriter.forDirectory()
                            .skipping((name, p) -> kept.excludes(name) && !kept.mayReincludeBelow(name))
                            .write(dir, extra, sink);
                } catch (IOException e) {
                    failed.set(e);
                }
            });
            context = pipe;
        }
        if (!quiet) context = new SendingProgress(context, ctx.out());
        String[] id = {null};
        try (JsonMessageStream messages = ctx.client().build(context, q, headers)) {
            new JsonMessagePrinter(ctx.out(), ctx.streams().outIsTerminal(), 200).display(messages, jm -> {
                Object v = jm.aux().get("ID");
                if (v != null) id[0] = v.toString();
            });
        } catch (JsonStreamException e) {
            throw new CliException(e.getMessage(), e.code() == 0 ? 1 : e.code());
        }
        if (writer != null) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failed.get() != null) throw new CliException("error sending the build context: " + failed.get().getMessage());
        }
        String iidfile = in.string("iidfile");
        if (id[0] != null && iidfile != null && !iidfile.isEmpty()) Files.writeString(Path.of(iidfile), id[0]);
        return 0;
    }

    /**
     * The docker CLI's progress reader on the context with its {@code lastProgressOutput}: once the context is read
     * to its end, {@code Sending build context to Docker daemon  2.048kB} (the size as {@code %8v}, then the raw
     * progress formatter's {@code \r} and a {@code \r\n} status line).
     */
    private static final class SendingProgress extends java.io.FilterInputStream {
        private final java.io.PrintStream out;
        private long sent;
        private boolean done;

        SendingProgress(InputStream in, java.io.PrintStream out) {
            super(in);
            this.out = out;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) sent += n;
            if (n < 0 && !done) {
                done = true;
                String size = sent > 0 ? String.format("%8s", dev.berth.cli.format.Units.humanSize(sent)) : "";
                out.print("Sending build context to Docker daemon " + size + (size.isEmpty() ? "\r\n" : "\r") + "\r\n");
                out.flush();
            }
            return n;
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        java.util.concurrent.ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    private static void put(Map<String, List<String>> q, String key, String value) {
        if (value != null && !value.isEmpty()) q.put(key, List.of(value));
    }

    /** {@code k=v} pairs; a pair without {@code =} takes its value from {@code bare} (a build arg: the environment, null when unset). */
    private static Map<String, String> keyValues(List<String> pairs, java.util.function.Function<String, String> bare) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String p : pairs) {
            int eq = p.indexOf('=');
            if (eq >= 0) out.put(p.substring(0, eq), p.substring(eq + 1));
            else out.put(p, bare.apply(p));
        }
        return out;
    }

    /**
     * {@code --secret}s as buildx takes them, {@code id=ID[,src=FILE|,env=VAR]} (and {@code type=file|env}); with neither
     * source, the variable named by the id if it is set, else the file: base64 of a JSON object, id → base64 value.
     */
    static String secrets(CliContext ctx, List<String> specs) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String spec : specs) {
            Map<String, String> kv = new LinkedHashMap<>();
            for (String field : spec.split(",")) {
                int eq = field.indexOf('=');
                if (eq < 0) throw new CliException("invalid argument \"" + spec + "\" for \"--secret\" flag: field '" + field + "' must be a key=value pair");
                kv.put(field.substring(0, eq).strip().toLowerCase(java.util.Locale.ROOT), field.substring(eq + 1).strip());
            }
            String id = kv.get("id");
            String src = kv.getOrDefault("src", kv.get("source"));
            String env = kv.get("env");
            String type = kv.get("type");
            if (id == null || id.isEmpty()) id = src != null ? Path.of(src).getFileName().toString() : env;
            if (id == null || id.isEmpty()) throw new CliException("invalid argument \"" + spec + "\" for \"--secret\" flag: secret ID missing");
            if ("env".equals(type) && env == null) env = src != null ? src : id;
            byte[] value;
            if (env != null || (src == null && !"file".equals(type) && ctx.env(id) != null)) {
                String v = ctx.env(env != null ? env : id);
                if (v == null) throw new CliException("secret " + id + ": environment variable " + (env != null ? env : id) + " is not set");
                value = v.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            } else {
                Path file = Path.of(src != null ? src : id);
                try {
                    value = Files.readAllBytes(file);
                } catch (IOException e) {
                    throw new CliException("failed to read secret " + id + " from " + file + ": " + e.getMessage());
                }
            }
            out.put(id, java.util.Base64.getEncoder().encodeToString(value));
        }
        return java.util.Base64.getEncoder().encodeToString(json(out).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String json(Map<String, String> m) {
        try {
            return ApiJson.mapper().writeValueAsString(m);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
