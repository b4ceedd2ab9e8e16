package dev.berth.engine.container;

import java.util.List;

/**
 * Which containers {@code docker ps} lists: its {@code -a} and {@code -n} flags and {@code --filter}
 * values, as the API layer decoded them. Values of one filter are alternatives (any matches); filters
 * combine with AND. Docker's rules: a {@code status} filter implies {@code all}; so do
 * {@code limit}, {@code before} and {@code since}.
 *
 * @param all       include containers that are not running
 * @param limit     at most this many, newest first (0 or negative: no limit)
 * @param ids       regular expressions matched against the id ({@code id=})
 * @param names     regular expressions matched against the name with its slash ({@code name=})
 * @param labels    {@code key} or {@code key=value} ({@code label=}); all must match
 * @param statuses  {@code created}, {@code running}, {@code paused}, {@code restarting}, {@code removing},
 *                  {@code exited}, {@code dead}
 * @param exited    exit codes of stopped containers ({@code exited=})
 * @param ancestors images by name or id ({@code ancestor=}): containers of that image or of images built on it
 * @param before    a container (name or id): only containers created before it
 * @param since     a container (name or id): only containers created after it
 */
public record ContainerQuery(boolean all, int limit, List<String> ids, List<String> names, List<String> labels,
                             List<String> statuses, List<Integer> exited, List<String> ancestors, String before,
                             String since) {
    public ContainerQuery {
        ids = copy(ids);
        names = copy(names);
        labels = copy(labels);
        statuses = copy(statuses);
        exited = copy(exited);
        ancestors = copy(ancestors);
    }

    /** Running containers only ({@code docker ps}). */
    public static ContainerQuery running() {
        return new ContainerQuery(false, 0, null, null, null, null, null, null, null, null);
    }

    /** Every container ({@code docker ps -a}). */
    public static ContainerQuery everything() {
        return new ContainerQuery(true, 0, null, null, null, null, null, null, null, null);
    }

    public ContainerQuery withLabels(List<String> l) {
        return new ContainerQuery(all, limit, ids, names, l, statuses, exited, ancestors, before, since);
    }

    public ContainerQuery withStatuses(List<String> s) {
        return new ContainerQuery(all, limit, ids, names, labels, s, exited, ancestors, before, since);
    }

    public ContainerQuery withNames(List<String> n) {
        return new ContainerQuery(all, limit, ids, n, labels, statuses, exited, ancestors, before, since);
    }

    private static <T> List<T> copy(List<T> l) {
        return l == null ? List.of() : List.copyOf(l);
    }
}
