package dev.berth.engine.container;

/**
 * What an attach connects ({@code POST /containers/{id}/attach?stdin=&stdout=&stderr=&logs=&stream=}).
 *
 * @param stdin  send the client's input to the container's stdin (if it was created with {@code OpenStdin})
 * @param stdout deliver stdout
 * @param stderr deliver stderr
 * @param logs   first replay what the container logged so far
 * @param stream deliver live output (else only the logs, then the attachment ends)
 */
public record AttachOptions(boolean stdin, boolean stdout, boolean stderr, boolean logs, boolean stream) {
    /** stdout and stderr, live: {@code docker run} without {@code -i}. */
    public static AttachOptions output() {
        return new AttachOptions(false, true, true, false, true);
    }

    /** stdin, stdout and stderr, live: {@code docker run -i}. */
    public static AttachOptions all() {
        return new AttachOptions(true, true, true, false, true);
    }
}
