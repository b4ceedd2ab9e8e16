package dev.berth.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.common.EngineException;
import dev.berth.common.Commands;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuncRuntimeTest {
    private static Commands.Result failed(String stderr) {
        return new Commands.Result(List.of("runc"), 1, new byte[0], stderr);
    }

    @Test
    void errorMessagesComeFromTheJsonLog() {
        assertEquals("container does not exist", RuncRuntime.errorMessage(failed(
                "{\"level\":\"warning\",\"msg\":\"deprecated\",\"time\":\"t\"}\n{\"level\":\"error\",\"msg\":\"container does not exist\",\"time\":\"t\"}\n")));
        assertEquals("plain text", RuncRuntime.errorMessage(failed("plain text\n")));
        assertEquals("exit status 1", RuncRuntime.errorMessage(failed("")));
    }

    @Test
    void findsTheBinaryByNameOrPath() {
        RuncRuntime r = RuncRuntime.find("runc", Path.of("/run/x"));
        assertEquals("runc", r.name());
        assertEquals(List.of("--root=/run/x", "--log-format=json"), r.globalArgs());
        assertEquals(r.binary(), RuncRuntime.find(r.binary().toString(), Path.of("/run/x")).binary());
        assertThrows(EngineException.FailedPrecondition.class, () -> RuncRuntime.find("no-such-runtime", Path.of("/run/x")));
        assertThrows(EngineException.FailedPrecondition.class, () -> RuncRuntime.find("/etc/passwd", Path.of("/run/x")));
    }
}
