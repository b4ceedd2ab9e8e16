package dev.berth.engine.container;

import dev.berth.common.EngineException;
import dev.berth.engine.network.PortRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The ports a container publishes: {@code -p} bindings, and with {@code -P} every exposed port not bound otherwise. */
final class PortRequests {
    private PortRequests() {}

    static List<PortRequest> of(Container c) {
        Map<String, List<HostSpec.PortBinding>> bindings = new LinkedHashMap<>(c.hostConfig().portBindings());
        if (c.hostConfig().publishAllPorts() && c.config().exposedPorts() != null) {
            for (String port : c.config().exposedPorts().keySet()) {
                bindings.putIfAbsent(port, List.of(new HostSpec.PortBinding("", "")));
            }
        }
        List<PortRequest> out = new ArrayList<>();
        for (Map.Entry<String, List<HostSpec.PortBinding>> e : bindings.entrySet()) {
            String key = e.getKey();
            int slash = key.indexOf('/');
            String proto = slash < 0 ? "tcp" : key.substring(slash + 1);
            int port = containerPort(slash < 0 ? key : key.substring(0, slash), key);
            List<HostSpec.PortBinding> list = e.getValue() == null || e.getValue().isEmpty()
                    ? List.of(new HostSpec.PortBinding("", "")) : e.getValue();
            for (HostSpec.PortBinding b : list) {
                out.add(new PortRequest(port, proto, b.hostIp() == null ? "" : b.hostIp(), b.hostPort() == null ? "" : b.hostPort()));
            }
        }
        return out;
    }

    private static int containerPort(String s, String key) {
        try {
            int p = Integer.parseInt(s);
            if (p >= 1 && p <= 65535) return p;
        } catch (NumberFormatException ignored) {
            // below
        }
        throw new EngineException.InvalidArgument("invalid containerPort: " + key);
    }
}
