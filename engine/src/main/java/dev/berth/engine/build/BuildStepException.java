package dev.berth.engine.build;

import dev.berth.common.EngineException;

/** A build step that failed as Docker reports it: the message and the code of the {@code errorDetail}. */
public final class BuildStepException extends RuntimeException {
    private final int code;

    public BuildStepException(String message, int code) {
        super(message);
        this.code = code;
    }

    /** The RUN's exit code ({@code errorDetail.code}). */
    public int code() {
        return code;
    }

    /** For callers that only know engine errors. */
    public EngineException asEngineException() {
        return new EngineException.InvalidArgument(getMessage());
    }
}
