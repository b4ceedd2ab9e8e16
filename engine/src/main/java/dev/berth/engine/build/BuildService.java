package dev.berth.engine.build;

import dev.berth.common.AtomicFiles;
import dev.berth.common.EngineException;
import dev.berth.common.Ids;
import dev.berth.common.linux.Libc;
import dev.berth.dockerfile.DockerIgnore;
import dev.berth.dockerfile.Dockerfile;
import dev.berth.dockerfile.DockerfileException;
import dev.berth.dockerfile.GoQuote;
import dev.berth.dockerfile.Instruction;
import dev.berth.dockerfile.RunMount;
import dev.berth.dockerfile.ShellLex;
import dev.berth.dockerfile.Stage;
import dev.berth.dockerfile.StageScope;
import dev.berth.engine.container.AttachOptions;
import dev.berth.engine.container.Attachment;
import dev.berth.engine.container.ContainerService;
import dev.berth.engine.container.ContainerSpec;
import dev.berth.engine.container.HostSpec;
import dev.berth.engine.container.WaitCondition;
import dev.berth.engine.container.WaitResult;
import dev.berth.engine.image.ImageService;
import dev.berth.image.CommitSpec;
import dev.berth.image.Image;
import dev.berth.image.ImportOptions;
import dev.berth.oci.ContainerConfig;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageRef;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.Executors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Docker's classic builder ({@code POST /build}, {@code docker build} with {@code DOCKER_BUILDKIT=0}): the
 * context is received and indexed ({@link BuildContext}; unpacked, hostile-input-safe, only when a step needs its
 * files), the Dockerfile parsed (module {@code dockerfile}), and the stages the target needs are built, independent
 * ones at once ({@link StageOutputs} keeps their output in file order). Each instruction makes one image over the previous one:
 * metadata instructions an image with an empty layer, RUN the changes of a container that ran the command,
 * COPY/ADD and WORKDIR the changes of a container (never started) whose root filesystem they wrote.
 *
 * <p>Cache: a step's key is its parent image, its text after substitution (with the build args a RUN sees) and,
 * for COPY/ADD, a checksum of the sources' names, contents, modes and link targets ({@link BuildCache}). A hit reuses
 * the image of an earlier build, across builds and daemon restarts.
 */
public final class BuildService {
    /** Docker's PATH for a stage whose base image sets none. */
    static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final List<String> DEFAULT_SHELL = List.of("/bin/sh", "-c");
    private static final System.Logger LOG = System.getLogger("dev.berth.engine.build");

    private final ImageService images;
    private final ContainerService containers;
    private final Path root;
    private final BuildCache cache;
    private final Clock clock;

    /** @param root the builder's directory ({@code <data-root>/builder}): its cache and scratch contexts */
    public BuildService(ImageService images, ContainerService containers, Path root, Clock clock) {
        this.images = images;
        this.containers = containers;
        this.root = root.toAbsolutePath().normalize();
        this.cache = new BuildCache(this.root.resolve("cache"));
        this.clock = clock;
        AtomicFiles.deleteTree(this.root.resolve("contexts")); // what builds cut short left
    }

    /** {@code POST /build/prune}: forgets every cached step; returns how many. */
    public int prune() {
        return cache.clear();
    }

    /**
     * Builds {@code contextTar} (a tar, maybe gzip-compressed) as {@code request} says.
     *
     * @return the image built (tagged as asked)
     * @throws EngineException.InvalidArgument a bad Dockerfile (naming the line), context or request
     * @throws BuildStepException a RUN that failed
     */
    public Image build(InputStream contextTar, BuildRequest request, BuildOutput out) {
        Path dir = root.resolve("contexts").resolve(Ids.newId());
        try (BuildContext context = BuildContext.receive(contextTar, dir)) {
            return new Run(request, context, out).build();
        } catch (IOException e) {
            throw new EngineException.Unavailable("cannot read the build context: " + e.getMessage(), e);
        } finally {
            AtomicFiles.deleteTree(dir);
        }
    }

    /**
     * What dockerd's {@code removeDockerfile} does once the Dockerfile is read: {@code .dockerignore} and the
     * Dockerfile leave the context when {@code .dockerignore} excludes them (the docker CLI sends both even then,
     * and names a Dockerfile from outside the context {@code .dockerfile.<random>} with that name added to
     * {@code .dockerignore}), so {@code COPY .} does not take them.
     */
    static void removeIgnored(Path context, String dockerfile) throws IOException {
        Path file = ContainerService.resolveInRoot(context, DockerIgnore.FILE_NAME);
        if (!Files.isRegularFile(file)) return;
        for (String name : ignored(Files.readAllBytes(file), dockerfile)) deleteIn(context, name);
    }

