package dev.berth.engine.container;

/**
 * The outcome of a wait: the exit code ({@code StatusCode}) and, rarely, an error ({@code Error.Message}).
 *
 * @param statusCode the container's exit code
 * @param error      null, or why the wait ended without a proper exit
 */
public record WaitResult(int statusCode, String error) {
    public static WaitResult of(int statusCode) {
        return new WaitResult(statusCode, null);
    }
}
