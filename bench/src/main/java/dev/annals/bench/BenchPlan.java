package dev.annals.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How big one bench run is. {@link #full()} is the run whose table goes into docs/benchmarks.md (under ten minutes
 * on two cores); {@link #smoke()} is the same run in miniature, which the build runs so that the bench cannot rot.
 *
 * @param accounts           bank accounts opened before the HTTP figures; their calls pick among them
 * @param backlog            deposits written straight to the commands topic for the append figure
 * @param concurrency        clients of the closed-loop throughput figures
 * @param warmUp             load before each measured window, not counted
 * @param window             each measured window
 * @param coldStartAggregates aggregate counts the processor's cold start is measured at
 * @param commandConfig      settings of command-service over its defaults, to measure a tuning
 */
public record BenchPlan(String name, int accounts, int backlog, int concurrency, Duration warmUp, Duration window,
                        List<Integer> coldStartAggregates, Map<String, String> commandConfig) {

    public BenchPlan {
        coldStartAggregates = List.copyOf(coldStartAggregates);
        commandConfig = Map.copyOf(commandConfig);
        if (coldStartAggregates.stream().anyMatch(count -> count < accounts)) {
            throw new IllegalArgumentException("the cold starts are measured after the " + accounts
                    + " accounts exist, so at no fewer aggregates: " + coldStartAggregates);
        }
    }

    public static BenchPlan full() {
        return new BenchPlan("full", 10_000, 100_000, 32, Duration.ofSeconds(8), Duration.ofSeconds(10),
                List.of(100_000, 1_000_000), Map.of());
    }

    public static BenchPlan smoke() {
        return new BenchPlan("smoke", 200, 2_000, 8, Duration.ofSeconds(1), Duration.ofSeconds(2),
                List.of(1_000, 5_000), Map.of());
    }

    public BenchPlan withCommandConfig(Map<String, String> config) {
        return new BenchPlan(name, accounts, backlog, concurrency, warmUp, window, coldStartAggregates, config);
    }
}
