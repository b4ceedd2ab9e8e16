package dev.berth.engine.container;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * A container's state as Docker reports it ({@code State} in inspect).
 *
 * @param status     see {@link Status}
 * @param pid        the init process on the host while it runs, else 0
 * @param exitCode   the last exit code (0 before the first exit; 126/127/128 when a start failed)
 * @param error      why the last start failed, else empty
 * @param startedAt  when it last started, null if never (Docker shows {@code 0001-01-01T00:00:00Z})
 * @param finishedAt when it last exited, null if never
 * @param oomKilled  the OOM killer killed a process of the last run
 */
public record ContainerState(Status status, long pid, int exitCode, String error, Instant startedAt, Instant finishedAt,
                             boolean oomKilled) {
    public ContainerState {
        if (status == null) throw new IllegalArgumentException("a state needs a status");
        if (error == null) error = "";
    }

    /** The state of a container that was just created. */
    public static ContainerState created() {
        return new ContainerState(Status.CREATED, 0, 0, "", null, null, false);
    }

    /** Docker's status names, as {@code docker ps --filter status=} and {@code State.Status} spell them ({@link #value()}). */
    public enum Status {
        CREATED, RUNNING, PAUSED, RESTARTING, REMOVING, EXITED, DEAD;

        /** The lowercase name: {@code created}, {@code running}, ... */
        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** From the lowercase name. */
        public static Status parse(String value) {
            for (Status s : values()) if (s.value().equals(value)) return s;
            throw new dev.berth.common.EngineException.InvalidArgument("Unrecognised filter value for status: " + value);
        }
    }

    /** Docker's {@code State.Running}: true while running, paused, or waiting to be restarted by its policy. */
    public boolean running() {
        return status == Status.RUNNING || status == Status.PAUSED || status == Status.RESTARTING;
    }

    public boolean paused() { return status == Status.PAUSED; }
    public boolean restarting() { return status == Status.RESTARTING; }
    public boolean dead() { return status == Status.DEAD; }
    public boolean removing() { return status == Status.REMOVING; }

    ContainerState withStatus(Status s) {
        return new ContainerState(s, pid, exitCode, error, startedAt, finishedAt, oomKilled);
    }

    /**
     * The human status of {@code docker ps} ({@code Up 3 seconds}, {@code Exited (0) 2 minutes ago},
     * {@code Up 1 second (Paused)}, {@code Restarting (1) Less than a second ago}, {@code Created},
     * {@code Removal In Progress}, {@code Dead}), as moby's {@code State.String()} words it.
     */
    public String describe(Instant now) {
        return switch (status) {
            case RUNNING -> "Up " + humanDuration(Duration.between(startedAt, now));
            case PAUSED -> "Up " + humanDuration(Duration.between(startedAt, now)) + " (Paused)";
            case RESTARTING -> "Restarting (" + exitCode + ") " + humanDuration(Duration.between(finishedAt, now)) + " ago";
            case REMOVING -> "Removal In Progress";
            case DEAD -> "Dead";
            case CREATED -> "Created";
            case EXITED -> startedAt == null ? "Created"
                    : finishedAt == null ? "" : "Exited (" + exitCode + ") " + humanDuration(Duration.between(finishedAt, now)) + " ago";
        };
    }

    /** go-units' {@code HumanDuration}. */
    static String humanDuration(Duration d) {
        long seconds = d.getSeconds();
        if (seconds < 1) return "Less than a second";
        if (seconds == 1) return "1 second";
        if (seconds < 60) return seconds + " seconds";
        long minutes = d.toMinutes();
        if (minutes == 1) return "About a minute";
        if (minutes < 60) return minutes + " minutes";
        long hours = Math.round(d.toMillis() / 3_600_000.0);
        if (hours == 1) return "About an hour";
        if (hours < 48) return hours + " hours";
        if (hours < 24 * 7 * 2) return hours / 24 + " days";
        if (hours < 24 * 30 * 2) return hours / 24 / 7 + " weeks";
        if (hours < 24 * 365 * 2) return hours / 24 / 30 + " months";
        return d.toHours() / 24 / 365 + " years";
    }
}
