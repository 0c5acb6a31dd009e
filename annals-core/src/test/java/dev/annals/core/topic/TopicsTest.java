package dev.annals.core.topic;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicsTest {

    @Test
    void topic_names_follow_the_design() {
        assertThat(Topics.commands("bank-account")).isEqualTo("annals.bank-account.commands");
        assertThat(Topics.events("bank-account")).isEqualTo("annals.bank-account.events");
        assertThat(Topics.COMMAND_REPLIES).isEqualTo("annals.command-replies");
        assertThat(Topics.deadLetter("event-journal")).isEqualTo("annals.dlq.event-journal");
        assertThat(Topics.consumerGroup("event-journal")).isEqualTo("annals.projection.event-journal");
        assertThat(Topics.aggregateStore("bank-account")).isEqualTo("bank-account-aggregates");
        assertThat(Topics.aggregateChangelog("annals-command-processor", "bank-account"))
                .isEqualTo("annals-command-processor-bank-account-aggregates-changelog");
    }

    @Test
    void the_aggregate_type_is_read_back_from_a_topic_name() {
        assertThat(Topics.aggregateTypeOfEvents("annals.food-order.events")).contains("food-order");
        assertThat(Topics.aggregateTypeOfCommands("annals.food-order.commands")).contains("food-order");
        assertThat(Topics.aggregateTypeOfEvents("annals.food-order.commands")).isEmpty();
        assertThat(Topics.aggregateTypeOfEvents("annals.Food.events")).isEmpty();
        assertThat(Topics.aggregateTypeOfEvents("other.food-order.events")).isEmpty();
        assertThat(Topics.aggregateTypeOfEvents(null)).isEmpty();
    }

    @Test
    void names_that_would_make_illegal_topics_are_refused() {
        assertThatThrownBy(() -> Topics.events("bank/account")).hasMessageContaining("kebab-case");
        assertThatThrownBy(() -> Topics.deadLetter("")).hasMessageContaining("a consumer name");
    }

    @Test
    void the_event_store_keeps_everything_and_snapshots_are_compacted() {
        assertThat(TopicPolicy.EVENTS.configs()).containsEntry("retention.ms", "-1")
                .containsEntry("cleanup.policy", "delete");
        assertThat(TopicPolicy.AGGREGATES.configs()).containsEntry("cleanup.policy", "compact");
        assertThat(TopicPolicy.COMMANDS.configs()).containsEntry("retention.ms", "604800000");
        assertThat(TopicPolicy.COMMAND_REPLIES.configs()).containsEntry("retention.ms", "3600000");
        assertThat(TopicPolicy.DEAD_LETTER.configs()).containsEntry("retention.ms", "1209600000");
    }
}
