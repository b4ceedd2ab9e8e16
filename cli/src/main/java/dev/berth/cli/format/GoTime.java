package dev.berth.cli.format;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Go's time layouts that docker output uses. Calendar fields are computed by hand rather than
 * with {@code java.time}'s date classes and formatters, whose set-up costs noticeable CLI
 * start-up time; only the zone offset comes from the zone rules.
 */
public final class GoTime {
    private static final String[] DAYS = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    private GoTime() {}

    /** Go's {@code time.Time.String()}: {@code 2024-01-02 15:04:05 +0000 UTC} (fractional seconds trimmed). */
    public static String string(Instant t, ZoneId zone) {
        int off = offsetSeconds(t, zone);
        StringBuilder sb = new StringBuilder();
        dateTime(sb, t.getEpochSecond() + off, ' ');
        int nanos = t.getNano();
        if (nanos != 0) {
            String frac = pad(nanos, 9);
            int end = frac.length();
            while (end > 0 && frac.charAt(end - 1) == '0') end--;
            sb.append('.').append(frac, 0, end);
        }
        sb.append(' ').append(offset(off, false)).append(' ').append(zoneAbbreviation(t, zone, off));
        return sb.toString();
    }

    /** Go's {@code time.RFC3339}: {@code 2024-01-02T15:04:05Z} or {@code 2024-01-02T15:04:05+01:00}. */
    public static String rfc3339(Instant t, ZoneId zone) {
        int off = offsetSeconds(t, zone);
        StringBuilder sb = new StringBuilder();
        dateTime(sb, t.getEpochSecond() + off, 'T');
        return sb.append(offset(off, true)).toString();
    }

    /** Go's {@code 2006-01-02T15:04:05.000000000Z07:00}, as docker prints events and messages. */
    public static String rfc3339NanoFixed(Instant t, ZoneId zone) {
        int off = offsetSeconds(t, zone);
        StringBuilder sb = new StringBuilder();
        dateTime(sb, t.getEpochSecond() + off, 'T');
        return sb.append('.').append(pad(t.getNano(), 9)).append(offset(off, true)).toString();
    }

    /** Go's {@code time.ANSIC}: {@code Mon Jan  2 15:04:05 2006}. */
    public static String ansic(Instant t, ZoneId zone) {
        long local = t.getEpochSecond() + offsetSeconds(t, zone);
        long days = Math.floorDiv(local, 86400);
        int[] ymd = civil(days);
        StringBuilder sb = new StringBuilder();
        sb.append(DAYS[(int) Math.floorMod(days + 4, 7L)]).append(' ').append(MONTHS[ymd[1] - 1]).append(' ');
        if (ymd[2] < 10) sb.append(' ');
        sb.append(ymd[2]).append(' ');
        time(sb, Math.floorMod(local, 86400));
        return sb.append(' ').append(ymd[0]).toString();
    }

    /** Seconds since the epoch of a UTC calendar date and time (proleptic Gregorian). */
    public static long epochSecond(int year, int month, int day, int hour, int minute, int second) {
        int y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        long days = era * 146097 + doe - 719468;
        return days * 86400 + hour * 3600L + minute * 60L + second;
    }

    /** {year, month, day} of a day count since 1970-01-01 (Howard Hinnant's civil_from_days). */
    private static int[] civil(long z) {
        z += 719468;
        long era = Math.floorDiv(z, 146097);
        long doe = z - era * 146097;
        long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int d = (int) (doy - (153 * mp + 2) / 5 + 1);
        int m = (int) (mp < 10 ? mp + 3 : mp - 9);
        int y = (int) (yoe + era * 400 + (m <= 2 ? 1 : 0));
        return new int[] {y, m, d};
    }

    private static void dateTime(StringBuilder sb, long local, char sep) {
        int[] ymd = civil(Math.floorDiv(local, 86400));
        sb.append(pad(ymd[0], 4)).append('-').append(pad(ymd[1], 2)).append('-').append(pad(ymd[2], 2)).append(sep);
        time(sb, Math.floorMod(local, 86400));
    }

    private static void time(StringBuilder sb, long secondOfDay) {
        int s = (int) secondOfDay;
        sb.append(pad(s / 3600, 2)).append(':').append(pad((s / 60) % 60, 2)).append(':').append(pad(s % 60, 2));
    }

    private static int offsetSeconds(Instant t, ZoneId zone) {
        if (zone instanceof ZoneOffset o) return o.getTotalSeconds();
        return zone.getRules().getOffset(t).getTotalSeconds();
    }

    private static String pad(int v, int width) {
        String s = Integer.toString(v);
        StringBuilder sb = new StringBuilder();
        for (int i = s.length(); i < width; i++) sb.append('0');
        return sb.append(s).toString();
    }

    private static String offset(int secs, boolean zulu) {
        if (secs == 0 && zulu) return "Z";
        char sign = secs < 0 ? '-' : '+';
        secs = Math.abs(secs);
        String hh = pad(secs / 3600, 2);
        String mm = pad((secs / 60) % 60, 2);
        return zulu ? sign + hh + ":" + mm : sign + hh + mm;
    }

    private static String zoneAbbreviation(Instant t, ZoneId zone, int off) {
        if (zone instanceof ZoneOffset) return off == 0 ? "UTC" : offset(off, false);
        if (zone.getId().equals("UTC") || zone.getId().equals("Etc/UTC")) return "UTC";
        return t.atZone(zone).format(DateTimeFormatter.ofPattern("zzz", Locale.ENGLISH));
    }
}
