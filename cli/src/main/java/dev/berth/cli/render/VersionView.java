package dev.berth.cli.render;

import dev.berth.api.VersionResponse;
import dev.berth.cli.BuildInfo;
import dev.berth.cli.format.GoTime;
import dev.berth.cli.format.TabWriter;
import dev.berth.cli.template.StructObject;
import dev.berth.cli.template.Values;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The data and default template of {@code berth version}: docker's template, with the client's
 * runtime shown as "Java version" (its value is also under {@code .Client.GoVersion}, so docker
 * format strings keep working).
 */
public final class VersionView {
    public static final String DEFAULT_TEMPLATE = """
            {{with .Client -}}
            Client:{{if ne .Platform nil}}{{if ne .Platform.Name ""}} {{.Platform.Name}}{{end}}{{end}}
             Version:\t{{.Version}}
             API version:\t{{.APIVersion}}{{if ne .APIVersion .DefaultAPIVersion}} (downgraded from {{.DefaultAPIVersion}}){{end}}
             Java version:\t{{.GoVersion}}
             Git commit:\t{{.GitCommit}}
             Built:\t{{.BuildTime}}
             OS/Arch:\t{{.Os}}/{{.Arch}}
             Context:\t{{.Context}}
            {{- end}}

            {{- if ne .Server nil}}{{with .Server}}

            Server:{{if ne .Platform.Name ""}} {{.Platform.Name}}{{end}}
             {{- range $component := .Components}}
             {{$component.Name}}:
              {{- if eq $component.Name "Engine" }}
              Version:\t{{.Version}}
              API version:\t{{index .Details "ApiVersion"}} (minimum version {{index .Details "MinAPIVersion"}})
              Go version:\t{{index .Details "GoVersion"}}
              Git commit:\t{{index .Details "GitCommit"}}
              Built:\t{{index .Details "BuildTime"}}
              OS/Arch:\t{{index .Details "Os"}}/{{index .Details "Arch"}}
              Experimental:\t{{index .Details "Experimental"}}
              {{- else }}
              Version:\t{{$component.Version}}
              {{- $detailsOrder := getDetailsOrder $component}}
              {{- range $key := $detailsOrder}}
              {{$key}}:\t{{index $component.Details $key}}
               {{- end}}
              {{- end}}
             {{- end}}
             {{- end}}{{- end}}""";

    private VersionView() {}

    /** The {@code .Client} part: this CLI. */
    public static StructObject client(BuildInfo build, String apiVersion, String context, ZoneId zone) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Platform", null);
        m.put("Version", build.version());
        m.put("ApiVersion", apiVersion);
        m.put("DefaultAPIVersion", apiVersion);
        m.put("GitCommit", build.commit());
        m.put("GoVersion", System.getProperty("java.runtime.version", ""));
        m.put("Os", System.getProperty("os.name", "linux").toLowerCase());
        m.put("Arch", goArch(System.getProperty("os.arch", "")));
        // docker prints its build time in the zone it was recorded in (UTC), not the local one
        m.put("BuildTime", build.buildTime() == null ? "" : GoTime.ansic(build.buildTime(), java.time.ZoneOffset.UTC));
        m.put("Context", context);
        return new StructObject("system.clientVersion", m, Set.of("Platform", "Version", "ApiVersion", "DefaultAPIVersion",
                "GitCommit", "GoVersion", "Os", "Arch", "BuildTime"), false).withAlias("APIVersion", "ApiVersion");
    }

    /** The {@code .Server} part from {@code GET /version}, with an Engine component as docker adds one. */
    public static StructObject server(VersionResponse v, ZoneId zone) {
        List<Object> components = new ArrayList<>();
        boolean engine = false;
        for (VersionResponse.Component c : v.components() == null ? List.<VersionResponse.Component>of() : v.components()) {
            Values.StringMap details = new Values.StringMap(c.details());
            if ("Engine".equals(c.name())) {
                engine = true;
                if (details.containsKey("BuildTime")) details.put("BuildTime", reformatDate(details.get("BuildTime"), zone));
            }
            components.add(component(c.name(), c.version(), details));
        }
        if (!engine) {
            Values.StringMap d = new Values.StringMap();
            d.put("ApiVersion", nz(v.apiVersion()));
            d.put("MinAPIVersion", nz(v.minApiVersion()));
            d.put("GitCommit", nz(v.gitCommit()));
            d.put("GoVersion", nz(v.goVersion()));
            d.put("Os", nz(v.os()));
            d.put("Arch", nz(v.arch()));
            d.put("BuildTime", reformatDate(nz(v.buildTime()), zone));
            d.put("Experimental", "false");
            components.add(component("Engine", nz(v.version()), d));
        }
        Map<String, Object> platform = new LinkedHashMap<>();
        platform.put("Name", v.platform() == null ? "" : nz(v.platform().get("Name")));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Platform", new StructObject("struct { Name string }", platform));
        m.put("Components", components);
        m.put("Version", nz(v.version()));
        m.put("ApiVersion", nz(v.apiVersion()));
        m.put("MinAPIVersion", nz(v.minApiVersion()));
        m.put("GitCommit", nz(v.gitCommit()));
        m.put("GoVersion", nz(v.goVersion()));
        m.put("Os", nz(v.os()));
        m.put("Arch", nz(v.arch()));
        m.put("KernelVersion", nz(v.kernelVersion()));
        m.put("BuildTime", nz(v.buildTime()));
        return new StructObject("*types.Version", m, Set.of("KernelVersion", "BuildTime"), false)
                .withAlias("APIVersion", "ApiVersion");
    }

    /** The whole {@code {Client, Server}} value; {@code server} null when the daemon did not answer. */
    public static StructObject data(StructObject client, StructObject server) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Client", client);
        m.put("Server", server);
        return new StructObject("system.versionInfo", m);
    }

    /** Lays out template output with docker's version tab writer (min width 20, padding 1). */
    public static String layout(String templateOutput) {
        StringBuilder out = new StringBuilder();
        TabWriter tw = new TabWriter(out, 20, 1, 1, ' ', false);
        tw.write(templateOutput);
        tw.write("\n");
        tw.flush();
        return out.toString();
    }

    private static StructObject component(String name, String version, Values.StringMap details) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Name", nz(name));
        m.put("Version", nz(version));
        m.put("Details", details);
        return new StructObject("types.ComponentVersion", m, Set.of("Details"), false);
    }

    /** docker's {@code reformatDate}: RFC 3339 to ANSIC, keeping the time's own offset. */
    private static String reformatDate(String buildTime, ZoneId zone) {
        try {
            java.time.OffsetDateTime t = java.time.OffsetDateTime.parse(buildTime);
            return GoTime.ansic(t.toInstant(), t.getOffset());
        } catch (DateTimeParseException e) {
            return buildTime;
        }
    }

    static String goArch(String javaArch) {
        return switch (javaArch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            case "x86", "i386", "i686" -> "386";
            default -> javaArch;
        };
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
