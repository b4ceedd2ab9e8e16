package dev.berth.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the registry ITs read from a CLI's output: a push's digest, an image's id, expected text. */
final class RegistryAsserts {
    private static final Pattern PUSHED = Pattern.compile("(?m)^(\\S+): digest: (sha256:[0-9a-f]{64}) size: (\\d+)$");

    private RegistryAsserts() {}

    /** The manifest digest a push printed ({@code TAG: digest: sha256:... size: N}). */
    static String digestOf(CliResult push) {
        Matcher m = PUSHED.matcher(push.stdout());
        assertTrue(m.find(), push.describe());
        return m.group(2);
    }

    static String id(Cli cli, String image) {
        return cli.run(List.of("image", "inspect", "--format", "{{.Id}}", image)).assertSuccess().stdout().strip();
    }

    /** Each of {@code parts} is in the output (stdout or stderr). */
    static void assertContains(CliResult r, String... parts) {
        String all = r.stdout() + r.stderr();
        for (String p : parts) assertTrue(all.contains(p), "missing <" + p + "> in\n" + r.describe());
    }
}
