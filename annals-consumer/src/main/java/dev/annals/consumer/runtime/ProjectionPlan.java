package dev.annals.consumer.runtime;

import dev.annals.consumer.Projection;
import dev.annals.core.AggregateType;
import dev.annals.core.TypeName;
import dev.annals.core.topic.Topics;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A projection with everything derived from its name: the aggregate types it reads, its topics, consumer group,
 * checkpoint names and schemas.
 *
 * @param types the aggregate types it reads: those its handlers name, or every type of the service
 */
public record ProjectionPlan(Projection projection, Map<String, AggregateType<?, ?, ?>> types) {

    public ProjectionPlan {
        TypeName.require(projection.name(), "a projection name");
        types = Map.copyOf(types);
    }

    static ProjectionPlan of(Projection projection, Map<String, AggregateType<?, ?, ?>> serviceTypes) {
        var handlers = projection.handlers();
        return new ProjectionPlan(projection, handlers.claimsEveryType() ? serviceTypes : handlers.types());
    }

    public String name() {
        return projection.name();
    }

    /** The events topics, sorted. */
    public List<String> topics() {
        return types.keySet().stream().sorted().map(Topics::events).toList();
    }

    /** Subscribing by pattern picks a topic up when it is created after the consumer started. */
    Pattern topicPattern() {
        return Pattern.compile(topics().stream().map(Pattern::quote).collect(Collectors.joining("|")));
    }

    public String consumerGroup() {
        return Topics.consumerGroup(name());
    }

    public String deadLetterTopic() {
        return Topics.deadLetter(name());
    }

    /** Where readers find the read model: {@code bank-accounts} → {@code bank_accounts}. */
    public String publishedSchema() {
        return schemaOf(name());
    }

    /** Where generation {@code n} of the tables lives: {@code bank_accounts_g1}. */
    public String generationSchema(int generation) {
        return generationPrefix() + generation;
    }

    public String generationPrefix() {
        return publishedSchema() + "_g";
    }

    /** The checkpoint name of a rebuild into {@code generation}; the live consumer's is {@link #name()}. */
    public String rebuildConsumer(int generation) {
        return name() + "@g" + generation;
    }

    public static String schemaOf(String projectionName) {
        return projectionName.replace('-', '_');
    }
}