    /** Which of {@code .dockerignore} and the Dockerfile a {@code .dockerignore} with {@code text} excludes. */
    static List<String> ignored(byte[] text, String dockerfile) {
        DockerIgnore ignore;
        try {
            ignore = DockerIgnore.parse(StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(text)).toString());
        } catch (DockerfileException e) {
            throw e.toEngineException();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new EngineException.InvalidArgument(".dockerignore is not UTF-8 text");
        }
        List<String> out = new ArrayList<>();
        for (String name : List.of(DockerIgnore.FILE_NAME, dockerfile)) {
            Path p = Path.of(name).normalize();
            if (ignore.excludes(name) && p.getFileName() != null && !p.startsWith("..")) out.add(p.toString());
        }
        return out;
    }

    /** Deletes {@code name} (a clean relative path) under {@code root}: its parent resolved inside the root, the name itself not followed. */
    static void deleteIn(Path root, String name) {
        Path p = Path.of(name);
        Path parent = p.getParent() == null ? root : ContainerService.resolveInRoot(root, p.getParent().toString());
        AtomicFiles.deleteTree(parent.resolve(p.getFileName().toString()));
    }

    /** The state of a stage while it builds. */
    private static final class StageState {
        final int order;         // its place among the stages built
        final BuildOutput out;   // this stage's output (see StageOutputs)
        final boolean noCache;   // --no-cache, or --no-cache-filter naming this stage
        int step;                // the number of the last step announced
        Digest image;            // null: FROM scratch with nothing built yet
        ContainerConfig config;
        StageScope scope;
        boolean cmdSet;          // a CMD in this stage (an ENTRYPOINT then keeps it)

        StageState(int order, BuildOutput out, boolean noCache, int firstStep) {
            this.order = order;
            this.out = out;
            this.noCache = noCache;
            this.step = firstStep - 1;
        }
    }

    /** One build. */
    private final class Run {
        final BuildRequest request;
        final BuildContext context;
        final BuildOutput out;
        final Map<Integer, CompletableFuture<Digest>> built = new ConcurrentHashMap<>();
        final Object pulls = new Object();
        final AtomicInteger failedAt = new AtomicInteger(Integer.MAX_VALUE); // the first failed stage, in build order
        int steps;

        Run(BuildRequest request, BuildContext context, BuildOutput out) {
            this.request = request;
            this.context = context;
            this.out = out;
        }

        Image build() throws IOException {
            Dockerfile df = parse();
            Optional<byte[]> ignoreFile = context.read(DockerIgnore.FILE_NAME);
            if (ignoreFile.isPresent()) ignored(ignoreFile.get(), request.dockerfile()).forEach(context::remove);
            df.warnings().forEach(w -> out.stream(w + "\n"));
            Stage target = request.target().isEmpty() ? df.stages().getLast() : df.stage(request.target())
                    .orElseThrow(() -> new EngineException.InvalidArgument("failed to reach build target " + request.target() + " in Dockerfile"));
            List<Stage> needed;
            try {
                needed = df.requiredStages(target, request.buildArgs());
            } catch (DockerfileException e) {
                throw e.toEngineException();
            }
            steps = needed.stream().mapToInt(s -> 1 + s.instructions().size()).sum();
            Map<String, String> global = df.globalScope(request.buildArgs());
            Digest last = buildStages(df, needed, target, global);
            Image image = images.inspect(last.toString());
            out.aux(image.id().toString());
            out.stream("Successfully built " + image.id().shortHex() + "\n");
            for (String t : request.tags()) {
                images.tag(image.id().toString(), t);
                out.stream("Successfully tagged " + ImageRef.parse(t).familiar() + "\n");
            }
            return images.inspect(image.id().toString());
        }

        /**
         * Builds the stages, each as soon as the stages it uses are built, independent ones at once; their output is
         * shown in file order ({@link StageOutputs}). The first stage to fail, in file order, fails the build; the
         * stages after it stop at their next step, the ones before it finish (as a sequential build would).
         */
        Digest buildStages(Dockerfile df, List<Stage> needed, Stage target, Map<String, String> global) {
            StageOutputs outputs = new StageOutputs(out, needed.size());
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                int firstStep = 1;
                for (int i = 0; i < needed.size(); i++) {
                    Stage s = needed.get(i);
                    List<CompletableFuture<Digest>> deps = df.dependencies(s, global).stream().map(built::get).filter(Objects::nonNull).toList();
                    StageState st = new StageState(i, outputs.of(i), request.noCache(s.name(), s.index()), firstStep);
                    firstStep += 1 + s.instructions().size();
                    int order = i;
                    built.put(s.index(), CompletableFuture.supplyAsync(() -> {
                        try {
                            deps.forEach(CompletableFuture::join);
                            return buildStage(df, s, st, global, s == target ? request.labels() : Map.of());
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        } catch (RuntimeException e) {
                            failedAt.accumulateAndGet(order, Math::min);
                            outputs.failed(order);
                            throw e;
                        } finally {
                            outputs.ended(order);
                        }
                    }, threads));
                }
            }
            for (Stage s : needed) {
                try {
                    built.get(s.index()).join();
                } catch (CompletionException e) {
                    Throwable cause = e.getCause();
                    while (cause instanceof CompletionException && cause.getCause() != null) cause = cause.getCause();
                    if (cause instanceof UncheckedIOException io) {
                        throw new EngineException.Unavailable("build: " + io.getCause().getMessage(), io.getCause());
                    }
                    if (cause instanceof RuntimeException r) throw r;
                    throw e;
                }
            }
            return built.get(target.index()).join();
        }

        Dockerfile parse() throws IOException {
            byte[] text = context.read(request.dockerfile())
                    .orElseThrow(() -> new EngineException.InvalidArgument("Cannot locate specified Dockerfile: " + request.dockerfile()));
            try {
                return Dockerfile.parse(StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(text)).toString(), request.dockerfile());
            } catch (DockerfileException e) {
                throw e.toEngineException();
            } catch (java.nio.charset.CharacterCodingException e) {
                throw new EngineException.InvalidArgument("the Dockerfile " + request.dockerfile() + " is not UTF-8 text");
            }
        }

        /** A FROM image: pulled when it is missing (or always with {@code --pull}), as the classic builder does. */
        private Image baseImage(StageState st, String base) {
            boolean id = base.startsWith("sha256:") || base.matches("[0-9a-f]{12,64}");
            if (id) return images.inspect(base);
            if (!request.pull()) {
                try {
                    return images.inspect(base);
                } catch (EngineException.NotFound missing) {
                    // pulled below
                }
            }
            synchronized (pulls) { // two stages on one missing image pull it once
                if (!request.pull()) {
                    try {
                        return images.inspect(base);
                    } catch (EngineException.NotFound missing) {
                        // pulled below
                    }
                }
                dev.berth.oci.ImageRef ref = dev.berth.oci.ImageRef.parse(base);
                images.pull(ref, null, request.credentials(ref.domain()), st.out::progress);
                return images.inspect(base);
            }
        }

        Digest buildStage(Dockerfile df, Stage stage, StageState st, Map<String, String> global, Map<String, String> labels) throws IOException {
            Instruction.From from = stage.from();
            ShellLex.Scope globalWords = new ShellLex(df.escapeToken()).scope(global);
            String base;
            try {
                base = from.expand(globalWords).image();
            } catch (DockerfileException e) {
                throw e.toEngineException();
            }
            announce(st, from);
            Optional<Stage> earlier = df.stage(base).filter(s -> s.index() < stage.index() && !base.chars().allMatch(Character::isDigit));
            if (earlier.isPresent()) {
                st.image = built.get(earlier.get().index()).join();
                st.config = images.inspect(st.image.toString()).config().config();
            } else if (base.equalsIgnoreCase("scratch")) {
                st.config = ContainerConfig.empty();
            } else {
                Image img = baseImage(st, base);
                st.image = img.id();
                st.config = img.config().config() == null ? ContainerConfig.empty() : img.config().config();
            }
            List<String> env = st.config.env() == null ? new ArrayList<>() : new ArrayList<>(st.config.env());
            if (env.stream().noneMatch(e -> e.startsWith("PATH="))) env.add(DEFAULT_PATH);
            st.config = st.config.withEnv(env);
            st.scope = new StageScope(df.escapeToken(), request.buildArgs(), global, env);
            if (st.image != null) st.out.stream(" ---> " + st.image.shortHex() + "\n");
            List<String> triggers = st.config.onBuild() == null ? List.of() : st.config.onBuild();
            if (!triggers.isEmpty()) {
                st.out.stream("# Executing " + triggers.size() + " build trigger" + (triggers.size() == 1 ? "" : "s") + "\n");
                st.config = st.config.withOnBuild(null);
                for (String t : triggers) {
                    Instruction trigger;
                    try {
                        trigger = Dockerfile.parse("FROM scratch\n" + t + "\n", "ONBUILD").stages().getFirst().instructions().getFirst();
                    } catch (DockerfileException e) {
                        throw e.toEngineException();
                    }
                    execute(df, st, trigger);
                }
            }
            for (Instruction in : stage.instructions()) {
                announce(st, in);
                execute(df, st, in);
            }
            if (!labels.isEmpty()) {
                Map<String, String> all = new LinkedHashMap<>(st.config.labels() == null ? Map.of() : st.config.labels());
                all.putAll(labels);
                st.config = st.config.withLabels(all);
                StringBuilder text = new StringBuilder("LABEL");
                new TreeMap<>(labels).forEach((k, v) -> text.append(' ').append(quoteLabel(k)).append('=').append(quoteLabel(v)));
                commitMetadata(st, text.toString());
            }
            if (st.image == null) throw new EngineException.InvalidArgument("No image was generated. Is your Dockerfile empty?");
            return st.image;
        }

        void announce(StageState st, Instruction in) {
            if (st.order > failedAt.get()) throw new CancellationException("an earlier stage failed");
            st.step++;
            st.out.stream("Step " + st.step + "/" + steps + " : " + in.source().original() + "\n");
        }

        void execute(Dockerfile df, StageState st, Instruction raw) throws IOException {
            Instruction in;
            try {
                in = raw.expand(st.scope.expander());
            } catch (DockerfileException e) {
                throw e.toEngineException();
            }
            st.scope.apply(in);
            ContainerConfig c = st.config;
            switch (in) {
                case Instruction.Run r -> run(df, st, r);
                case Instruction.Copy cp -> copy(df, st, cp, cp.from());
                case Instruction.Add add -> copy(df, st, add, null);
                case Instruction.Workdir w -> workdir(st, w);
                case Instruction.Env e -> {
                    st.config = c.withEnv(st.scope.env());
                    commitMetadata(st, "ENV " + pairs(e.pairs()));
                }
                case Instruction.Label l -> {
                    Map<String, String> labels = new LinkedHashMap<>(c.labels() == null ? Map.of() : c.labels());
                    l.pairs().forEach(p -> labels.put(p.key(), p.value()));
                    st.config = c.withLabels(labels);
                    StringBuilder text = new StringBuilder("LABEL");
                    l.pairs().forEach(p -> text.append(' ').append(p.key()).append('=').append(p.value()));
                    commitMetadata(st, text.toString());
                }
                case Instruction.Arg a -> {
                    StringBuilder text = new StringBuilder("ARG");
                    a.args().forEach(d -> text.append(' ').append(d.name()).append(d.defaultValue() == null ? "" : "=" + d.defaultValue()));
                    commitMetadata(st, text.toString());
                }
                case Instruction.Cmd cmd -> {
                    List<String> argv = command(st, cmd.command());
                    st.config = c.withCmd(argv);
                    st.cmdSet = true;
                    commitMetadata(st, "CMD " + GoQuote.quote(argv));
                }
                case Instruction.Entrypoint ep -> {
                    List<String> argv = command(st, ep.command());
                    st.config = c.withEntrypoint(argv).withCmd(st.cmdSet ? c.cmd() : null);
                    commitMetadata(st, "ENTRYPOINT " + GoQuote.quote(argv));
                }
                case Instruction.Expose e -> {
                    Map<String, Object> ports = new TreeMap<>(c.exposedPorts() == null ? Map.of() : c.exposedPorts());
                    for (String p : e.ports()) {
                        for (String port : p.split("\\s+")) {
                            if (!port.isEmpty()) exposed(port).forEach(k -> ports.put(k, Map.of()));
                        }
                    }
                    st.config = c.withExposedPorts(ports);
                    commitMetadata(st, "EXPOSE " + String.join(" ", e.ports()));
                }
                case Instruction.User u -> {
                    st.config = c.withUser(u.user());
                    commitMetadata(st, "USER " + u.user());
                }
                case Instruction.Volume v -> {
                    Map<String, Object> volumes = new TreeMap<>(c.volumes() == null ? Map.of() : c.volumes());
                    for (String p : v.paths()) {
                        if (p.isBlank()) throw new EngineException.InvalidArgument("VOLUME specified can not be an empty string");
                        volumes.put(p, Map.of());
                    }
                    st.config = c.withVolumes(volumes);
                    commitMetadata(st, "VOLUME " + "[" + String.join(" ", v.paths()) + "]");
                }
                case Instruction.StopSignal s -> {
                    st.config = c.withStopSignal(s.signal());
                    commitMetadata(st, "STOPSIGNAL " + s.signal());
                }
                case Instruction.Healthcheck h -> {
                    // dockerd merges the committed config with the parent's: what this one leaves zero, the old one gives
                    ContainerConfig.Healthcheck old = c.healthcheck();
                    st.config = c.withHealthcheck(new ContainerConfig.Healthcheck(h.test(),
                            orOld(nanos(h.interval()), old == null ? null : old.interval()),
                            orOld(nanos(h.timeout()), old == null ? null : old.timeout()),
                            orOld(nanos(h.startPeriod()), old == null ? null : old.startPeriod()), null,
                            orOld(h.retries() == 0 ? null : h.retries(), old == null ? null : old.retries())));
                    commitMetadata(st, "HEALTHCHECK " + healthText(h));
                }
                case Instruction.Shell s -> {
                    st.config = c.withShell(s.shell());
                    commitMetadata(st, "SHELL [" + String.join(" ", s.shell()) + "]");
                }
                case Instruction.Onbuild o -> {
                    List<String> triggers = new ArrayList<>(c.onBuild() == null ? List.of() : c.onBuild());
                    triggers.add(o.expression());
                    st.config = c.withOnBuild(triggers);
                    commitMetadata(st, "ONBUILD " + o.expression());
                }
                case Instruction.Maintainer m -> commitMetadata(st, "MAINTAINER " + m.maintainer());
                case Instruction.From f -> throw new EngineException.InvalidArgument("FROM inside a stage");
            }
        }

        /** A command line as the config holds it: the shell form under the stage's SHELL. */
        List<String> command(StageState st, Instruction.CommandLine cl) {
            if (!cl.prependShell()) return cl.args();
            List<String> argv = new ArrayList<>(shell(st));
            argv.add(cl.args().getFirst());
            return argv;
        }

        List<String> shell(StageState st) {
            return st.config.shell() == null || st.config.shell().isEmpty() ? DEFAULT_SHELL : st.config.shell();
        }

        // ---- metadata ------------------------------------------------------------------------------

        /** An image with the config changed and an empty layer: history {@code /bin/sh -c #(nop)  TEXT}. */
        void commitMetadata(StageState st, String text) {
            String createdBy = String.join(" ", shell(st)) + " #(nop)  " + text;
            Digest hit = lookup(st, createdBy);
            if (hit != null) return;
            ContainerConfig containerConfig = st.config.withCmd(withComment(st, "#(nop)  " + text));
            Image img = images.commit(new CommitSpec(Optional.ofNullable(st.image), outStream -> outStream.write(new byte[1024]),
                    st.config, containerConfig, "", "", "", createdBy, Optional.empty(), ImportOptions.DEFAULT_ENGINE_VERSION,
                    clock.instant()));
            done(st, createdBy, img.id());
        }

        List<String> withComment(StageState st, String comment) {
            List<String> argv = new ArrayList<>(shell(st));
            argv.add(comment);
            return argv;
        }

        /** The cached image of a step, made current (and reported) if there is one. */
        Digest lookup(StageState st, String key) {
            if (st.noCache) return null;
            Digest hit = cache.get(st.image, key);
            if (hit == null) return null;
            try {
                Image img = images.inspect(hit.toString());
                st.image = img.id();
                st.config = img.config().config();
                st.out.stream(" ---> Using cache\n ---> " + img.id().shortHex() + "\n");
                return img.id();
            } catch (EngineException.NotFound gone) {
                return null;
            }
        }

        void done(StageState st, String key, Digest image) {
            cache.put(st.image, key, image);
            st.image = image;
            st.out.stream(" ---> " + image.shortHex() + "\n");
        }

        // ---- RUN -------------------------------------------------------------------------------------

        void run(Dockerfile df, StageState st, Instruction.Run r) throws IOException {
            if (st.image == null) throw new EngineException.InvalidArgument("Please provide a source image with `from` prior to run");
            List<String> argv = command(st, r.effectiveCommand());
            String createdBy = st.scope.runHistory(argv);
            StepMounts mounts = new StepMounts();
            String key = createdBy + runMounts(df, r, mounts);
            if (lookup(st, key) != null) return;
            List<String> env = new ArrayList<>(st.scope.env());
            st.scope.args().forEach((k, v) -> env.add(k + "=" + v));
            ContainerConfig runConfig = st.config.withEnv(env).withCmd(argv).withEntrypoint(List.of())
                    .withHealthcheck(new ContainerConfig.Healthcheck(List.of("NONE"), null, null, null, null, null));
            String network = r.network() != null && !r.network().isEmpty() && !r.network().equals("default") ? r.network() : request.networkMode();
            Path secrets = mounts.secrets.isEmpty() ? null : secretsDir(mounts);
            List<String> sources = new ArrayList<>();
            try {
                for (FromMount f : mounts.fromImages) {
                    sources.add(containers.create(new ContainerSpec(null, f.image().toString(), ContainerConfig.empty().withCmd(List.of("true")),
                            HostSpec.defaults().withNetworkMode("none"), null)).container().id());
                }
                withRoots(sources, new ArrayList<>(), roots -> {
                    List<String> binds = new ArrayList<>(mounts.binds);
                    for (int i = 0; i < roots.size(); i++) {
                        FromMount f = mounts.fromImages.get(i);
                        Path p = ContainerService.resolveInRoot(roots.get(i), f.source());
                        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                            throw new EngineException.InvalidArgument("RUN --mount from=" + f.from() + ": " + f.source() + " does not exist (line " + r.line() + ")");
                        }
                        binds.add(p + ":" + f.target() + (f.readOnly() ? ":ro" : ""));
                    }
                    mounts.secrets.forEach(m -> binds.add(secrets.resolve(secretFile(m)) + ":" + m.secretTarget() + ":ro"));
                    String id = stepContainer(st, runConfig, HostSpec.defaults().withNetworkMode(network).withBinds(binds).withTmpfs(mounts.tmpfs));
                    try {
                        runStep(st, r, argv, id, createdBy, key, mounts.targets());
                    } finally {
                        removeQuietly(id);
                    }
                    return null;
                });
            } finally {
                sources.forEach(this::removeQuietly);
                if (secrets != null) {
                    try {
                        Libc.umount2(secrets, Libc.MNT_DETACH);
                    } catch (IOException e) {
                        LOG.log(System.Logger.Level.WARNING, "build: cannot unmount " + secrets + ": " + e.getMessage());
                    }
                    AtomicFiles.deleteTree(secrets);
                }
            }
        }

        /** Runs {@code work} with the root filesystems of {@code ids} mounted (in order), then unmounts them. */
        <T> T withRoots(List<String> ids, List<Path> roots, RootsWork<T> work) throws IOException {
            if (roots.size() == ids.size()) return work.apply(roots);
            return containers.withFiles(ids.get(roots.size()), (rootfs, c) -> {
                roots.add(rootfs);
                return withRoots(ids, roots, work);
            });
        }

        /** Runs the step container {@code id} and commits its changes, without the stubs of its mount points. */
        void runStep(StageState st, Instruction.Run r, List<String> argv, String id, String createdBy, String key, List<String> targets) throws IOException {
            List<String> stubs = containers.withFiles(id, (rootfs, c) -> missing(rootfs, targets));
            st.out.stream(" ---> Running in " + id.substring(0, 12) + "\n");
            int code;
            try (Attachment ignored = containers.attach(id, AttachOptions.output(),
                    (stream, data) -> st.out.stream(new String(data, StandardCharsets.UTF_8)))) {
                var exit = containers.wait(id, WaitCondition.NEXT_EXIT);
                containers.start(id);
                WaitResult w = exit.join();
                code = w.statusCode();
                ignored.done().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).exceptionally(t -> null).join();
            }
            if (code != 0) {
                String shown = r.command().prependShell() ? String.join(" ", argv) : GoQuote.quote(argv);
                throw new BuildStepException("The command '" + shown + "' returned a non-zero code: " + code, code);
            }
            if (!stubs.isEmpty()) containers.withFiles(id, (rootfs, c) -> removeStubs(rootfs, stubs));
            Image img = containers.commitStep(id, st.config, createdBy);
            st.out.stream("Removing intermediate container " + id.substring(0, 12) + "\n");
            done(st, key, img.id());
        }

        /**
         * {@code RUN --mount}s as the step container's mounts: {@code cache} a directory of the builder's kept across
         * builds (by id, else target), {@code bind} a context path or a path of a stage or image ({@code from}),
         * read-only unless {@code rw}, {@code tmpfs}, {@code secret} a {@code --secret} as a read-only file. Returns
         * what they add to the step's cache key: a bound context path's checksum, a bound image's id; never a secret.
         */
        String runMounts(Dockerfile df, Instruction.Run r, StepMounts mounts) throws IOException {
            StringBuilder key = new StringBuilder();
            for (RunMount m : r.mounts()) {
                String target = m.target();
                switch (m.type()) {
                    case CACHE -> {
                        String id = m.id() == null || m.id().isEmpty() ? target : m.id();
                        Path dir = root.resolve("cache-mounts").resolve(Digest.of(id.getBytes(StandardCharsets.UTF_8)).hex());
                        if (!Files.isDirectory(dir)) {
                            Files.createDirectories(dir);
                            if (m.mode() != null) Files.setAttribute(dir, "unix:mode", m.mode());
                            if (m.uid() != null) Files.setAttribute(dir, "unix:uid", m.uid());
                            if (m.gid() != null) Files.setAttribute(dir, "unix:gid", m.gid());
                        }
                        mounts.bind(dir + ":" + target + (m.readOnly() ? ":ro" : ""), target);
                        key.append(" --mount=type=cache,target=").append(target);
                    }
                    case BIND -> {
                        String src = m.source() == null ? "" : m.source();
                        if (m.from() != null && !m.from().isEmpty()) {
                            Digest image = stageOrImage(df, m.from());
                            mounts.fromImages.add(new FromMount(m.from(), image, src.isEmpty() ? "/" : src, target, m.readOnly()));
                            mounts.targets.add(target);
                            key.append(" --mount=type=bind,from=").append(image).append(",source=").append(src).append(",target=").append(target);
                            continue;
                        }
                        Path p = src.isEmpty() ? context.files() : ContainerService.resolveInRoot(context.files(), src);
                        if (!Files.exists(p)) throw new EngineException.InvalidArgument("RUN --mount: " + src + " is not in the build context");
                        mounts.bind(p + ":" + target + (m.readOnly() ? ":ro" : ""), target);
                        key.append(" --mount=type=bind,target=").append(target).append(',')
                                .append(Copier.checksum(List.of(new Copier.Source(src.isEmpty() ? "." : src, p))));
                    }
                    case TMPFS -> {
                        mounts.tmpfs.put(target, m.size() == null ? "" : "size=" + m.size());
                        mounts.targets.add(target);
                        key.append(" --mount=type=tmpfs,target=").append(target);
                    }
                    case SECRET -> {
                        String id = m.secretId();
                        if (m.env() != null && !m.env().isEmpty()) {
                            throw new EngineException.NotImplemented("RUN --mount=type=secret,env= is not supported (line " + r.line() + ")");
                        }
                        if (!request.secrets().containsKey(id)) {
                            if (m.required()) throw new EngineException.InvalidArgument("secret " + id + ": not found (line " + r.line() + ")");
                            continue;
                        }
                        mounts.secrets.add(m);
                        mounts.targets.add(m.secretTarget());
                        key.append(" --mount=type=secret,id=").append(id).append(",target=").append(m.secretTarget());
                    }
                    case SSH -> throw new EngineException.NotImplemented("RUN --mount=type=ssh is not supported (line " + r.line() + ")");
                }
            }
            return key.toString();
        }

        /** The image of an earlier stage (waiting for it to be built) or of an image by name. */
        Digest stageOrImage(Dockerfile df, String from) {
            Optional<Stage> stage = df.stage(from);
            if (stage.isEmpty()) return images.inspect(from).id();
            CompletableFuture<Digest> image = built.get(stage.get().index());
            if (image == null) throw new EngineException.InvalidArgument("invalid from flag value " + from + ": refers to a stage not built yet");
            return image.join();
        }

        private static String secretFile(RunMount m) {
            return Digest.of(m.secretId().getBytes(StandardCharsets.UTF_8)).hex();
        }

        /** A tmpfs holding the step's secrets, each a file named by its id (mode 0400 unless the mount says). */
        Path secretsDir(StepMounts mounts) throws IOException {
            Path dir = root.resolve("secrets").resolve(Ids.newId());
            Files.createDirectories(dir, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
            Libc.mount("tmpfs", dir, "tmpfs", Libc.MS_NOSUID | Libc.MS_NODEV | Libc.MS_NOEXEC, "mode=0700,size=" + (mounts.secrets.size() * (long) BuildRequest.MAX_SECRET_BYTES + 65536));
            for (RunMount m : mounts.secrets) {
                Path f = dir.resolve(secretFile(m));
                Files.write(f, request.secrets().get(m.secretId()));
                Files.setAttribute(f, "unix:mode", m.mode() == null ? 0400 : m.mode());
                if (m.uid() != null) Files.setAttribute(f, "unix:uid", m.uid());
                if (m.gid() != null) Files.setAttribute(f, "unix:gid", m.gid());
            }
            return dir;
        }

        String stepContainer(StageState st, ContainerConfig config, HostSpec host) {
            return containers.create(new ContainerSpec(null, st.image.toString(), config, host, null)).container().id();
        }

        void removeQuietly(String id) {
            try {
                containers.remove(id, true, true);
            } catch (EngineException e) {
                LOG.log(System.Logger.Level.WARNING, "build: cannot remove step container " + id + ": " + e.getMessage());
            }
        }

        // ---- WORKDIR, COPY, ADD --------------------------------------------------------------------

        void workdir(StageState st, Instruction.Workdir w) {
            String dir = w.path().startsWith("/") ? w.path()
                    : (st.config.workingDir() == null || st.config.workingDir().isEmpty() ? "/" : st.config.workingDir()) + "/" + w.path();
            dir = Path.of("/").resolve(dir).normalize().toString();
            st.config = st.config.withWorkingDir(dir);
            String createdBy = String.join(" ", shell(st)) + " #(nop) WORKDIR " + dir;
            if (lookup(st, createdBy) != null) return;
            if (st.image == null) {
                commitMetadata(st, "WORKDIR " + dir);
                return;
            }
            String path = dir;
            String id = stepContainer(st, st.config.withCmd(withComment(st, "#(nop) WORKDIR " + dir)), HostSpec.defaults().withNetworkMode("none"));
            try {
                boolean made = containers.withFiles(id, (rootfs, c) -> Copier.mkdirs(rootfs, path, new int[] {0, 0}));
                Image img = made ? containers.commitStep(id, st.config, createdBy)
                        : images.commit(new CommitSpec(Optional.of(st.image), o -> o.write(new byte[1024]), st.config,
                                st.config.withCmd(withComment(st, "#(nop) WORKDIR " + dir)), "", "", "", createdBy, Optional.empty(),
                                ImportOptions.DEFAULT_ENGINE_VERSION, clock.instant()));
                done(st, createdBy, img.id());
            } finally {
                removeQuietly(id);
            }
        }

        void copy(Dockerfile df, StageState st, Instruction.FileInstruction in, String from) throws IOException {
            boolean add = in instanceof Instruction.Add;
            Path scratch = root.resolve("contexts").resolve(Ids.newId());
            String fromContainer = null;
            try {
                if (from != null) {
                    Digest image = stageOrImage(df, from);
                    fromContainer = containers.create(new ContainerSpec(null, image.toString(),
                            ContainerConfig.empty().withCmd(List.of("true")), HostSpec.defaults().withNetworkMode("none"), null)).container().id();
                }
                String source = fromContainer;
                List<Copier.Source> sources = new ArrayList<>();
                if (!in.heredocs().isEmpty()) {
                    Files.createDirectories(scratch);
                    for (var h : in.heredocs()) {
                        Path f = scratch.resolve(h.name());
                        Files.writeString(f, h.content());
                        sources.add(new Copier.Source(h.name(), f));
                    }
                }
                String checksum;
                List<String> deferred = List.of(); // context sources hashed from its index, matched on disk only if needed
                if (source == null) {
                    List<String> local = new ArrayList<>();
                    for (String src : in.sources()) {
                        if (add && (src.startsWith("http://") || src.startsWith("https://"))) {
                            Files.createDirectories(scratch);
                            sources.add(Copier.download(src, scratch));
                        } else {
                            local.add(src);
                        }
                    }
                    List<Copier.Hashed> hashed = new ArrayList<>(sources);
                    List<Copier.Hashed> indexed = local.isEmpty() ? List.of() : context.sources(local);
                    if (indexed == null) {
                        List<Copier.Source> matched = Copier.match(context.files(), local, add);
                        sources.addAll(matched);
                        hashed.addAll(matched);
                    } else {
                        hashed.addAll(indexed);
                        deferred = local;
                    }
                    checksum = Copier.checksum(hashed);
                } else {
                    List<Copier.Source> matched = new ArrayList<>();
                    checksum = containers.withFiles(source, (rootfs, c) -> {
                        matched.addAll(Copier.match(rootfs, in.sources(), false));
                        return Copier.checksum(matched);
                    });
                    sources.addAll(matched);
                }
                String dest = in.dest();
                String workdir = st.config.workingDir() == null || st.config.workingDir().isEmpty() ? "/" : st.config.workingDir();
                String text = (add ? "ADD" : "COPY") + " " + (in.chown() == null ? "" : "--chown=" + in.chown() + " ")
                        + (in.chmod() == null ? "" : "--chmod=" + in.chmod() + " ") + checksum + " in " + dest + " ";
                String createdBy = String.join(" ", shell(st)) + " #(nop) " + text;
                if (lookup(st, createdBy) != null) return;
                if (st.image == null) {
                    throw new EngineException.NotImplemented("COPY onto FROM scratch with nothing before it is not supported yet (line " + in.line() + ")");
                }
                if (!deferred.isEmpty()) sources.addAll(Copier.match(context.files(), deferred, add));
                ContainerConfig containerConfig = st.config.withCmd(withComment(st, "#(nop) " + text));
                String id = stepContainer(st, containerConfig, HostSpec.defaults().withNetworkMode("none"));
                try {
                    Copier.Plan plan = Copier.plan(sources, dest, workdir, in.line(), add);
                    if (source == null) {
                        containers.withFiles(id, (rootfs, c) -> {
                            plan.apply(rootfs, in.chown() == null ? new int[] {0, 0} : ContainerService.owner(rootfs, in.chown()), in.chmod());
                            return null;
                        });
                    } else {
                        containers.withFiles(source, (fromRoot, c0) -> containers.withFiles(id, (rootfs, c) -> {
                            plan.apply(rootfs, in.chown() == null ? new int[] {0, 0} : ContainerService.owner(rootfs, in.chown()), in.chmod());
                            return null;
                        }));
                    }
                    Image img = containers.commitStep(id, st.config, createdBy);
                    done(st, createdBy, img.id());
                } finally {
                    removeQuietly(id);
                }
            } finally {
                if (fromContainer != null) removeQuietly(fromContainer);
                AtomicFiles.deleteTree(scratch);
            }
        }
    }

    /** Work with several containers' root filesystems mounted. */
    @FunctionalInterface
    private interface RootsWork<T> {
        T apply(List<Path> roots) throws IOException;
    }

    /** A {@code RUN --mount=type=bind,from=...}: a path of a stage's or image's files. */
    private record FromMount(String from, Digest image, String source, String target, boolean readOnly) {
    }

    /** A RUN step's mounts, as {@link Run#runMounts} gathers them. */
    private static final class StepMounts {
        final List<String> binds = new ArrayList<>();
        final Map<String, String> tmpfs = new LinkedHashMap<>();
        final List<FromMount> fromImages = new ArrayList<>();
        final List<RunMount> secrets = new ArrayList<>();
        final List<String> targets = new ArrayList<>();

        void bind(String spec, String target) {
            binds.add(spec);
            targets.add(target);
        }

        List<String> targets() {
            return targets;
        }
    }

    /**
     * The paths among {@code targets} (and their parents) that a root filesystem lacks: the mount points the runtime
     * will create as stubs, deepest first.
     */
    static List<String> missing(Path rootfs, List<String> targets) throws IOException {
        java.util.TreeSet<String> out = new java.util.TreeSet<>(java.util.Comparator.comparingInt((String p) -> p.length()).reversed()
                .thenComparing(java.util.Comparator.naturalOrder()));
        for (String t : targets) {
            for (Path p = Path.of("/").resolve(t).normalize(); p != null && p.getParent() != null; p = p.getParent()) {
                if (Files.exists(ContainerService.resolveInRoot(rootfs, p.toString()), LinkOption.NOFOLLOW_LINKS)) break;
                out.add(p.toString());
            }
        }
        return List.copyOf(out);
    }

    /** Removes the mount-point stubs left by a step: each of {@code stubs} that is an empty file or directory. */
    static Void removeStubs(Path rootfs, List<String> stubs) throws IOException {
        for (String stub : stubs) {
            Path p = ContainerService.resolveInRoot(rootfs, stub);
            boolean empty = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? isEmptyDir(p)
                    : Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && Files.size(p) == 0;
            if (empty) Files.delete(p);
        }
        return null;
    }

    private static boolean isEmptyDir(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    /** An EXPOSE word as the config's keys: {@code 80} is {@code 80/tcp}, a range {@code 7000-7002/udp} each of its ports. */
    static List<String> exposed(String word) {
        int slash = word.indexOf('/');
        String proto = slash < 0 ? "tcp" : word.substring(slash + 1).toLowerCase(Locale.ROOT);
        String ports = slash < 0 ? word : word.substring(0, slash);
        int dash = ports.indexOf('-');
        try {
            int first = Integer.parseInt(dash < 0 ? ports : ports.substring(0, dash));
            int last = dash < 0 ? first : Integer.parseInt(ports.substring(dash + 1));
            if (first < 0 || last > 65535 || last < first) throw new NumberFormatException();
            List<String> out = new ArrayList<>();
            for (int p = first; p <= last; p++) out.add(p + "/" + proto);
            return out;
        } catch (NumberFormatException e) {
            throw new EngineException.InvalidArgument("invalid containerPort: " + ports);
        }
    }

    private static String pairs(List<Instruction.KeyValue> pairs) {
        StringBuilder b = new StringBuilder();
        for (Instruction.KeyValue p : pairs) b.append(b.isEmpty() ? "" : " ").append(p.key()).append('=').append(p.value());
        return b.toString();
    }

    private static String quoteLabel(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static <T> T orOld(T v, T old) {
        return v != null ? v : old;
    }

    private static Long nanos(Duration d) {
        return d == null || d.isZero() ? null : d.toNanos();
    }

    /** Go's {@code Duration.String()} for whole and fractional seconds: {@code 0s}, {@code 5s}, {@code 1m30s}, {@code 1h0m0s}. */
    static String goDuration(Duration d) {
        if (d == null || d.isZero()) return "0s";
        StringBuilder b = new StringBuilder();
        if (d.toHours() > 0) b.append(d.toHours()).append('h');
        if (d.toHours() > 0 || d.toMinutesPart() > 0) b.append(d.toMinutesPart()).append('m');
        java.math.BigDecimal seconds = java.math.BigDecimal.valueOf(d.toSecondsPart()).add(java.math.BigDecimal.valueOf(d.toNanosPart(), 9));
        return b.append(seconds.stripTrailingZeros().toPlainString()).append('s').toString();
    }

    private static String healthText(Instruction.Healthcheck h) {
        if (h.none()) return "NONE";
        return "&{" + GoQuote.quote(h.test()) + " \"" + goDuration(h.interval()) + "\" \"" + goDuration(h.timeout())
                + "\" \"" + goDuration(h.startPeriod()) + "\" '\\x" + String.format("%02x", h.retries()) + "'}";
    }
}
