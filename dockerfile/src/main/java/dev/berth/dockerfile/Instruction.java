package dev.berth.dockerfile;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One Dockerfile instruction, as parsed: flags validated, arguments split the way Docker splits
 * them, but no variable substituted yet. The builder calls {@link #expand} at dispatch time with
 * the stage's scope; it substitutes exactly the words Docker's builder substitutes:
 * <ul>
 *   <li>FROM: the image and {@code --platform} (with the global ARGs only);</li>
 *   <li>ENV, LABEL: keys and values; ARG: names and defaults;</li>
 *   <li>EXPOSE: each port, which may expand to several ({@link WordExpander#words});</li>
 *   <li>WORKDIR, USER, STOPSIGNAL, each VOLUME;</li>
 *   <li>COPY, ADD: sources, destination, {@code --chown}, {@code --chmod}, {@code --from}, and the
 *       contents of heredocs whose delimiter is not quoted (quotes kept: {@link WordExpander#raw});</li>
 *   <li>RUN: the values of {@code --mount}; never the command;</li>
 *   <li>CMD, ENTRYPOINT, HEALTHCHECK, SHELL, ONBUILD, MAINTAINER: nothing.</li>
 * </ul>
 * Words still carry their quotes and escapes until expanded (ENV {@code a="x y"} keeps the quotes
 * in {@link KeyValue#value()}); {@link #expand} removes them.
 */
public sealed interface Instruction {

    /**
     * Where an instruction comes from.
     *
     * @param line     the 1-based line it starts on
     * @param endLine  the line it ends on (continuations and heredoc bodies included)
     * @param original the logical line as Docker shows it in {@code Step N/M : ...}: continuation
     *                 lines joined, comments inside them dropped, heredoc bodies not included, blanks
     *                 around trimmed, e.g. {@code RUN apt-get update &&     apt-get install -y x}
     */
    record Source(int line, int endLine, String original) {
        public Source { Objects.requireNonNull(original); }
    }

    /** Where it comes from. */
    Source source();

    /** The keyword, upper case: {@code RUN}. */
    String keyword();

    /** The 1-based line the instruction starts on. */
    default int line() { return source().line(); }

    /**
     * This instruction with Docker's build-time substitution applied (see the class comment for
     * which words). Instructions Docker does not expand return themselves.
     *
     * @throws DockerfileException a bad substitution: Docker's message ({@code failed to process
     *                             "${x": syntax error: missing '}'}), {@link DockerfileException#line()}
     *                             this instruction's line
     */
    default Instruction expand(WordExpander expander) { return this; }

    /**
     * A command line of RUN, CMD or ENTRYPOINT.
     *
     * @param args          exec form: the JSON array's strings; shell form: one element, the text
     *                      after the keyword and flags as written (e.g. {@code echo "$HOME" > x})
     * @param prependShell  true for the shell form: the builder prepends the SHELL (default
     *                      {@code /bin/sh -c})
     */
    record CommandLine(List<String> args, boolean prependShell) {
        public CommandLine { args = List.copyOf(args); }
    }

    /** A {@code key=value} of ENV or LABEL; unexpanded until {@link #expand}. */
    record KeyValue(String key, String value) {
        public KeyValue { Objects.requireNonNull(key); Objects.requireNonNull(value); }
    }

    /** One name of an ARG, with its default value or null when it has none. */
    record ArgDef(String name, String defaultValue) {
        public ArgDef { Objects.requireNonNull(name); }
    }

    /**
     * FROM.
     *
     * @param image     the base image reference, {@code scratch}, or an earlier stage's name
     * @param stageName the lower-cased name after {@code AS}, or null
     * @param platform  {@code --platform}'s value, or null
     */
    record From(Source source, String image, String stageName, String platform) implements Instruction {
        public String keyword() { return "FROM"; }
        @Override public From expand(WordExpander x) {
            return Expansions.at(this, () -> new From(source, x.word(image), stageName,
                    platform == null ? null : x.word(platform)));
        }
    }

    /**
     * RUN.
     *
     * @param mounts   the {@code --mount}s, in order
     * @param network  {@code --network}'s value ({@code default}, {@code none}, {@code host}), or null
     * @param heredocs the heredocs the command line names ({@code RUN <<EOF}), in order
     */
    record Run(Source source, CommandLine command, List<RunMount> mounts, String network, List<Heredoc> heredocs)
            implements Instruction {
        public Run { mounts = List.copyOf(mounts); heredocs = List.copyOf(heredocs); }
        public String keyword() { return "RUN"; }

        /**
         * What BuildKit runs for a RUN with heredocs: for a lone {@code RUN <<EOF}, the body itself
         * (shell form, so {@code /bin/sh -c <body>}); otherwise the command line followed by each
         * body and its delimiter, for the shell to read as real heredocs. Without heredocs,
         * {@link #command()}. A lone heredoc whose body starts with {@code #!} is run as an
         * executable file instead: see {@link #shebangScript()}.
         */
        public CommandLine effectiveCommand() {
            if (heredocs.isEmpty() || command.args().size() != 1 || !command.prependShell()) return command;
            if (Parser.parseHeredoc(command.args().getFirst()) != null) {
                return new CommandLine(List.of(heredocs.getFirst().content()), true);
            }
            StringBuilder b = new StringBuilder(command.args().getFirst());
            for (Heredoc h : heredocs) b.append('\n').append(h.content()).append(h.name());
            return new CommandLine(List.of(b.toString()), true);
        }

        /**
         * For a lone {@code RUN <<EOF} whose body starts with {@code #!}: the heredoc, which
         * BuildKit writes as an executable file named after the delimiter and runs directly (no
         * shell); empty otherwise.
         */
        public java.util.Optional<Heredoc> shebangScript() {
            if (heredocs.isEmpty() || command.args().size() != 1 || !command.prependShell()
                    || Parser.parseHeredoc(command.args().getFirst()) == null
                    || !heredocs.getFirst().content().startsWith("#!")) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(heredocs.getFirst());
        }

        @Override public Run expand(WordExpander x) {
            if (mounts.isEmpty()) return this;
            return Expansions.at(this, () -> new Run(source, command,
                    mounts.stream().map(m -> m.expand(x)).toList(), network, heredocs));
        }
    }

    /** CMD. */
    record Cmd(Source source, CommandLine command) implements Instruction {
        public String keyword() { return "CMD"; }
    }

    /** ENTRYPOINT; {@code ENTRYPOINT []} has no args (and clears the entrypoint). */
    record Entrypoint(Source source, CommandLine command) implements Instruction {
        public String keyword() { return "ENTRYPOINT"; }
    }

    /** ENV, in either form ({@code ENV k v} or {@code ENV k=v ...}). */
    record Env(Source source, List<KeyValue> pairs) implements Instruction {
        public Env { pairs = List.copyOf(pairs); }
        public String keyword() { return "ENV"; }
        @Override public Env expand(WordExpander x) {
            return Expansions.at(this, () -> new Env(source, Expansions.pairs(pairs, x)));
        }
    }

    /** LABEL. */
    record Label(Source source, List<KeyValue> pairs) implements Instruction {
        public Label { pairs = List.copyOf(pairs); }
        public String keyword() { return "LABEL"; }
        @Override public Label expand(WordExpander x) {
            return Expansions.at(this, () -> new Label(source, Expansions.pairs(pairs, x)));
        }
    }

    /** ARG, with one or several names. */
    record Arg(Source source, List<ArgDef> args) implements Instruction {
        public Arg { args = List.copyOf(args); }
        public String keyword() { return "ARG"; }
        @Override public Arg expand(WordExpander x) {
            return Expansions.at(this, () -> new Arg(source, args.stream()
                    .map(a -> new ArgDef(x.word(a.name()), a.defaultValue() == null ? null : x.word(a.defaultValue())))
                    .toList()));
        }
    }

    /**
     * EXPOSE; ports as written ({@code 80}, {@code 53/udp}, {@code $PORT}), not checked, sorted as
     * text before expansion as Docker does (its history shows them in that order).
     */
    record Expose(Source source, List<String> ports) implements Instruction {
        public Expose { ports = List.copyOf(ports); }
        public String keyword() { return "EXPOSE"; }
        @Override public Expose expand(WordExpander x) {
            return Expansions.at(this, () -> new Expose(source,
                    ports.stream().flatMap(p -> x.words(p).stream()).toList()));
        }
    }

    /** WORKDIR. */
    record Workdir(Source source, String path) implements Instruction {
        public String keyword() { return "WORKDIR"; }
        @Override public Workdir expand(WordExpander x) {
            return Expansions.at(this, () -> new Workdir(source, x.word(path)));
        }
    }

    /** USER ({@code user}, {@code user:group}, ids). */
    record User(Source source, String user) implements Instruction {
        public String keyword() { return "USER"; }
        @Override public User expand(WordExpander x) {
            return Expansions.at(this, () -> new User(source, x.word(user)));
        }
    }

    /** VOLUME, from a JSON array or whitespace-separated words. */
    record Volume(Source source, List<String> paths) implements Instruction {
        public Volume { paths = List.copyOf(paths); }
        public String keyword() { return "VOLUME"; }
        @Override public Volume expand(WordExpander x) {
            return Expansions.at(this, () -> new Volume(source, paths.stream().map(x::word).toList()));
        }
    }

    /** What COPY and ADD share. */
    sealed interface FileInstruction extends Instruction permits Copy, Add {
        /** The source paths or URLs (heredoc sources are in {@link #heredocs()} instead). */
        List<String> sources();
        /** The destination, as written. */
        String dest();
        /** {@code --chown}'s value or null. */
        String chown();
        /** {@code --chmod}'s value (octal) or null. */
        String chmod();
        /** {@code --link}. */
        boolean link();
        /** The inline files ({@code COPY <<EOF /path}), each named by its delimiter, in order. */
        List<Heredoc> heredocs();
        /** True when the arguments were a JSON array. */
        boolean json();
    }

    /** COPY; {@code from} is {@code --from}'s value (a stage name or index, or an image) or null. */
    record Copy(Source source, List<String> sources, String dest, String from, String chown, String chmod,
                boolean link, List<Heredoc> heredocs, boolean json) implements FileInstruction {
        public Copy { sources = List.copyOf(sources); heredocs = List.copyOf(heredocs); }
        public String keyword() { return "COPY"; }
        @Override public Copy expand(WordExpander x) {
            return Expansions.at(this, () -> new Copy(source, sources.stream().map(x::word).toList(), x.word(dest),
                    Expansions.opt(from, x), Expansions.opt(chown, x), Expansions.opt(chmod, x), link,
                    Expansions.heredocs(heredocs, x), json));
        }
    }

    /** ADD (sources may be URLs or local tar archives). */
    record Add(Source source, List<String> sources, String dest, String chown, String chmod, boolean link,
               List<Heredoc> heredocs, boolean json) implements FileInstruction {
        public Add { sources = List.copyOf(sources); heredocs = List.copyOf(heredocs); }
        public String keyword() { return "ADD"; }
        @Override public Add expand(WordExpander x) {
            return Expansions.at(this, () -> new Add(source, sources.stream().map(x::word).toList(), x.word(dest),
                    Expansions.opt(chown, x), Expansions.opt(chmod, x), link, Expansions.heredocs(heredocs, x), json));
        }
    }

    /**
     * HEALTHCHECK, as the image config's Healthcheck.
     *
     * @param test        {@code ["NONE"]}, {@code ["CMD", args...]} (exec form) or
     *                    {@code ["CMD-SHELL", "text"]} (shell form)
     * @param interval    {@code --interval}, {@link Duration#ZERO} when not given (as Docker stores it)
     * @param timeout     {@code --timeout}, likewise
     * @param startPeriod {@code --start-period}, likewise
     * @param retries     {@code --retries}, 0 when not given
     */
    record Healthcheck(Source source, List<String> test, Duration interval, Duration timeout, Duration startPeriod,
                       int retries) implements Instruction {
        public Healthcheck { test = List.copyOf(test); }
        public String keyword() { return "HEALTHCHECK"; }
        /** True for {@code HEALTHCHECK NONE}. */
        public boolean none() { return test.equals(List.of("NONE")); }
    }

    /** SHELL (JSON form only). */
    record Shell(Source source, List<String> shell) implements Instruction {
        public Shell { shell = List.copyOf(shell); }
        public String keyword() { return "SHELL"; }
    }

    /** STOPSIGNAL. */
    record StopSignal(Source source, String signal) implements Instruction {
        public String keyword() { return "STOPSIGNAL"; }
        @Override public StopSignal expand(WordExpander x) {
            return Expansions.at(this, () -> new StopSignal(source, x.word(signal)));
        }
    }

    /**
     * ONBUILD.
     *
     * @param expression the trigger as Docker stores it in the image config's OnBuild: the original
     *                   text without the leading {@code ONBUILD } (e.g. {@code RUN echo hi})
     * @param trigger    the trigger, parsed (never FROM, ONBUILD or MAINTAINER)
     */
    record Onbuild(Source source, String expression, Instruction trigger) implements Instruction {
        public String keyword() { return "ONBUILD"; }
    }

    /** MAINTAINER (deprecated; sets the image's Author). */
    record Maintainer(Source source, String maintainer) implements Instruction {
        public String keyword() { return "MAINTAINER"; }
    }
}
