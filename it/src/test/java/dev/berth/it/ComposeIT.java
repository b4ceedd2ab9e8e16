package dev.berth.it;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The compose suite with {@code berth compose} against berthd. */
class ComposeIT extends ComposeSuite {
    @RegisterExtension
    static final BerthDaemon berthd = new BerthDaemon();

    @BeforeAll
    static void image() {
        Images.busybox().importInto(berthd.berth());
    }

    @Override
    BerthCli berth() {
        return berthd.berth();
    }

    @Override
    Path root() {
        return berthd.root();
    }
}
