package dev.annals.core.envelope;

/**
 * Kafka header names of a command record. Commands are not CloudEvents (nothing has happened yet), so they use
 * Annals' own {@code annals_} prefix; the aggregate type is the topic and the aggregate id the key.
 */
public final class CommandHeaders {

    public static final String COMMAND_ID = "annals_commandid";
    public static final String COMMAND = "annals_command";
    public static final String IDEMPOTENCY_KEY = "annals_idempotencykey";
    public static final String EXPECTED_VERSION = "annals_expectedversion";
    public static final String CORRELATION_ID = "annals_correlationid";
    public static final String PRINCIPAL = "annals_principal";
    /** The reply topic of a consumer service that sent the command; absent: the gateway's shared one. */
    public static final String REPLY_TO = "annals_replyto";
    public static final String CONTENT_TYPE = EventHeaders.CONTENT_TYPE;
    /** W3C Trace Context, as OpenTelemetry's Kafka instrumentation writes and reads it ({@link TraceContext}). */
    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";

    private CommandHeaders() {
    }
}
