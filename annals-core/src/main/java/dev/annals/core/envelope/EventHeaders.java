package dev.annals.core.envelope;

/**
 * Kafka header names of an event in CloudEvents binary mode: attributes with the {@code ce_} prefix, the data's
 * content type in {@code content-type}. The extensions are Annals' own.
 */
public final class EventHeaders {

    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String SOURCE = "ce_source";
    public static final String TYPE = "ce_type";
    public static final String SUBJECT = "ce_subject";
    public static final String TIME = "ce_time";
    public static final String CONTENT_TYPE = "content-type";

    /** CloudEvents extension names (lower-case letters and digits, as the spec requires). */
    public static final String AGGREGATE_VERSION_EXTENSION = "aggregateversion";
    public static final String COMMAND_ID_EXTENSION = "commandid";
    public static final String COMMAND_OFFSET_EXTENSION = "commandoffset";
    public static final String COMMAND_EVENT_INDEX_EXTENSION = "commandeventindex";
    public static final String COMMAND_EVENT_COUNT_EXTENSION = "commandeventcount";
    public static final String CORRELATION_ID_EXTENSION = "correlationid";
    public static final String SCHEMA_VERSION_EXTENSION = "schemaversion";
    public static final String PRINCIPAL_EXTENSION = "principal";
    /** The CloudEvents distributed-tracing extension's attributes ({@link TraceContext}). */
    public static final String TRACEPARENT_EXTENSION = "traceparent";
    public static final String TRACESTATE_EXTENSION = "tracestate";

    public static final String AGGREGATE_VERSION = "ce_" + AGGREGATE_VERSION_EXTENSION;
    public static final String COMMAND_ID = "ce_" + COMMAND_ID_EXTENSION;
    public static final String COMMAND_OFFSET = "ce_" + COMMAND_OFFSET_EXTENSION;
    public static final String COMMAND_EVENT_INDEX = "ce_" + COMMAND_EVENT_INDEX_EXTENSION;
    public static final String COMMAND_EVENT_COUNT = "ce_" + COMMAND_EVENT_COUNT_EXTENSION;
    public static final String CORRELATION_ID = "ce_" + CORRELATION_ID_EXTENSION;
    public static final String SCHEMA_VERSION = "ce_" + SCHEMA_VERSION_EXTENSION;
    public static final String PRINCIPAL = "ce_" + PRINCIPAL_EXTENSION;
    public static final String TRACEPARENT = "ce_" + TRACEPARENT_EXTENSION;
    public static final String TRACESTATE = "ce_" + TRACESTATE_EXTENSION;
    /** The same trace in the plain W3C headers, which OpenTelemetry's Kafka instrumentation reads. */
    public static final String W3C_TRACEPARENT = CommandHeaders.TRACEPARENT;
    public static final String W3C_TRACESTATE = CommandHeaders.TRACESTATE;

    public static final String JSON = "application/json";

    private EventHeaders() {
    }
}
