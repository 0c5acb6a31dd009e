package dev.annals.query.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryParamsTest {

    @Test
    void anAbsentParameterHasItsDefault() {
        assertThat(QueryParams.number("limit", null, 100, 1, 1000)).isEqualTo(100);
    }

    @Test
    void aNumberInRangeIsRead() {
        assertThat(QueryParams.number("limit", "1000", 100, 1, 1000)).isEqualTo(1000);
        assertThat(QueryParams.integer("page", " 7 ", 0, 0, 10)).isEqualTo(7);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "0", "1001", "-1", "1.5", "1e3", "ten", "0x10", "--1", "99999999999999999999"})
    void anythingElseIsABadRequestNamingTheParameter(String raw) {
        assertThatThrownBy(() -> QueryParams.number("limit", raw, 100, 1, 1000))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(400);
                    assertThat(e.problem().code()).isEqualTo("INVALID_PARAMETER");
                    assertThat(e.problem().detail()).startsWith("limit must be a whole number from 1 to 1000");
                });
    }

    @Test
    void controlCharactersAreQuotedVisibly() {
        assertThatThrownBy(() -> QueryParams.number("page", "1\n2", 0, 0, 10))
                .hasMessageContaining("1\\u000a2");
    }
}
