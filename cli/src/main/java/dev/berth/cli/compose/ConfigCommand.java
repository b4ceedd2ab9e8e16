package dev.berth.cli.compose;

import dev.berth.cli.BerthCommand;
import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.cli.Flag;
import dev.berth.cli.Flags;
import dev.berth.cli.Invocation;
import dev.berth.compose.model.ConfigHash;
import dev.berth.cli.format.TabWriter;
import dev.berth.compose.model.ConfigWriter;
import dev.berth.compose.model.Interpolation;
import dev.berth.compose.model.ProjectLoader;
import dev.berth.compose.model.Project;
import dev.berth.compose.model.Service;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** {@code berth compose config}: the project after loading, merging, interpolation and normalisation. */
final class ConfigCommand implements BerthCommand {
    private static final Flags FLAGS = new Flags()
            .value(null, "format", Flag.Type.STRING, "Format the output. Values: [yaml | json]")
            .value(null, "hash", Flag.Type.STRING, "Print the service config hash, one per line.")
            .bool(null, "images", "Print the image names, one per line.")
            .bool(null, "networks", "Print the network names, one per line.")
            .bool(null, "no-interpolate", "Don't interpolate environment variables")
            .value("o", "output", Flag.Type.STRING, "Save to file (default to stdout)")
            .bool(null, "profiles", "Print the profile names, one per line.")
            .bool("q", "quiet", "Only validate the configuration, don't print anything")
            .bool(null, "services", "Print the service names, one per line.")
            .bool(null, "variables", "Print model variables and default values.")
            .bool(null, "volumes", "Print the volume names, one per line.")
            .args(0, -1);

    private final ComposeOptions options;

    ConfigCommand(ComposeOptions options) {
        this.options = options;
    }

    @Override
    public Flags flags() {
        return FLAGS;
    }

    @Override
    public int run(CliContext ctx, Invocation in) throws IOException {
        boolean raw = in.bool("no-interpolate") || in.bool("variables");
        if (raw && !in.args().isEmpty()) {
            ctx.err().println("WARN[0000] service filtering is not applied when --" + (in.bool("variables") ? "variables" : "no-interpolate")
                    + " is set, " + (in.bool("variables") ? "variables from " : "") + "the full model will be rendered");
        }
        Project p = raw ? ProjectLoader.loadWithoutInterpolation(options.loaderOptions(ctx, List.of()), w -> ctx.err().println("WARN[0000] " + w))
                : options.load(ctx, in.args());
        String format = in.string("format") == null ? "" : in.string("format");
        StringBuilder out = new StringBuilder();
        if (in.bool("variables")) {
            variables(out, Interpolation.variables(p.model()), format);
        } else if (in.bool("services")) {
            for (String s : p.services().keySet()) out.append(s).append('\n');
        } else if (in.bool("volumes")) {
            for (String v : p.resources("volumes").keySet()) out.append(v).append('\n');
        } else if (in.bool("networks")) {
            for (String n : p.resources("networks").keySet()) out.append(n).append('\n');
        } else if (in.bool("profiles")) {
            TreeSet<String> all = new TreeSet<>();
            for (Service s : p.services().values()) all.addAll(s.profiles());
            for (Service s : p.disabled().values()) all.addAll(s.profiles());
            for (String s : all) out.append(s).append('\n');
        } else if (in.bool("images")) {
            for (Service s : p.services().values()) out.append(s.image() != null ? s.image() : p.name() + "-" + s.name()).append('\n');
        } else if (in.string("hash") != null) {
            List<String> wanted = in.string("hash").equals("*") ? List.copyOf(p.services().keySet()) : List.of(in.string("hash").split(","));
            for (String n : wanted) out.append(n).append(' ').append(ConfigHash.of(p.service(n.strip()))).append('\n');
        } else {
            Map<String, Object> model = p.model();
            if (!in.args().isEmpty() && !raw) {
                model = new LinkedHashMap<>(model);
                Map<String, Object> only = new LinkedHashMap<>();
                for (String s : in.args()) only.put(s, p.service(s).raw());
                model.put("services", only);
            }
            if (format.equals("json")) out.append(ConfigWriter.json(model));
            else if (format.equals("yaml") || format.isEmpty()) out.append(ConfigWriter.yaml(model));
            else throw new CliException("unsupported format \"" + format + "\"");
        }
        if (in.bool("quiet")) return 0;
        String file = in.string("output");
        if (file != null && !file.isEmpty()) {
            Files.writeString(ctx.cwd().resolve(file), out);
        } else {
            ctx.out().print(out);
        }
        return 0;
    }

    /** {@code --variables}: a table (NAME, REQUIRED, DEFAULT VALUE, ALTERNATE VALUE), or YAML or JSON of the variables. */
    private static void variables(StringBuilder out, Map<String, Interpolation.Variable> vars, String format) {
        switch (format) {
            case "", "table", "pretty" -> {
                TabWriter w = new TabWriter(out, 20, 1, 3, ' ', false);
                w.write("NAME\tREQUIRED\tDEFAULT VALUE\tALTERNATE VALUE\n");
                for (Interpolation.Variable v : vars.values()) {
                    w.write(v.name() + "\t" + v.required() + "\t" + v.defaultValue() + "\t" + v.presenceValue() + "\n");
                }
                w.flush();
            }
            case "yaml" -> {
                for (Interpolation.Variable v : vars.values()) {
                    out.append(ConfigWriter.yamlScalar(v.name())).append(":\n");
                    for (String[] kv : new String[][] {{"name", v.name()}, {"defaultvalue", v.defaultValue()},
                            {"presencevalue", v.presenceValue()}}) {
                        out.append("    ").append(kv[0]).append(": ").append(ConfigWriter.yamlScalar(kv[1])).append('\n');
                    }
                    out.append("    required: ").append(v.required()).append('\n');
                }
            }
            case "json" -> {
                Map<String, Object> all = new LinkedHashMap<>();
                for (Interpolation.Variable v : vars.values()) {
                    Map<String, Object> fields = new LinkedHashMap<>();
                    fields.put("Name", v.name());
                    fields.put("DefaultValue", v.defaultValue());
                    fields.put("PresenceValue", v.presenceValue());
                    fields.put("Required", v.required());
                    all.put(v.name(), fields);
                }
                out.append(ConfigWriter.plainJson(all)).append('\n');
            }
            default -> throw new CliException("format value \"" + format + "\" could not be parsed: parsing failed");
        }
    }
}
