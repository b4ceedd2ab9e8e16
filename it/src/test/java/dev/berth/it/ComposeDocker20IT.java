package dev.berth.it;

import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The compose suite with {@code berth compose} against Debian's Docker 20.10: berth compose talks to the engine only
 * through the API, so it drives Docker as it drives berthd (bridge networking of its own, user networks from 10.25x/16).
 */
class ComposeDocker20IT extends ComposeSuite {
    @RegisterExtension
    static final Docker20 docker20 = new Docker20().withBridgeNetworking()
            .withDefaultAddressPool("10." + (250 + ThreadLocalRandom.current().nextInt(5)) + ".0.0/16");

    @BeforeAll
    static void image() {
        Images.busybox().importInto(docker20.docker());
    }

    @Override
    BerthCli berth() {
        return BerthCli.forSocket(docker20.socket(), docker20.root());
    }

    @Override
    Path root() {
        return docker20.root();
    }
}
