package dev.berth.runtime.conmon;

import dev.berth.runtime.spec.Spec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds an exec's process from the container's, as Docker does: the container's capabilities,
 * no-new-privileges, AppArmor profile and rlimits; its environment with the exec's entries on top;
 * the exec's user and working directory if given, else the container's.
 */
public final class ExecProcesses {
    private ExecProcesses() {}

    /**
     * @param container the container's spec process
     * @param args the command
     * @param env extra {@code KEY=value} entries ({@code -e})
     * @param cwd the working directory ({@code -w}), or null for the container's
     * @param user the user ({@code -u}, resolved to ids by the caller), or null for the container's
     * @param terminal a terminal ({@code -t})
     * @param privileged {@code --privileged}: all of {@code allCapabilities}
     * @param allCapabilities what "all" means on this host
     */
    public static Spec.Process derive(Spec.Process container, List<String> args, List<String> env, String cwd, Spec.User user,
                                      boolean terminal, boolean privileged, List<String> allCapabilities) {
        Map<String, String> byKey = new LinkedHashMap<>();
        for (String e : container.env()) byKey.put(key(e), e);
        for (String e : env) byKey.put(key(e), e);
        Spec.Capabilities caps = privileged ? Spec.Capabilities.of(allCapabilities) : container.capabilities();
        return new Spec.Process(terminal, null, user != null ? user : container.user(), args, new ArrayList<>(byKey.values()),
                cwd != null && !cwd.isEmpty() ? cwd : container.cwd(), caps, container.rlimits(), container.noNewPrivileges(),
                container.apparmorProfile(), null);
    }

    private static String key(String entry) {
        int eq = entry.indexOf('=');
        return eq < 0 ? entry : entry.substring(0, eq);
    }
}
