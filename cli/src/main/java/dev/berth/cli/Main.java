package dev.berth.cli;


/** Entry point of the {@code berth} command: {@code java -cp ... dev.berth.cli.Main ARGS}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        // Anonymous classes, not lambdas: the first lambda of a run costs tens of milliseconds.
        java.util.function.Function<String, String> env = new java.util.function.Function<>() {
            @Override
            public String apply(String name) {
                return System.getenv(name);
            }
        };
        java.util.function.Supplier<java.time.Instant> clock = new java.util.function.Supplier<>() {
            @Override
            public java.time.Instant get() {
                return java.time.Instant.now();
            }
        };
        int status = new Berth(Streams.system(), env, new DefaultClientFactory(), clock, null).run(args);
        System.exit(status);
    }
}
