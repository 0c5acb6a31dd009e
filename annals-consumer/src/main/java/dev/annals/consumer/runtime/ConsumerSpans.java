package dev.annals.consumer.runtime;

import dev.annals.consumer.Deadline;
import dev.annals.consumer.runtime.failure.Failures;
import dev.annals.consumer.runtime.loop.BatchEntry;
import dev.annals.core.envelope.EventEnvelope;
import dev.annals.core.topic.Topics;
import dev.annals.telemetry.SpanAttributes;
import dev.annals.telemetry.Traces;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import org.apache.kafka.common.TopicPartition;

import java.util.Locale;

/**
 * The spans of a consumer's work: one for each event a projection or reactor handles, in the trace the event
 * carries ({@code <consumer> process <EventType>}), and one for each deadline a reactor fires, a trace of its
 * own. An event the consumer has no handler for is no span.
 */
public final class ConsumerSpans {

    private final Tracer tracer;

    public ConsumerSpans(Tracer tracer) {
        this.tracer = tracer;
    }

    public Span handling(ConsumerPlan plan, BatchEntry entry) {
        EventEnvelope event = entry.envelope();
        return Traces.kafkaSpan(tracer, plan.name() + " process " + event.eventType(), SpanKind.CONSUMER,
                        entry.record().topic(), "process")
                .setParent(Traces.parentOf(event.trace()))
                .setAttribute(SpanAttributes.MESSAGING_CONSUMER_GROUP, plan.consumerGroup())
                .setAttribute(SpanAttributes.MESSAGING_PARTITION, (long) entry.record().partition())
                .setAttribute(SpanAttributes.MESSAGING_OFFSET, entry.offset())
                .setAttribute(SpanAttributes.MESSAGE_ID, event.id())
                .setAttribute(SpanAttributes.CONSUMER, plan.name())
                .setAttribute(SpanAttributes.CONSUMER_KIND, kind(plan))
                .setAttribute(SpanAttributes.AGGREGATE_TYPE, event.aggregateType())
                .setAttribute(SpanAttributes.AGGREGATE_ID, event.aggregateId())
                .setAttribute(SpanAttributes.AGGREGATE_VERSION, event.aggregateVersion())
                .setAttribute(SpanAttributes.EVENT_TYPE, event.eventType())
                .startSpan();
    }

    public Span firing(ConsumerPlan plan, Deadline deadline, TopicPartition partition) {
        return tracer.spanBuilder(plan.name() + " deadline " + deadline.name())
                .setSpanKind(SpanKind.INTERNAL)
                .setParent(Context.root())
                .setAttribute(SpanAttributes.CONSUMER, plan.name())
                .setAttribute(SpanAttributes.CONSUMER_KIND, kind(plan))
                .setAttribute(SpanAttributes.AGGREGATE_TYPE, Topics.aggregateTypeOfEvents(partition.topic())
                        .orElse(partition.topic()))
                .setAttribute(SpanAttributes.MESSAGING_PARTITION, (long) partition.partition())
                .startSpan();
    }

    private static String kind(ConsumerPlan plan) {
        return plan.kind().name().toLowerCase(Locale.ROOT);
    }

    /** Ends {@code span}, failed if {@code failure} is not null. */
    public static void end(Span span, Throwable failure) {
        if (failure != null) {
            span.setStatus(StatusCode.ERROR, Failures.describe(failure));
            span.recordException(failure);
        }
        span.end();
    }
}
