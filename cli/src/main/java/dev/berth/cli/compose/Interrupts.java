package dev.berth.cli.compose;

import java.util.ArrayList;
import java.util.List;

/**
 * Ctrl+C (SIGINT) and SIGTERM while {@code up} is attached: the first runs {@code graceful} (stop the
 * project), a second runs {@code force} (kill), as Docker Compose does.
 */
final class Interrupts {
    private final List<sun.misc.Signal> signals = new ArrayList<>();
    private final List<sun.misc.SignalHandler> previous = new ArrayList<>();

    private Interrupts() {}

    static Interrupts install(Runnable graceful, Runnable force) {
        Interrupts i = new Interrupts();
        int[] count = {0};
        sun.misc.SignalHandler handler = sig -> {
            synchronized (count) {
                if (count[0]++ == 0) graceful.run();
                else force.run();
            }
        };
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                sun.misc.Signal s = new sun.misc.Signal(name);
                i.previous.add(sun.misc.Signal.handle(s, handler));
                i.signals.add(s);
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // not available here
            }
        }
        return i;
    }

    void uninstall() {
        for (int k = 0; k < signals.size(); k++) {
            try {
                sun.misc.Signal.handle(signals.get(k), previous.get(k));
            } catch (IllegalArgumentException e) {
                // leave it
            }
        }
    }
}
