package dev.berth.client;

/**
 * Options of {@code POST /containers/{id}/attach}: which streams, whether to replay the logs first,
 * and the detach key sequence the daemon watches for in stdin (null for its default, ctrl-p,ctrl-q).
 */
public record AttachOptions(boolean stream, boolean stdin, boolean stdout, boolean stderr, boolean logs,
                            String detachKeys) {
    /** A live attach to stdout and stderr, optionally stdin: what {@code docker run} uses. */
    public static AttachOptions streams(boolean stdin, boolean stdout, boolean stderr, String detachKeys) {
        return new AttachOptions(true, stdin, stdout, stderr, false, detachKeys);
    }
}
