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

        assertThat(report.rows()).extracting(Row::number)
                .containsExactly("1", "2", "3", "4", "5", "5", "6", "6", "7", "7");
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
