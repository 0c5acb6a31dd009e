package dev.annals.core.problem;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemTest {

    @Test
    void aCodeBecomesTheTypeUri() {
        Problem problem = Problem.of(409, "Conflict", "INSUFFICIENT_FUNDS", "the balance is 10");
        assertThat(problem.type()).isEqualTo("https://annals.dev/problems/insufficient-funds");
    }

    @Test
    void aBareStatusIsNamedByItsReasonPhrase() {
        Problem problem = Problem.ofStatus(405, "Method Not Allowed", "only GET");
        assertThat(problem.title()).isEqualTo("Method Not Allowed");
        assertThat(problem.code()).isEqualTo("METHOD_NOT_ALLOWED");
        assertThat(problem.status()).isEqualTo(405);
        assertThat(Problem.ofStatus(415, "Unsupported Media Type", "x").code()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
        assertThat(Problem.ofStatus(599, null, "x").code()).isEqualTo("HTTP_599");
    }

    @Test
    void membersAreAdded() {
        Problem problem = Problem.of(504, "Gateway Timeout", "CONSISTENCY_TIMEOUT", "late").with("projection", "p");
        assertThat(problem.extensions()).containsEntry("projection", "p");
    }
}
