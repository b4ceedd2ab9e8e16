package dev.berth.cli.command;

import dev.berth.cli.BerthCommand;
import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.cli.Flag;
import dev.berth.cli.Flags;
import dev.berth.cli.Invocation;
import dev.berth.cli.auth.DockerConfig;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * {@code berth login [-u USER] [-p PASS | --password-stdin] [SERVER]}: the daemon checks the
 * credentials at the registry ({@code POST /auth}); they are then stored as the docker CLI stores
 * them (a credential helper, else {@code config.json}).
 */
public final class LoginCommand implements BerthCommand {
    static final Flags FLAGS = new Flags()
            .value("p", "password", Flag.Type.STRING, "Password or Personal Access Token (PAT)")
            .bool(null, "password-stdin", "Take the Password or Personal Access Token (PAT) from stdin")
            .value("u", "username", Flag.Type.STRING, "Username")
            .args(0, 1);

    @Override
    public Flags flags() {
        return FLAGS;
    }

    @Override
    public int run(CliContext ctx, Invocation in) throws IOException {
        String user = in.string("username");
        String password = in.string("password");
        boolean fromStdin = in.bool("password-stdin");
        if (password != null && !password.isEmpty()) {
            if (fromStdin) throw new CliException("--password and --password-stdin are mutually exclusive");
            ctx.err().println("WARNING! Using --password via the CLI is insecure. Use --password-stdin.");
        }
        BufferedReader stdin = new BufferedReader(new InputStreamReader(ctx.in(), StandardCharsets.UTF_8));
        if (fromStdin) {
            if (user == null || user.isEmpty()) throw new CliException("Must provide --username with --password-stdin");
            password = new String(ctx.in().readAllBytes(), StandardCharsets.UTF_8).replaceAll("[\\r\\n]+$", "");
        }
        String server = in.args().isEmpty() ? DockerConfig.INDEX_SERVER : in.args().getFirst();
        if (user == null || user.isEmpty()) {
            ctx.out().print("Username: ");
            ctx.out().flush();
            String line = stdin.readLine();
            user = line == null ? "" : line.strip();
            if (user.isEmpty()) throw new CliException("Error: Non-null Username Required");
        }
        if (password == null || password.isEmpty()) {
            Console console = System.console();
            if (console != null && ctx.streams().inIsTerminal()) {
                char[] pw = console.readPassword("Password: ");
                password = pw == null ? "" : new String(pw);
            } else {
                ctx.out().print("Password: ");
                ctx.out().flush();
                String line = stdin.readLine();
                password = line == null ? "" : line;
                ctx.out().println();
            }
            if (password.isEmpty()) throw new CliException("Error: Password Required");
        }
        String status = ctx.client().login(user, password, server);
        String key = server.equals(DockerConfig.INDEX_SERVER) ? server : hostname(server);
        DockerConfig config = DockerConfig.load(ctx.globals().configDir(ctx.envFunction()));
        boolean inFile = config.store(new DockerConfig.AuthConfig(user, password, key, null));
        if (inFile) {
            ctx.err().println("WARNING! Your credentials are stored unencrypted in '" + config.file() + "'.");
            ctx.err().println("Configure a credential helper to remove this warning. See");
            ctx.err().println("https://docs.docker.com/go/credential-store/");
            ctx.err().println();
        }
        ctx.out().println(status == null || status.isEmpty() ? "Login Succeeded" : status);
        return 0;
    }

    static String hostname(String address) {
        String s = address.replaceFirst("^(?i)https?://", "");
        int slash = s.indexOf('/');
        return slash < 0 ? s : s.substring(0, slash);
    }
}
