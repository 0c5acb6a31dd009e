package dev.annals.telemetry;

import dev.annals.core.envelope.CommandHeaders;
import dev.annals.core.envelope.TraceContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Between a record's {@link TraceContext} and OpenTelemetry's: the parent of the span that handles a command or an
 * event, and the context a command or an event is written with. Always W3C Trace Context, whatever propagators a
 * service configures for HTTP: it is the records' format, which every reader of the log relies on.
 */
public final class Traces {

    private static final String TRACEPARENT = CommandHeaders.TRACEPARENT;
    private static final String TRACESTATE = CommandHeaders.TRACESTATE;
    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final TextMapGetter<TraceContext> FROM_RECORD = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(TraceContext trace) {
            return trace.tracestate().isPresent() ? List.of(TRACEPARENT, TRACESTATE) : List.of(TRACEPARENT);
        }

        @Override
        public String get(TraceContext trace, String key) {
            if (trace == null) {
                return null;
            }
            return switch (key) {
                case TRACEPARENT -> trace.traceparent();
                case TRACESTATE -> trace.tracestate().orElse(null);
                default -> null;
            };
        }
    };

    private Traces() {
    }

    /**
     * A span of work on a Kafka topic, with OpenTelemetry's messaging attributes (system, destination,
     * operation) that every such span of Annals carries; the caller adds the rest and starts it.
     */
    public static SpanBuilder kafkaSpan(Tracer tracer, String name, SpanKind kind, String topic, String operation) {
        return tracer.spanBuilder(name)
                .setSpanKind(kind)
                .setAttribute(SpanAttributes.MESSAGING_SYSTEM, SpanAttributes.KAFKA)
                .setAttribute(SpanAttributes.MESSAGING_DESTINATION, topic)
                .setAttribute(SpanAttributes.MESSAGING_OPERATION, operation);
    }

    /** The context a record's handling continues: its trace's, or a new trace's root when it has none. */
    public static Context parentOf(Optional<TraceContext> trace) {
        return trace.map(context -> W3C.extract(Context.root(), context, FROM_RECORD)).orElseGet(Context::root);
    }

    /** What a record written under {@code span} carries; empty when the span is not a real one (no SDK). */
    public static Optional<TraceContext> of(Span span) {
        if (!span.getSpanContext().isValid()) {
            return Optional.empty();
        }
        Map<String, String> headers = new HashMap<>();
        W3C.inject(Context.root().with(span), headers, Map::put);
        return TraceContext.read(headers.get(TRACEPARENT), headers.get(TRACESTATE));
    }
}
