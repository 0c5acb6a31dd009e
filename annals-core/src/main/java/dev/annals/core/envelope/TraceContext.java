package dev.annals.core.envelope;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a command or an event stands in a distributed trace, in W3C Trace Context form: {@code traceparent}
 * ({@code 00-<trace id>-<parent span id>-<flags>}) and an optional vendor {@code tracestate}. Commands carry it in
 * the Kafka headers {@code traceparent} and {@code tracestate}; events in those and in the CloudEvents
 * distributed-tracing attributes ({@code ce_traceparent}, {@code ce_tracestate}), so any Kafka client — with or
 * without OpenTelemetry's Kafka instrumentation, with or without a CloudEvents SDK — can continue the trace.
 *
 * <p>Text only: annals-core does not depend on OpenTelemetry; the services turn it into a span's parent.
 */
public record TraceContext(String traceparent, Optional<String> tracestate) {

    /** Version 00 of the W3C format; a later version's first four fields read the same, and more may follow. */
    private static final Pattern TRACEPARENT =
            Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}(-[\\x21-\\x7E]*)?");
    private static final Pattern ALL_ZERO_TRACE = Pattern.compile("[0-9a-f]{2}-0{32}-.*");
    private static final Pattern ALL_ZERO_SPAN = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-0{16}-.*");
    /** The W3C limit on tracestate's length; its members are visible ASCII and spaces. */
    private static final int MAX_TRACESTATE = 512;
    private static final Pattern TRACESTATE = Pattern.compile("[\\x20-\\x7E]{0," + MAX_TRACESTATE + "}");

    public TraceContext {
        if (!isValidTraceparent(traceparent)) {
            throw new IllegalArgumentException("not a W3C traceparent: " + traceparent);
        }
        Objects.requireNonNull(tracestate, "tracestate");
        tracestate = tracestate.filter(state -> !state.isBlank());
        tracestate.ifPresent(state -> {
            if (!TRACESTATE.matcher(state).matches()) {
                throw new IllegalArgumentException("a tracestate is at most " + MAX_TRACESTATE
                        + " visible characters");
            }
        });
    }

    /**
     * What a record's headers say, if they say it well. A malformed or missing traceparent is no trace, not an
     * error: as W3C Trace Context has it, the receiver starts a trace of its own, and a record is never refused
     * for its trace; a malformed tracestate alone is dropped.
     */
    public static Optional<TraceContext> read(String traceparent, String tracestate) {
        if (!isValidTraceparent(traceparent)) {
            return Optional.empty();
        }
        Optional<String> state = Optional.ofNullable(tracestate).filter(text -> TRACESTATE.matcher(text).matches());
        return Optional.of(new TraceContext(traceparent, state));
    }

    /** The trace's id: 32 lower-case hex digits. */
    public String traceId() {
        return traceparent.substring(3, 35);
    }

    /** The id of the span the record was written under: 16 lower-case hex digits. */
    public String parentSpanId() {
        return traceparent.substring(36, 52);
    }

    private static boolean isValidTraceparent(String traceparent) {
        return traceparent != null && TRACEPARENT.matcher(traceparent).matches()
                && !traceparent.startsWith("ff") && !ALL_ZERO_TRACE.matcher(traceparent).matches()
                && !ALL_ZERO_SPAN.matcher(traceparent).matches()
                && (!traceparent.startsWith("00") || traceparent.length() == 55);
    }
}
