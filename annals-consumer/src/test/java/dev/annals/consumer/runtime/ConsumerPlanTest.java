package dev.annals.consumer.runtime;

import dev.annals.consumer.Projection;
import dev.annals.consumer.ProjectionHandlers;
import dev.annals.consumer.ProjectionHandlersTest;
import dev.annals.consumer.runtime.checkpoint.Checkpoint;
import dev.annals.consumer.runtime.checkpoint.CheckpointStore;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsumerPlanTest {

    @Test
    void everythingAProjectionNeedsFollowsFromItsName() {
        ConsumerPlan plan = ConsumerPlan.of(projection(), Map.of());
        assertThat(plan.consumerGroup()).isEqualTo("annals.projection.bell-ringers");
        assertThat(plan.deadLetterTopic()).isEqualTo("annals.dlq.bell-ringers");
        assertThat(plan.publishedSchema()).isEqualTo("bell_ringers");
        assertThat(plan.generationSchema(3)).isEqualTo("bell_ringers_g3");
        assertThat(plan.rebuildConsumer(3)).isEqualTo("bell-ringers@g3");
        assertThat(plan.topics()).containsExactly("annals.bell.events");
        assertThat(plan.topicPattern().matcher("annals.bell.events").matches()).isTrue();
        assertThat(plan.topicPattern().matcher("annals.bellx.events").matches()).isFalse();
    }

    @Test
    void aNameWhoseSchemaIsAnotherProjectionsGenerationIsRefused() {
        assertThatThrownBy(() -> ConsumerPlan.requireUsableName("x-g2"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x_g2")
                .hasMessageContaining("projection x keeps one");
        assertThatThrownBy(() -> ConsumerPlan.requireUsableName("bank-accounts-g10"))
                .hasMessageContaining("bank_accounts_g10");
        ConsumerPlan.requireUsableName("x-g2-archive");
        ConsumerPlan.requireUsableName("x-gold");
        ConsumerPlan.requireUsableName("g2");
    }

    @Test
    void aNameWhoseSchemaPostgresKeepsIsRefused() {
        assertThatThrownBy(() -> ConsumerPlan.requireUsableName("public")).hasMessageContaining("public");
        assertThatThrownBy(() -> ConsumerPlan.requireUsableName("information-schema"))
                .hasMessageContaining("information_schema");
        assertThatThrownBy(() -> ConsumerPlan.requireUsableName("pg-catalog")).hasMessageContaining("pg_catalog");
    }

    @Test
    void aProjectionOfEveryTypeReadsEveryTypeOfTheService() {
        Projection journal = new Projection() {
            public String name() {
                return "journal";
            }

            public ProjectionHandlers handlers() {
                return ProjectionHandlers.ofEveryType((t, e, m, p, sql) -> Uni.createFrom().voidItem());
            }
        };
        ConsumerPlan plan = ConsumerPlan.of(journal, Map.of("bell", ProjectionHandlersTest.BELL));
        assertThat(plan.topics()).containsExactly("annals.bell.events");
    }

    @Test
    void theNotificationNamesConsumerTopicPartitionAndCommandOffset() {
        assertThat(CheckpointStore.notification("bell-ringers", new Checkpoint("annals.bell.events", 2, 10, 7)))
                .isEqualTo("{\"consumer\":\"bell-ringers\",\"topic\":\"annals.bell.events\",\"partition\":2,"
                        + "\"commandOffset\":7,\"kafkaOffset\":10}");
    }

    private static Projection projection() {
        return new Projection() {
            public String name() {
                return "bell-ringers";
            }

            public ProjectionHandlers handlers() {
                return ProjectionHandlers.of(ProjectionHandlersTest.BELL)
                        .on(ProjectionHandlersTest.Evt.Rang.class, (e, m, sql) -> { })
                        .build();
            }
        };
    }
}
