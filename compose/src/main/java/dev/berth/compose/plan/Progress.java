package dev.berth.compose.plan;

/**
 * What berth compose reports while it works, as events (the CLI renders them): a resource such as
 * {@code Container proj-web-1} or {@code Network proj_default}, and its new status ({@code Creating},
 * {@code Created}, {@code Started}, {@code Healthy}...). Called from several threads.
 */
public interface Progress {
    void event(String resource, String status);

    /** A warning from the engine or the loader. */
    default void warning(String message) {}

    Progress NONE = (resource, status) -> {};
}
