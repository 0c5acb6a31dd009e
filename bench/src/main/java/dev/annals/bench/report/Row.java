package dev.annals.bench.report;

import java.util.Locale;

/**
 * One line of the table: what Annals did, what its baseline did in the same run, and the ratio of the two
 * (Annals ÷ baseline: below 1 is slower for a rate, above 1 is slower for a time).
 *
 * @param number the figure's number in the issue and docs/benchmarks.md, e.g. {@code 5}
 * @param note   anything that qualifies the numbers, e.g. requests that did not get a 2xx
 */
public record Row(String number, String figure, String measured, Measure annals, String baseline, Measure base, String note) {

    public double ratio() {
        return annals.value() / base.value();
    }

    public String ratioText() {
        return String.format(Locale.ROOT, "%.2f", ratio());
    }
}
