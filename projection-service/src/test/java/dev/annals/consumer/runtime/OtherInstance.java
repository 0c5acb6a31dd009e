package dev.annals.consumer.runtime;

import dev.annals.consumer.runtime.failure.DeadLetters;
import dev.annals.consumer.runtime.loop.ConsumerRunner;
import dev.annals.consumer.runtime.reactor.ReactorSettings;
import dev.annals.consumer.schema.ConsumerSchemas;
import dev.annals.kafka.KafkaClients;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.enterprise.context.Dependent;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test code only: the consumers another instance of the service would run, in this JVM, for tests of several
 * instances — more consumers in a projection's group, more runners of a rebuild. Built as {@link Consumers}
 * builds its own, from the same beans and the runtime's package-private parts (hence this package), so the
 * shipped runtime needs no method for tests. {@link #close} stops them all.
 */
@Dependent
public class OtherInstance implements AutoCloseable {

    private record Running(ConsumerRunner runner, Thread thread) {
    }

    private final Consumers projections;
    private final RunnerServices services;
    private final DeadLetters deadLetters;
    private final List<Running> consumers = new CopyOnWriteArrayList<>();
    private final List<Running> rebuildRunners = new CopyOnWriteArrayList<>();
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private final int id = INSTANCES.incrementAndGet();

    OtherInstance(Consumers projections, ConsumerSettings settings, ReactorSettings reactors, KafkaClients kafka,
                  ReactiveTransactions transactions, ConsumerMetrics metrics, ConsumerSchemas schemas) {
        this.projections = projections;
        this.deadLetters = new DeadLetters(kafka);
        this.services = new RunnerServices(settings, reactors, kafka, transactions, deadLetters, metrics,
                schemas::trySwap, new ConsumerSpans(OpenTelemetry.noop().getTracer("other-instance")));
    }

    /** One more consumer of a running projection: it joins the projection's group, and a rebalance follows. */
    public void addConsumer(String projection) {
        consumers.add(launch(ConsumerRunner.live(projections.plan(projection), services)));
    }

    /** Stops the most recently added consumer; its partitions go to the others. */
    public void removeConsumer() {
        stop(consumers.removeLast());
    }

    /** One more runner of the rebuild into {@code generation}: it stands by, or takes the rebuild over. */
    public void addRebuildRunner(String projection, int generation) {
        rebuildRunners.add(launch(ConsumerRunner.rebuild(projections.plan(projection), generation, services)));
    }

    /** The states of the rebuild runners added here, oldest first. */
    public List<RunnerState> rebuildRunnerStates() {
        return rebuildRunners.stream().map(running -> running.runner().state()).toList();
    }

    @Override
    public void close() {
        consumers.forEach(running -> running.runner().stop());
        rebuildRunners.forEach(running -> running.runner().stop());
        consumers.forEach(OtherInstance::join);
        rebuildRunners.forEach(OtherInstance::join);
        deadLetters.close();
    }

    /**
     * The name {@link ProcessDeath} knows this instance's runner of {@code consumer} by: its thread's, told apart
     * from this JVM's own runner of the same consumer.
     */
    public String killable(String consumer) {
        return consumer + "~" + id;
    }

    private Running launch(ConsumerRunner runner) {
        Thread thread = new Thread(runner, "annals-consumer-" + killable(runner.consumerName()));
        thread.setDaemon(true);
        thread.start();
        return new Running(runner, thread);
    }

    private static void stop(Running running) {
        running.runner().stop();
        join(running);
    }

    private static void join(Running running) {
        try {
            running.thread().join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
