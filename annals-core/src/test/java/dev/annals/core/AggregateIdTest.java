package dev.annals.core;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AggregateIdTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "acc-1", "order:2026.11_22", "A.b_C:d-9"})
    void accepts_ids_that_need_no_escaping(String id) {
        assertThat(AggregateId.require(id)).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "a b", "a/b", "../etc", "ü", "a%20b", "a\nb"})
    void rejects_everything_else(String id) {
        assertThatThrownBy(() -> AggregateId.require(id)).hasMessageContaining("an aggregate id is 1-128");
    }

    @org.junit.jupiter.api.Test
    void has_a_length_limit() {
        assertThat(AggregateId.isValid("x".repeat(128))).isTrue();
        assertThat(AggregateId.isValid("x".repeat(129))).isFalse();
    }
}
