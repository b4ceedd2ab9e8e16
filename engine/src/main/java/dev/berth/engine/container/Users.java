package dev.berth.engine.container;

import dev.berth.common.EngineException;
import dev.berth.runtime.spec.Spec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Resolves Docker's {@code --user user[:group]} against the container's {@code /etc/passwd} and
 * {@code /etc/group}, as runc's {@code GetExecUser} does: names are looked up, numbers taken as they
 * are (a uid missing from passwd gets gid 0); without a group, the user's primary group plus the
 * groups that list the user by name.
 */
final class Users {
    private Users() {}

    private record Passwd(String name, long uid, long gid) {}

    private record Group(String name, long gid, List<String> members) {}

    static Spec.User resolve(Path rootfs, String spec) {
        String userPart = spec == null ? "" : spec;
        String groupPart = null;
        int colon = userPart.indexOf(':');
        if (colon >= 0) {
            groupPart = userPart.substring(colon + 1);
            userPart = userPart.substring(0, colon);
        }
        List<Passwd> passwd = passwd(rootfs);
        long uid;
        long gid = 0;
        String name = null;
        if (userPart.isEmpty()) {
            uid = 0;
            Optional<Passwd> root = passwd.stream().filter(p -> p.uid() == 0).findFirst();
            if (root.isPresent()) {
                gid = root.get().gid();
                name = root.get().name();
            }
        } else if (isNumber(userPart)) {
            uid = Long.parseLong(userPart);
            Optional<Passwd> p = passwd.stream().filter(e -> e.uid() == uid).findFirst();
            if (p.isPresent()) {
                gid = p.get().gid();
                name = p.get().name();
            }
        } else {
            String wanted = userPart;
            Passwd p = passwd.stream().filter(e -> e.name().equals(wanted)).findFirst()
                    .orElseThrow(() -> new EngineException.InvalidArgument("unable to find user " + wanted + ": no matching entries in passwd file"));
            uid = p.uid();
            gid = p.gid();
            name = p.name();
        }
        List<Long> additional = new ArrayList<>();
        if (groupPart != null && !groupPart.isEmpty()) {
            if (isNumber(groupPart)) {
                gid = Long.parseLong(groupPart);
            } else {
                String wanted = groupPart;
                gid = groups(rootfs).stream().filter(g -> g.name().equals(wanted)).findFirst()
                        .orElseThrow(() -> new EngineException.InvalidArgument("unable to find group " + wanted + ": no matching entries in group file"))
                        .gid();
            }
        } else if (name != null) {
            for (Group g : groups(rootfs)) {
                if (g.members().contains(name) && g.gid() != gid && !additional.contains(g.gid())) additional.add(g.gid());
            }
        }
        return new Spec.User(uid, gid, null, additional);
    }

    private static List<Passwd> passwd(Path rootfs) {
        List<Passwd> out = new ArrayList<>();
        for (String line : RootfsPaths.read(rootfs, "/etc/passwd").orElse("").split("\n")) {
            String[] f = line.split(":", -1);
            if (f.length < 4 || line.startsWith("#")) continue;
            try {
                out.add(new Passwd(f[0], Long.parseLong(f[2].trim()), Long.parseLong(f[3].trim())));
            } catch (NumberFormatException ignored) {
                // a malformed line: skipped, as libc does
            }
        }
        return out;
    }

    private static List<Group> groups(Path rootfs) {
        List<Group> out = new ArrayList<>();
        for (String line : RootfsPaths.read(rootfs, "/etc/group").orElse("").split("\n")) {
            String[] f = line.split(":", -1);
            if (f.length < 3 || line.startsWith("#")) continue;
            try {
                List<String> members = f.length > 3 && !f[3].isBlank() ? List.of(f[3].trim().split(",")) : List.of();
                out.add(new Group(f[0], Long.parseLong(f[2].trim()), members));
            } catch (NumberFormatException ignored) {
                // skipped
            }
        }
        return out;
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.chars().allMatch(Character::isDigit) && s.length() < 11;
    }
}
