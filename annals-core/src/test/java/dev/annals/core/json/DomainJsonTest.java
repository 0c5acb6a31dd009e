package dev.annals.core.json;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DomainJsonTest {

    record Line(String sku, long quantity) {
    }

    record Order(String id, Instant placedAt, List<Line> lines, Map<String, Integer> tags) {
    }

    @Test
    void records_round_trip_with_times_as_iso_text() {
        Order order = new Order("o-1", Instant.parse("2026-11-22T10:15:30Z"), List.of(new Line("pen", 2)),
                Map.of("b", 2, "a", 1));
        byte[] json = DomainJson.write(order);

        assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo(
                "{\"id\":\"o-1\",\"placedAt\":\"2026-11-22T10:15:30Z\",\"lines\":[{\"sku\":\"pen\",\"quantity\":2}],"
                        + "\"tags\":{\"a\":1,\"b\":2}}");
        assertThat(DomainJson.read(json, Order.class)).isEqualTo(order);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"sku\":\"pen\",\"quantity\":2,\"price\":3}",   // unknown field
            "{\"sku\":\"pen\",\"quantity\":\"2\"}",            // number as text
            "{\"sku\":\"pen\",\"quantity\":2.5}",              // fraction for a whole number
            "{\"sku\":\"pen\",\"quantity\":null}",             // null for a primitive
            "{\"sku\":\"pen\",\"quantity\":2} {}",             // trailing content
            "{\"sku\":\"pen\",\"sku\":\"ink\",\"quantity\":2}", // duplicate field
            "{\"sku\":\"pen\",\"quantity\":2",                 // truncated
    })
    void lenient_input_is_rejected(String json) {
        assertThatThrownBy(() -> DomainJson.read(json.getBytes(StandardCharsets.UTF_8), Line.class))
                .isInstanceOf(InvalidJsonException.class)
                .hasMessageStartingWith("invalid Line JSON");
    }

    @Test
    void the_error_names_the_field_at_fault() {
        byte[] json = "{\"id\":\"o\",\"placedAt\":\"2026-11-22T10:15:30Z\",\"lines\":[{\"sku\":\"a\",\"quantity\":1},{\"sku\":\"b\",\"quantity\":\"x\"}],\"tags\":{}}"
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> DomainJson.read(json, Order.class))
                .isInstanceOfSatisfying(InvalidJsonException.class,
                        e -> assertThat(e.path()).isEqualTo("lines[1].quantity"))
                .hasMessageContaining("at lines[1].quantity")
                .hasMessageEndingWith("expected a whole number");
    }

    @Test
    void an_unknown_field_is_named_with_the_fields_there_are() {
        byte[] json = "{\"sku\":\"pen\",\"quantity\":2,\"colour\":\"red\"}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> DomainJson.read(json, Line.class))
                .hasMessageEndingWith("unknown field \"colour\"; the fields are [quantity, sku]");
    }

    @Test
    void a_missing_component_defaults_when_reading_but_not_when_reading_complete() {
        byte[] json = "{\"quantity\":2}".getBytes(StandardCharsets.UTF_8);

        assertThat(DomainJson.read(json, Line.class)).isEqualTo(new Line(null, 2));
        assertThatThrownBy(() -> DomainJson.readComplete(json, Line.class))
                .isInstanceOf(InvalidJsonException.class)
                .hasMessageContaining("sku");
    }

    @Test
    void a_missing_number_is_called_missing_not_of_the_wrong_type() {
        byte[] json = "{\"sku\":\"pen\"}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> DomainJson.readComplete(json, Line.class))
                .isInstanceOf(InvalidJsonException.class)
                .hasMessageEndingWith("at quantity: missing");
    }

    @Test
    void json_null_is_not_a_record() {
        byte[] json = "null".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> DomainJson.read(json, Line.class)).isInstanceOf(InvalidJsonException.class);
        assertThatThrownBy(() -> DomainJson.readComplete(json, Line.class)).isInstanceOf(InvalidJsonException.class);
    }
}
