package dev.berth.cli.format;

import dev.berth.cli.template.GoFormat;
import java.time.Duration;

/**
 * Sizes and durations as docker's {@code go-units} prints them: {@code 1.23MB} (decimal units,
 * {@code %.3g} or {@code %.4g}), {@code 1.5GiB} (binary), {@code 2 minutes}, {@code About an hour}.
 */
public final class Units {
    private static final String[] DECIMAL = {"B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};
    private static final String[] BINARY = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"};

    private Units() {}

    /** {@code units.HumanSizeWithPrecision}: decimal units with {@code precision} significant digits. */
    public static String humanSize(double size, int precision) {
        int i = 0;
        while (size >= 1000.0 && i < DECIMAL.length - 1) {
            size /= 1000.0;
            i++;
        }
        return GoFormat.formatFloat(size, 'g', precision) + DECIMAL[i];
    }

    /** {@code units.HumanSize}: four significant digits, as prune and df totals show. */
    public static String humanSize(double size) {
        return humanSize(size, 4);
    }

    /** {@code units.BytesSize}: binary units, four significant digits ({@code docker info} memory). */
    public static String bytesSize(double size) {
        int i = 0;
        while (size >= 1024.0 && i < BINARY.length - 1) {
            size /= 1024.0;
            i++;
        }
        return GoFormat.formatFloat(size, 'g', 4) + BINARY[i];
    }

    /** {@code units.HumanDuration}: "Less than a second", "About a minute", "3 hours", "2 weeks"... */
    public static String humanDuration(Duration d) {
        double secondsF = d.toNanos() / 1e9;
        long seconds = (long) secondsF;
        if (seconds < 1) return "Less than a second";
        if (seconds == 1) return "1 second";
        if (seconds < 60) return seconds + " seconds";
        long minutes = (long) (secondsF / 60);
        if (minutes == 1) return "About a minute";
        if (minutes < 60) return minutes + " minutes";
        long hours = (long) (secondsF / 3600 + 0.5);
        if (hours == 1) return "About an hour";
        if (hours < 48) return hours + " hours";
        if (hours < 24 * 7 * 2) return (hours / 24) + " days";
        if (hours < 24 * 30 * 2) return (hours / 24 / 7) + " weeks";
        if (hours < 24 * 365 * 2) return (hours / 24 / 30) + " months";
        return ((long) (secondsF / 3600) / 24 / 365) + " years";
    }
}
