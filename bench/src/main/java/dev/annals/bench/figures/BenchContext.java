package dev.annals.bench.figures;

import dev.annals.bench.BenchPlan;
import dev.annals.bench.http.HttpLoad;
import dev.annals.bench.kafka.KafkaAdmin;
import dev.annals.bench.report.Report;
import dev.annals.bench.report.Row;
import dev.annals.bench.system.BenchSystem;

import java.io.PrintStream;
import java.nio.file.Path;

/** What every figure works with: the running system, the plan's sizes, the clients, and where results go. */
public record BenchContext(BenchSystem system, BenchPlan plan, HttpLoad http, KafkaAdmin kafka, Report report,
                           Path output, PrintStream log) {

    public Bank bank() {
        return new Bank(this);
    }

    /** Adds a row to the report, and shows it at once: a failure later must not hide what was measured. */
    public void record(Row row) {
        report.add(row);
        progress("  " + row.figure() + ": " + row.annals() + " vs " + row.base() + " (" + row.baseline() + "), ratio "
                + row.ratioText() + (row.note().isEmpty() ? "" : "; " + row.note()));
    }

    /** A line of progress, so a ten-minute run does not look hung. */
    public void progress(String message) {
        log.println("bench: " + message);
    }
}
