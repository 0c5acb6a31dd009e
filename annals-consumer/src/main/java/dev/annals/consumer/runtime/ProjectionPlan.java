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

    /** A name ending like this would publish its views in another projection's generation schema. */
    private static final Pattern GENERATION_SUFFIX = Pattern.compile(".*-g[0-9]+");
    private static final List<String> RESERVED_SCHEMAS = List.of("public", "information_schema");

    public ProjectionPlan {
        requireUsableName(projection.name());
        types = Map.copyOf(types);
    }

    /**
     * A projection's name becomes schemas: {@code x} publishes in {@code x} and keeps generation n in {@code x_gn}.
     * A name ending in {@code -g<n>} would publish where another projection keeps a generation ({@code x-g2} in
     * {@code x_g2}, which {@code x} drops as a leftover once it is at another generation), and a name that is a
     * schema PostgreSQL keeps for itself would have its views dropped and recreated there. Both are refused.
     */
    static void requireUsableName(String name) {
        TypeName.require(name, "a projection name");
        if (GENERATION_SUFFIX.matcher(name).matches()) {
            throw new IllegalArgumentException("projection " + name + " ends like a generation (-g<n>): its schema "
                    + schemaOf(name) + " is where projection " + name.substring(0, name.lastIndexOf("-g"))
                    + " keeps one; choose another name");
        }
        String schema = schemaOf(name);
        if (RESERVED_SCHEMAS.contains(schema) || schema.startsWith("pg_")) {
            throw new IllegalArgumentException("projection " + name + " would publish into schema " + schema
                    + ", which PostgreSQL keeps for itself; choose another name");
        }
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
