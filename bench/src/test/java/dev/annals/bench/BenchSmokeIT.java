package dev.annals.bench;

import dev.annals.bench.report.Report;
import dev.annals.bench.report.Row;
import dev.annals.devstack.service.ServiceCatalog;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bench in miniature, in every build, so that it cannot rot: every figure must be measured against its
 * baseline and written out. It asserts that the run works and that every call was answered with a 2xx, never how
 * fast anything was: benchmarks are not tests.
 */
class BenchSmokeIT {

    @Test
    void everyFigureIsMeasuredAgainstItsBaselineAndWrittenOut() throws IOException {
        Path repository = ServiceCatalog.repositoryAround(Path.of("")).orElseThrow();
        Path output = Path.of("target/bench-smoke");

        Report report = BenchRun.run(BenchPlan.smoke(), repository, output, false, System.out);

        assertThat(report.rows()).extracting(Row::number).containsExactly("1", "2", "3", "4", "5", "5", "6", "6",
                // each store's start from an empty and from a kept state directory, at each of two counts
                "7", "7", "7", "7", "7", "7", "7", "7",
                // heap and resident set with each store, RocksDB's state directory
                "8", "8", "8", "8", "8",
                // three topics after the backlog and after the HTTP figures, the compacted changelog, PostgreSQL
                "9", "9", "9", "9", "9", "9", "9", "9", "9");
        assertThat(report.rows()).allSatisfy(row -> {
            assertThat(row.annals().value()).as(row.figure()).isFinite().isPositive();
            assertThat(row.base().value()).as(row.figure() + " baseline").isFinite().isPositive();
            assertThat(row.note()).as(row.figure() + ": calls without a 2xx").isEmpty();
        });
        String markdown = Files.readString(output.resolve("bench.md"));
        assertThat(markdown).contains("| # | figure |", "machine:");
        report.rows().forEach(row -> assertThat(markdown).contains(row.figure(), row.ratioText()));
    }
}
