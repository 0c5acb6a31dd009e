package dev.annals.bench.report;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/** The rows of a run as they come in, printed as a table at the end and written as Markdown. */
public final class Report {

    private final String plan;
    private final Machine machine;
    private final Instant started = Instant.now();
    private final List<Row> rows = Collections.synchronizedList(new ArrayList<>());
    private final List<String> notes = Collections.synchronizedList(new ArrayList<>());

    public Report(String plan, Machine machine) {
        this.plan = plan;
        this.machine = machine;
    }

    public void add(Row row) {
        rows.add(row);
    }

    /** Something worth knowing beside the table, e.g. the plain consumer's read of the changelog. */
    public void note(String note) {
        notes.add(note);
    }

    /** The rows in figure order, whatever order they were measured in. */
    public List<Row> rows() {
        synchronized (rows) {
            return rows.stream().sorted(Comparator.comparing(Row::number)).toList();
        }
    }

    public void print(PrintStream out) {
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {"#", "figure", "measured", "Annals", "baseline", "baseline", "ratio"});
        rows().forEach(row -> lines.add(new String[] {row.number(), row.figure(), row.measured(), row.annals().toString(),
                row.baseline(), row.base().toString(), row.ratioText()}));
        int[] widths = new int[7];
        lines.forEach(line -> {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        });
        out.println();
        out.println("Annals bench (" + plan + " run), " + machine);
        for (String[] line : lines) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                String cell = pad(line[i], widths[i], i == 3 || i == 5 || i == 6);
                text.append(cell).append(i < line.length - 1 ? "  " : "");
            }
            out.println(text.toString().stripTrailing());
        }
        rows().stream().filter(row -> !row.note().isEmpty())
                .forEach(row -> out.println("  " + row.figure() + ": " + row.note()));
        notes.forEach(note -> out.println("  " + note));
    }

    private static String pad(String text, int width, boolean right) {
        String spaces = " ".repeat(width - text.length());
        return right ? spaces + text : text + spaces;
    }

    /** Writes the run as Markdown: the machine, the table, the notes. */
    public void writeMarkdown(Path file) {
        StringBuilder md = new StringBuilder();
        md.append("# Annals bench, ").append(plan).append(" run\n\n");
        md.append("* started: ").append(started.truncatedTo(ChronoUnit.SECONDS)).append(", took ")
                .append(Duration.between(started, Instant.now()).toSeconds()).append(" s\n");
        md.append("* machine: ").append(machine).append("\n\n");
        md.append("| # | figure | measured | Annals | baseline | baseline | ratio |\n");
        md.append("|---|---|---|--:|---|--:|--:|\n");
        List<Row> all = rows();
        for (Row row : all) {
            md.append("| ").append(row.number()).append(" | ").append(row.figure()).append(" | ").append(row.measured()).append(" | ")
                    .append(row.annals()).append(" | ").append(row.baseline()).append(" | ").append(row.base())
                    .append(" | ").append(row.ratioText()).append(" |\n");
        }
        md.append("\nRatio = Annals ÷ baseline, measured side by side in this run: for a rate, below 1 is slower "
                + "than the baseline; for a time, above 1 is.\n");
        List<String> remarks = new ArrayList<>();
        all.stream().filter(row -> !row.note().isEmpty())
                .forEach(row -> remarks.add(row.figure() + ": " + row.note()));
        remarks.addAll(notes);
        if (!remarks.isEmpty()) {
            md.append('\n');
            remarks.forEach(note -> md.append("* ").append(note).append('\n'));
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, md.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
