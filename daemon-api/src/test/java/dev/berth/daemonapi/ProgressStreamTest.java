package dev.berth.daemonapi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.api.ApiJson;
import dev.berth.distribution.Progress;
import org.junit.jupiter.api.Test;

class ProgressStreamTest {

    @Test
    void rendersProgressAsDockerdsJsonMessages() {
        assertEquals("{\"status\":\"Pulling fs layer\",\"progressDetail\":{},\"id\":\"0123456789ab\"}",
                ApiJson.writeString(ProgressStream.message(Progress.of("0123456789ab", "Pulling fs layer"))));
        assertEquals("{\"status\":\"Pulling from library/busybox\",\"id\":\"latest\"}",
                ApiJson.writeString(ProgressStream.message(Progress.plain("latest", "Pulling from library/busybox"))));
        assertEquals("{\"status\":\"Digest: sha256:x\"}", ApiJson.writeString(ProgressStream.message(Progress.plain(null, "Digest: sha256:x"))));
        assertEquals("{\"status\":\"Downloading\",\"progressDetail\":{\"current\":512,\"total\":1201},\"progress\":\"["
                        + "=".repeat(21) + ">" + " ".repeat(29) + "]     512B/1.201kB\",\"id\":\"a\"}",
                ApiJson.writeString(ProgressStream.message(Progress.bytes("a", "Downloading", 512, 1201))));
    }

    @Test
    void humanSizeAsGoUnits() {
        assertEquals("0B", ProgressStream.humanSize(0));
        assertEquals("999B", ProgressStream.humanSize(999));
        assertEquals("1.201kB", ProgressStream.humanSize(1201));
        assertEquals("2.79MB", ProgressStream.humanSize(2_790_000));
        assertEquals("10MB", ProgressStream.humanSize(10_000_000));
    }
}
