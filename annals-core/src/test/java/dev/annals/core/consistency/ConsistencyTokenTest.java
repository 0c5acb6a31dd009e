package dev.annals.core.consistency;

import dev.annals.core.consistency.ConsistencyToken.Position;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsistencyTokenTest {

    @Test
    void one_position_formats_as_type_partition_offset() {
        ConsistencyToken token = ConsistencyToken.of("bank-account", 3, 1412);
        assertThat(token.format()).isEqualTo("bank-account:3:1412");
        assertThat(ConsistencyToken.parse("bank-account:3:1412")).isEqualTo(token);
    }

    @Test
    void several_positions_are_joined_by_commas_in_a_stable_order() {
        ConsistencyToken token = ConsistencyToken.parse("cart:0:77, bank-account:3:1412,bank-account:1:9");
        assertThat(token.positions()).containsExactly(
                new Position("bank-account", 1, 9),
                new Position("bank-account", 3, 1412),
                new Position("cart", 0, 77));
        assertThat(token.format()).isEqualTo("bank-account:1:9,bank-account:3:1412,cart:0:77");
        assertThat(ConsistencyToken.parse(token.format())).isEqualTo(token);
        assertThat(token.positionsOf("cart")).containsExactly(new Position("cart", 0, 77));
        assertThat(token.positionsOf("food-order")).isEmpty();
    }

    @Test
    void one_partition_keeps_the_highest_offset() {
        assertThat(ConsistencyToken.parse("cart:0:5,cart:0:9,cart:0:7").format()).isEqualTo("cart:0:9");
        assertThat(ConsistencyToken.of("cart", 0, 9).merge(ConsistencyToken.parse("cart:0:3,cart:1:1")).format())
                .isEqualTo("cart:0:9,cart:1:1");
    }

    @Test
    void the_largest_numbers_are_accepted() {
        String text = "cart:" + Integer.MAX_VALUE + ":" + Long.MAX_VALUE;
        assertThat(ConsistencyToken.parse(text).format()).isEqualTo(text);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" → {1}")
    @CsvSource(delimiter = '|', value = {
            "''                         | the token is empty",
            "'   '                      | the token is empty",
            "cart                       | expected <type>:<partition>:<offset>, found 1 field",
            "cart:1                     | found 2 fields",
            "cart:1:2:3                 | found 4 fields",
            "Cart:1:2                   | \"Cart\" is not an aggregate type",
            ":1:2                       | \"\" is not an aggregate type",
            "cart:-1:2                  | partition \"-1\" is not a non-negative whole number",
            "cart:x:2                   | partition \"x\" is not a non-negative whole number",
            "cart:1:                    | offset \"\" is not a non-negative whole number",
            "cart:1:2.5                 | offset \"2.5\" is not a non-negative whole number",
            "cart:1:+2                  | offset \"+2\" is not a non-negative whole number",
            "cart:1:99999999999999999999 | offset \"99999999999999999999\" is not a non-negative whole number",
            "cart:1:9223372036854775808 | offset 9223372036854775808 is too large",
            "cart:2147483648:1          | partition 2147483648 is too large",
            "'cart:1:2,'                | position 2 \"\": expected",
            "',cart:1:2'                | position 1 \"\": expected",
            "'cart:1:2,,cart:2:3'       | position 2 \"\": expected",
            "cart:1:٣                   | offset \"٣\" is not a non-negative whole number",
    })
    void malformed_tokens_are_rejected_with_the_reason(String text, String reason) {
        assertThatThrownBy(() -> ConsistencyToken.parse(text))
                .isInstanceOf(MalformedConsistencyTokenException.class)
                .hasMessageStartingWith("malformed consistency token: ")
                .hasMessageContaining(reason);
    }

    @Test
    void null_is_malformed_too() {
        assertThatThrownBy(() -> ConsistencyToken.parse(null)).isInstanceOf(MalformedConsistencyTokenException.class);
    }

    @Test
    void oversized_tokens_are_rejected_before_parsing() {
        String tooLong = "cart:0:" + "1".repeat(ConsistencyToken.MAX_LENGTH);
        assertThatThrownBy(() -> ConsistencyToken.parse(tooLong)).hasMessageContaining("at most 4096 are accepted");

        String tooMany = IntStream.range(0, ConsistencyToken.MAX_POSITIONS + 1)
                .mapToObj(i -> "c:" + i + ":1").collect(Collectors.joining(","));
        assertThat(tooMany.length()).isLessThan(ConsistencyToken.MAX_LENGTH);
        assertThatThrownBy(() -> ConsistencyToken.parse(tooMany)).hasMessageContaining("at most 256 are accepted");
    }

    @Test
    void a_token_names_at_least_one_position() {
        assertThatThrownBy(() -> new ConsistencyToken(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
