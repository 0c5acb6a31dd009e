package dev.annals.bench.figures;

import dev.annals.bench.http.Answer;
import dev.annals.bench.http.CallSource;
import dev.annals.bench.http.ClosedLoop;
import dev.annals.bench.http.ConstantRate;
import dev.annals.bench.http.Latencies;
import dev.annals.bench.http.Throughput;
import dev.annals.bench.report.Measure;
import dev.annals.bench.report.Row;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Figures 1, 2, 5 and 6, all over HTTP from the bench's own client. Each is measured right after its hello-world
 * baseline, with the same client, concurrency or rate, on the same cores.
 */
public final class HttpFigures {

    private static final String HELLO_BODY = "{\"amount\":1}";

    private HttpFigures() {
    }

    /** Figures 1 and 2; answers the command throughput, which figures 5 and 6 take half of. */
    public static double throughput(BenchContext context) {
        Bank bank = context.bank();
        String hello = context.system().helloUrl() + "/hello";
        int clients = context.plan().concurrency();
        ClosedLoop loop = new ClosedLoop(context.http(), clients, context.plan().warmUp(), context.plan().window());

        context.progress("figure 1: " + clients + " clients, hello-world POST, then deposits");
        Throughput helloPost = loop.run(n -> http -> http.postJson(hello, HELLO_BODY));
        Throughput commands = loop.run(n -> http -> bank.deposit(http, bank.anyAccount()));
        context.record(new Row("1", "command throughput", "POST deposit, " + clients + " clients",
                Measure.perSecond(commands.perSecond(), "req"), "hello-world POST, same client",
                Measure.perSecond(helloPost.perSecond(), "req"), failures(commands, helloPost)));

        context.progress("figure 2: " + clients + " clients, hello-world GET, then account reads");
        Throughput helloGet = loop.run(n -> http -> http.get(hello));
        Throughput queries = loop.run(n -> http -> bank.read(http, bank.anyAccount(), Optional.empty()));
        context.record(new Row("2", "query throughput", "GET account, " + clients + " clients",
                Measure.perSecond(queries.perSecond(), "req"), "hello-world GET, same client",
                Measure.perSecond(helloGet.perSecond(), "req"), failures(queries, helloGet)));
        return commands.perSecond();
    }

    /**
     * Figures 5 and 6 at {@code rate} calls per second: a command's latency against hello-world's at the same
     * rate, then a command followed by the read that waits for it (its consistency token), against the command's.
     */
    public static void latency(BenchContext context, double rate) {
        Bank bank = context.bank();
        String hello = context.system().helloUrl() + "/hello";
        ConstantRate generator = new ConstantRate(context.http(), context.plan().warmUp(), context.plan().window());
        String at = String.format(Locale.ROOT, "%.0f/s", rate);

        context.progress("figure 5: hello-world POST, then deposits, at " + at);
        Latencies helloLatency = generator.run(rate, n -> http -> http.postJson(hello, HELLO_BODY));
        Latencies commandLatency = generator.run(rate, n -> http -> bank.deposit(http, bank.anyAccount()));
        String failed5 = failures(commandLatency, helloLatency);
        context.record(new Row("5", "command latency p50", "POST deposit at " + at + " (half the max)",
                Measure.millis(commandLatency.p50Millis()), "hello-world POST at " + at,
                Measure.millis(helloLatency.p50Millis()), failed5));
        context.record(new Row("5", "command latency p99", "POST deposit at " + at,
                Measure.millis(commandLatency.p99Millis()), "hello-world POST at " + at,
                Measure.millis(helloLatency.p99Millis()), ""));

        context.progress("figure 6: deposit, then the read that waits for it, at " + at);
        CallSource writeThenRead = n -> http -> {
            String account = bank.anyAccount();
            return bank.deposit(http, account).thenCompose(written -> written.ok()
                    ? bank.read(http, account, written.consistencyToken())
                    : CompletableFuture.<Answer>completedFuture(written));
        };
        Latencies visible = generator.run(rate, writeThenRead);
        context.record(new Row("6", "command → visible in query p50", "deposit, then GET with its token, "
                + at, Measure.millis(visible.p50Millis()), "the deposit alone (figure 5)",
                Measure.millis(commandLatency.p50Millis()), failures(visible, commandLatency)));
        context.record(new Row("6", "command → visible in query p99", "deposit, then GET with its token, "
                + at, Measure.millis(visible.p99Millis()), "the deposit alone (figure 5)",
                Measure.millis(commandLatency.p99Millis()), ""));
    }

    private static String failures(Throughput measured, Throughput baseline) {
        return failures(measured.failed(), measured.otherStatuses(), baseline.failed(), baseline.otherStatuses());
    }

    private static String failures(Latencies measured, Latencies baseline) {
        return failures(measured.failed(), measured.otherStatuses(), baseline.failed(), baseline.otherStatuses());
    }

    /** Calls without a 2xx are not counted in the figure; the note says how many there were, and what they got. */
    private static String failures(long failed, Map<Integer, Long> statuses, long baselineFailed,
                                   Map<Integer, Long> baselineStatuses) {
        if (failed == 0 && baselineFailed == 0) {
            return "";
        }
        return failed + " calls without a 2xx " + statuses + ", baseline " + baselineFailed + " "
                + baselineStatuses + " (status -1: no answer)";
    }
}
