package dev.berth.engine.container;

import dev.berth.common.EngineException;

/** What {@code POST /containers/{id}/wait?condition=} waits for. */
public enum WaitCondition {
    /** The container's next exit (it may have to be started first). */
    NEXT_EXIT,
    /** The container is not running: at once if it is created or exited; a restart by the policy is still running. */
    NOT_RUNNING,
    /** The container has been removed. */
    REMOVED;

    /** From the API's spelling: {@code next-exit}, {@code not-running} (also empty), {@code removed}. */
    public static WaitCondition parse(String value) {
        return switch (value == null ? "" : value) {
            case "", "not-running" -> NOT_RUNNING;
            case "next-exit" -> NEXT_EXIT;
            case "removed" -> REMOVED;
            default -> throw new EngineException.InvalidArgument("invalid condition: \"" + value + "\"");
        };
    }
}
