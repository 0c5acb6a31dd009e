package dev.annals.bench.report;

import java.util.Locale;

/** A number with its unit, e.g. 1,234 req/s or 12.3 ms. */
public record Measure(double value, String unit) {

    public static Measure perSecond(double value, String what) {
        return new Measure(value, what + "/s");
    }

    public static Measure millis(double value) {
        return new Measure(value, "ms");
    }

    public static Measure seconds(double value) {
        return new Measure(value, "s");
    }

    public static Measure bytes(double value) {
        return new Measure(value, "B");
    }

    public static Measure mebibytes(long bytes) {
        return new Measure(bytes / (1024.0 * 1024), "MiB");
    }

    @Override
    public String toString() {
        String number = value >= 100 ? String.format(Locale.ROOT, "%,.0f", value)
                : String.format(Locale.ROOT, "%.2f", value);
        return number + " " + unit;
    }
}
