package dev.berth.cli.command;

import dev.berth.cli.CliContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** docker's {@code prompt.Confirm}: prints "MESSAGE [y/N] " and reads one line; only "y" (any case) is yes. */
final class Prompt {
    private Prompt() {}

    static boolean confirm(CliContext ctx, String message) {
        ctx.out().print(message + " [y/N] ");
        ctx.out().flush();
        try {
            String line = new BufferedReader(new InputStreamReader(ctx.in(), StandardCharsets.UTF_8)).readLine();
            return line != null && line.strip().equalsIgnoreCase("y");
        } catch (IOException e) {
            return false;
        }
    }
}
