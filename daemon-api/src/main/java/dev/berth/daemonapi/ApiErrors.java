package dev.berth.daemonapi;

import dev.berth.http.ErrorHandler;
import dev.berth.http.ErrorReply;

/** Turns any failure of a handler into dockerd's error reply: a status from {@link ErrorStatus} and {@code {"message": ...}}. */
public final class ApiErrors implements ErrorHandler {
    private static final System.Logger LOG = System.getLogger("berthd.api");

    @Override
    public ErrorReply toReply(Throwable error) {
        int status = ErrorStatus.of(error);
        if (status == 500 && !(error instanceof dev.berth.common.EngineException)) {
            LOG.log(System.Logger.Level.ERROR, "request failed", error);
        }
        // 304 has no body (a client would read the message as the start of an unsolicited response)
        if (status == 304) return new ErrorReply(304, "application/json", new byte[0]);
        return ErrorReply.jsonMessage(status, ErrorStatus.message(error));
    }
}
