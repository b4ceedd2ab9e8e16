package dev.berth.daemonapi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.common.EngineException;
import org.junit.jupiter.api.Test;

class ErrorStatusTest {
    @Test
    void mapsEveryKindOfEngineError() {
        assertEquals(404, ErrorStatus.of(new EngineException.NotFound("x")));
        assertEquals(409, ErrorStatus.of(new EngineException.Conflict("x")));
        assertEquals(409, ErrorStatus.of(new EngineException.AlreadyExists("x")));
        assertEquals(400, ErrorStatus.of(new EngineException.InvalidArgument("x")));
        assertEquals(304, ErrorStatus.of(new EngineException.NotModified("x")));
        assertEquals(401, ErrorStatus.of(new EngineException.Unauthorized("x")));
        assertEquals(403, ErrorStatus.of(new EngineException.Forbidden("x")));
        assertEquals(501, ErrorStatus.of(new EngineException.NotImplemented("x")));
        assertEquals(503, ErrorStatus.of(new EngineException.Unavailable("x", null)));
        assertEquals(500, ErrorStatus.of(new EngineException.FailedPrecondition("x")));
        assertEquals(500, ErrorStatus.of(new IllegalStateException("bug")));
        assertEquals("IllegalStateException: bug", ErrorStatus.message(new IllegalStateException("bug")));
    }
}
