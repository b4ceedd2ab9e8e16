package dev.berth.cli.command;

import dev.berth.client.DockerClient;

/**
 * docker's {@code --sig-proxy}: signals sent to berth (Ctrl-C, kill) are forwarded to the container
 * with {@code POST /containers/{id}/kill?signal=NAME} instead of ending berth.
 */
final class SignalProxy {
    private static final String[] SIGNALS = {"INT", "TERM", "HUP", "QUIT", "USR1", "USR2"};
    private static volatile DockerClient client;
    private static volatile String target;
    private static boolean installed;

    private SignalProxy() {}

    static synchronized void forward(DockerClient c, String containerId) {
        client = c;
        target = containerId;
        if (installed) return;
        installed = true;
        for (String name : SIGNALS) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), new sun.misc.SignalHandler() {
                    @Override
                    public void handle(sun.misc.Signal sig) {
                        DockerClient k = client;
                        String id = target;
                        if (k == null || id == null) return;
                        try {
                            k.killContainer(id, sig.getName());
                        } catch (RuntimeException e) {
                            // docker only logs this at debug level
                        }
                    }
                });
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // a signal the JVM reserves: not forwarded
            }
        }
    }
}
