package dev.annals.core;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DomainRejectionTest {

    @Test
    void carries_a_reason_code_and_a_message_but_no_stack_trace() {
        DomainRejection rejection = new DomainRejection("INSUFFICIENT_FUNDS", "balance 10 is below 15");
        assertThat(rejection.reason()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(rejection.getMessage()).isEqualTo("balance 10 is below 15");
        assertThat(rejection.getStackTrace()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "insufficient_funds", "INSUFFICIENT-FUNDS", "_FUNDS", "FUNDS_", "FUNDS__LOW"})
    void reason_codes_are_upper_snake_case(String reason) {
        assertThatThrownBy(() -> new DomainRejection(reason, "message"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("UPPER_SNAKE_CASE");
    }

    @Test
    void a_rejection_records_nothing_unless_told() {
        DomainRejection plain = new DomainRejection("WRONG_CODE", "that is not the code");
        DomainRejection recording = plain.recording("first", "second");

        assertThat(plain.recorded()).isEmpty();
        assertThat(recording.recorded()).containsExactly("first", "second");
        assertThat(recording.reason()).isEqualTo("WRONG_CODE");
        assertThat(recording.getMessage()).isEqualTo("that is not the code");
    }
}
