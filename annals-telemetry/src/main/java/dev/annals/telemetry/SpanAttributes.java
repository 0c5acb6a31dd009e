package dev.annals.telemetry;

import io.opentelemetry.api.common.AttributeKey;

/**
 * The attributes of Annals' own spans: OpenTelemetry's messaging conventions for the Kafka side, Annals' names
 * for what an event-sourcing reader looks for (which aggregate, which command, which consumer).
 */
public final class SpanAttributes {

    public static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
    public static final AttributeKey<String> MESSAGING_DESTINATION = AttributeKey.stringKey(
            "messaging.destination.name");
    public static final AttributeKey<String> MESSAGING_OPERATION = AttributeKey.stringKey(
            "messaging.operation.type");
    public static final AttributeKey<String> MESSAGING_CONSUMER_GROUP = AttributeKey.stringKey(
            "messaging.consumer.group.name");
    public static final AttributeKey<Long> MESSAGING_PARTITION = AttributeKey.longKey(
            "messaging.destination.partition.id");
    public static final AttributeKey<Long> MESSAGING_OFFSET = AttributeKey.longKey("messaging.kafka.offset");
    public static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");

    public static final AttributeKey<String> AGGREGATE_TYPE = AttributeKey.stringKey("annals.aggregate.type");
    public static final AttributeKey<String> AGGREGATE_ID = AttributeKey.stringKey("annals.aggregate.id");
    public static final AttributeKey<Long> AGGREGATE_VERSION = AttributeKey.longKey("annals.aggregate.version");
    public static final AttributeKey<String> COMMAND = AttributeKey.stringKey("annals.command");
    public static final AttributeKey<String> COMMAND_ID = AttributeKey.stringKey("annals.command.id");
    public static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("annals.outcome");
    public static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("annals.event.type");
    public static final AttributeKey<String> CONSUMER = AttributeKey.stringKey("annals.consumer");
    public static final AttributeKey<String> CONSUMER_KIND = AttributeKey.stringKey("annals.consumer.kind");
    public static final AttributeKey<String> READ_MODEL = AttributeKey.stringKey("annals.read-model");
    public static final AttributeKey<String> CONSISTENCY_TOKEN = AttributeKey.stringKey("annals.consistency.token");

    public static final String KAFKA = "kafka";

    private SpanAttributes() {
    }
}
