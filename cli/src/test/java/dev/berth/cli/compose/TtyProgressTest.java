package dev.berth.cli.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The terminal progress block: redrawn in place, spinner while working, marks and times when done. */
class TtyProgressTest {
    @Test
    void theBlockIsRedrawnInPlaceOnEachEvent() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong now = new AtomicLong();
        TtyProgress p = new TtyProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), 50, now::get);
        p.event("Network demo_default", "Creating");
        now.set(100_000_000);
        p.event("Network demo_default", "Created");
        p.event("Container demo-web-1", "Starting");
        now.set(400_000_000);
        p.event("Container demo-web-1", "Started");
        String out = bytes.toString(StandardCharsets.UTF_8);
        String last = out.substring(out.lastIndexOf("\033[3A") + 4);
        assertEquals("[+] Running 2/2\033[K\n"
                + " \033[32m✔\033[0m Network demo_default  Created             0.1s\033[K\n"
                + " \033[32m✔\033[0m Container demo-web-1  Started             0.3s\033[K\n", last);
        assertEquals(" ⠙ Network demo_default  Creating            0.0s", out.lines().toList().get(1).replace("\033[K", ""));
    }
}
