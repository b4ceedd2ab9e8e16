package dev.berth.cli;

/**
 * A failure the CLI reports with a message on stderr and an exit status, like docker's
 * {@code cli.StatusError}. An empty message prints nothing.
 */
public class CliException extends RuntimeException {
    private final int status;

    public CliException(String message, int status) {
        super(message, null, false, false);
        this.status = status;
    }

    public CliException(String message) {
        this(message, 1);
    }

    public int status() {
        return status;
    }
}
