package dev.berth.cli.render;

import dev.berth.api.EventMessage;
import dev.berth.cli.format.GoTime;
import dev.berth.cli.template.StructObject;
import dev.berth.cli.template.Values;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** How {@code berth events} shows an event: docker's one-line form, or template data for {@code --format}. */
public final class EventView {
    private EventView() {}

    /** {@code 2024-01-02T15:04:05.000000000Z container die 0123abcd (exitCode=0, image=busybox, name=x)}. */
    public static String line(EventMessage e, ZoneId zone) {
        StringBuilder sb = new StringBuilder();
        if (e.timeNano() != 0) {
            sb.append(GoTime.rfc3339NanoFixed(Instant.ofEpochSecond(0, e.timeNano()), zone)).append(' ');
        } else if (e.time() != 0) {
            sb.append(GoTime.rfc3339NanoFixed(Instant.ofEpochSecond(e.time()), zone)).append(' ');
        }
        String actorId = e.actor() == null ? "" : nz(e.actor().id());
        sb.append(nz(e.type())).append(' ').append(nz(e.action())).append(' ').append(actorId);
        Map<String, String> attrs = e.actor() == null || e.actor().attributes() == null ? Map.of() : e.actor().attributes();
        if (!attrs.isEmpty()) {
            StringBuilder a = new StringBuilder();
            for (var entry : new TreeMap<>(attrs).entrySet()) {
                if (!a.isEmpty()) a.append(", ");
                a.append(entry.getKey()).append('=').append(entry.getValue());
            }
            sb.append(" (").append(a).append(')');
        }
        return sb.append('\n').toString();
    }

    /** An event as docker's {@code events.Message} struct: Go field names for templates, JSON names for {@code json}. */
    public static StructObject data(EventMessage e) {
        Map<String, Object> actor = new LinkedHashMap<>();
        actor.put("ID", e == null || e.actor() == null ? "" : nz(e.actor().id()));
        actor.put("Attributes", e == null || e.actor() == null || e.actor().attributes() == null
                ? Values.NIL_STRING_MAP : new Values.StringMap(e.actor().attributes()));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", e == null ? "" : nz(e.status()));
        m.put("id", e == null ? "" : nz(e.id()));
        m.put("from", e == null ? "" : nz(e.from()));
        m.put("Type", e == null ? "" : nz(e.type()));
        m.put("Action", e == null ? "" : nz(e.action()));
        m.put("Actor", new StructObject("events.Actor", actor));
        m.put("scope", e == null ? "" : nz(e.scope()));
        m.put("time", e == null ? 0L : e.time());
        m.put("timeNano", e == null ? 0L : e.timeNano());
        return new StructObject("*events.Message", m, Set.of("status", "id", "from", "scope", "time", "timeNano"), false)
                .withAlias("Status", "status").withAlias("ID", "id").withAlias("From", "from")
                .withAlias("Scope", "scope").withAlias("Time", "time").withAlias("TimeNano", "timeNano");
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
