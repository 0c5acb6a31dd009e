package dev.annals.system.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** What the system tests did, for the short report printed (and written as Markdown) when they end. */
public final class Summary {

    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong checks = new AtomicLong();
    private final List<String> faults = new CopyOnWriteArrayList<>();
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final long startedNanos = System.nanoTime();
    private volatile Long seed;
    private final String title;

    public Summary() {
        this(null);
    }

    /** @param title what the run is, when it is not the shared system's */
    public Summary(String title) {
        this.title = title;
    }

    public void requests(long count) {
        requests.addAndGet(count);
    }

    /** One check that passed: an invariant verified over the whole state it covers. */
    public void checked(long count) {
        checks.addAndGet(count);
    }

    void seed(long seed) {
        this.seed = seed;
    }

    public void fault(String fault) {
        faults.add(fault);
    }

    /** A line of its own in the report, e.g. what one scenario measured. */
    public void line(String line) {
        lines.add(line);
    }

    public String report() {
        StringBuilder report = new StringBuilder("## Annals system tests" + (title == null ? "" : ": " + title)
                + "\n\n");
        report.append("- HTTP requests sent: ").append(requests.get()).append('\n');
        report.append("- faults injected: ").append(faults.size());
        if (!faults.isEmpty()) {
            report.append(" (").append(String.join("; ", faults)).append(')');
        }
        report.append('\n');
        report.append("- checks passed: ").append(checks.get()).append('\n');
        report.append("- time: ").append((System.nanoTime() - startedNanos) / 1_000_000_000).append(" s\n");
        lines.forEach(line -> report.append("- ").append(line).append('\n'));
        if (seed != null) {
            report.append("- random seed: ").append(seed).append(" (replay with -Dannals.system.seed=").append(seed)
                    .append(")\n");
        }
        return report.toString();
    }

    public void write(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, report());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the summary to " + file, e);
        }
    }
}
