package dev.annals.core.envelope;

import io.cloudevents.CloudEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CloudEventCodecTest {

    private static final EventEnvelope DEPOSIT = new EventEnvelope(
            "3f1c7a52-8d0e-4c41-9a57-5c1f0ef7a001", "bank-account", "acc-42", 3, "MoneyDeposited",
            Instant.parse("2026-11-22T10:15:30.123Z"), "cmd-7", 1412, new EventEnvelope.CommandEvent(2, 3), "req-9",
            Optional.of("ann"), 1,
            "{\"amount\":500}".getBytes(StandardCharsets.UTF_8));

    @Test
    void an_event_becomes_the_headers_of_the_design_and_its_json_as_value() {
        EncodedRecord encoded = CloudEventCodec.encode(DEPOSIT);

        Map<String, String> headers = new LinkedHashMap<>();
        encoded.headers().forEach((name, value) -> headers.put(name, new String(value, StandardCharsets.UTF_8)));
        assertThat(headers).containsOnly(
                Map.entry("ce_specversion", "1.0"),
                Map.entry("ce_id", "3f1c7a52-8d0e-4c41-9a57-5c1f0ef7a001"),
                Map.entry("ce_source", "/annals/bank-account"),
                Map.entry("ce_type", "bank-account.MoneyDeposited"),
                Map.entry("ce_subject", "acc-42"),
                Map.entry("ce_time", "2026-11-22T10:15:30.123Z"),
                Map.entry("content-type", "application/json"),
                Map.entry("ce_aggregateversion", "3"),
                Map.entry("ce_commandid", "cmd-7"),
                Map.entry("ce_commandoffset", "1412"),
                Map.entry("ce_commandeventindex", "2"),
                Map.entry("ce_commandeventcount", "3"),
                Map.entry("ce_correlationid", "req-9"),
                Map.entry("ce_schemaversion", "1"),
                Map.entry("ce_principal", "ann"));
        assertThat(new String(encoded.value(), StandardCharsets.UTF_8)).isEqualTo("{\"amount\":500}");
    }

    @Test
    void decoding_the_encoded_form_gives_the_same_event() {
        EncodedRecord encoded = CloudEventCodec.encode(DEPOSIT);
        assertThat(CloudEventCodec.decode(encoded.headers(), encoded.value())).isEqualTo(DEPOSIT);
    }

    @Test
    void an_event_from_before_principals_were_recorded_has_none() {
        Map<String, byte[]> headers = new LinkedHashMap<>(CloudEventCodec.encode(DEPOSIT).headers());
        headers.remove("ce_principal");

        EventEnvelope decoded = CloudEventCodec.decode(headers, CloudEventCodec.encode(DEPOSIT).value());

        assertThat(decoded.principal()).isEmpty();
        assertThat(CloudEventCodec.encode(decoded).headers()).doesNotContainKey("ce_principal");
    }

    @Test
    void an_event_from_before_the_command_event_extensions_is_its_commands_only_event() {
        Map<String, byte[]> headers = new LinkedHashMap<>(CloudEventCodec.encode(DEPOSIT).headers());
        headers.remove("ce_commandeventindex");
        headers.remove("ce_commandeventcount");

        EventEnvelope decoded = CloudEventCodec.decode(headers, CloudEventCodec.encode(DEPOSIT).value());

        assertThat(decoded.commandEvent()).isEqualTo(EventEnvelope.CommandEvent.ONLY);
        assertThat(decoded.commandEvent().isLast()).isTrue();
    }

    @Test
    void an_event_numbered_past_its_commands_count_or_with_half_the_numbering_is_refused() {
        Map<String, byte[]> past = new LinkedHashMap<>(CloudEventCodec.encode(DEPOSIT).headers());
        past.put("ce_commandeventindex", "4".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> CloudEventCodec.decode(past, new byte[0])).isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("4 of 3");
        Map<String, byte[]> half = new LinkedHashMap<>(CloudEventCodec.encode(DEPOSIT).headers());
        half.remove("ce_commandeventcount");
        assertThatThrownBy(() -> CloudEventCodec.decode(half, new byte[0])).isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("commandeventcount");
    }

    @Test
    void the_cloud_event_carries_every_attribute() {
        CloudEvent event = CloudEventCodec.toCloudEvent(DEPOSIT);
        assertThat(event.getSubject()).isEqualTo("acc-42");
        assertThat(event.getExtension("commandoffset")).isEqualTo(1412L);
        assertThat(CloudEventCodec.fromCloudEvent(event)).isEqualTo(DEPOSIT);
    }

    @Test
    void header_names_from_other_producers_are_read_case_insensitively() {
        Map<String, byte[]> headers = new LinkedHashMap<>();
        CloudEventCodec.encode(DEPOSIT).headers().forEach((name, value) -> headers.put(
                name.startsWith("ce_") && !name.equals("ce_specversion") ? "ce_" + name.substring(3).toUpperCase() : name,
                value));
        assertThat(CloudEventCodec.decode(headers, DEPOSIT.data())).isEqualTo(DEPOSIT);
    }

    @Test
    void a_record_without_spec_version_is_not_a_cloud_event() {
        assertThatThrownBy(() -> CloudEventCodec.decode(Map.of(), new byte[0]))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("header ce_specversion is missing");
    }

    @Test
    void an_unknown_spec_version_is_rejected() {
        assertThatThrownBy(() -> decodeWith(h -> h.put("ce_specversion", bytes("9.9"))))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("not a valid CloudEvent");
    }

    @Test
    void a_missing_required_attribute_is_named() {
        assertThatThrownBy(() -> decodeWith(h -> h.remove("ce_id")))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("id");
        assertThatThrownBy(() -> decodeWith(h -> h.remove("ce_subject")))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("attribute subject is missing");
        assertThatThrownBy(() -> decodeWith(h -> h.remove("ce_time")))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("attribute time is missing");
    }

    @Test
    void a_missing_or_malformed_extension_is_named() {
        assertThatThrownBy(() -> decodeWith(h -> h.remove("ce_commandoffset")))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("commandoffset is missing");
        assertThatThrownBy(() -> decodeWith(h -> h.put("ce_aggregateversion", bytes("three"))))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("aggregateversion must be a whole number, not three");
        assertThatThrownBy(() -> decodeWith(h -> h.put("ce_aggregateversion", bytes("0"))))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("aggregateVersion starts at 1");
    }

    @Test
    void source_and_type_must_agree() {
        assertThatThrownBy(() -> decodeWith(h -> h.put("ce_source", bytes("/elsewhere/bank-account"))))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("source must be /annals/<aggregate type>");
        assertThatThrownBy(() -> decodeWith(h -> h.put("ce_type", bytes("cart.ItemAdded"))))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("does not belong to source /annals/bank-account");
    }

    @Test
    void data_must_be_json() {
        assertThatThrownBy(() -> decodeWith(h -> h.put("content-type", bytes("application/avro"))))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("data must be application/json");
    }

    private static final TraceContext TRACE = new TraceContext(
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", Optional.of("vendor=opaque"));

    @Test
    void a_traced_event_carries_its_trace_as_cloudevents_attributes_and_as_w3c_headers() {
        EncodedRecord encoded = CloudEventCodec.encode(DEPOSIT.withTrace(TRACE));

        assertThat(encoded.header("ce_traceparent")).contains(TRACE.traceparent());
        assertThat(encoded.header("ce_tracestate")).contains("vendor=opaque");
        assertThat(encoded.header("traceparent")).contains(TRACE.traceparent());
        assertThat(encoded.header("tracestate")).contains("vendor=opaque");
        EventEnvelope decoded = CloudEventCodec.decode(encoded.headers(), encoded.value());
        assertThat(decoded).isEqualTo(DEPOSIT.withTrace(TRACE));
        assertThat(decoded.trace().orElseThrow().traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(decoded.trace().orElseThrow().parentSpanId()).isEqualTo("00f067aa0ba902b7");
    }

    @Test
    void a_trace_in_the_w3c_headers_alone_is_read_too() {
        EncodedRecord encoded = CloudEventCodec.encode(DEPOSIT.withTrace(TRACE));
        Map<String, byte[]> headers = new LinkedHashMap<>(encoded.headers());
        headers.remove("ce_traceparent");
        headers.remove("ce_tracestate");

        assertThat(CloudEventCodec.decode(headers, encoded.value()).trace()).contains(TRACE);
    }

    @Test
    void a_malformed_trace_is_no_trace_and_never_makes_the_event_unreadable() {
        for (String traceparent : new String[] {"garbage", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
                "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
                "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"}) {
            EventEnvelope decoded = decodeWith(h -> {
                h.put("ce_traceparent", bytes(traceparent));
                h.put("traceparent", bytes(traceparent));
            });
            assertThat(decoded.trace()).as(traceparent).isEmpty();
            assertThat(decoded.withTrace(TRACE)).isEqualTo(DEPOSIT.withTrace(TRACE));
        }
    }

    private static EventEnvelope decodeWith(Consumer<Map<String, byte[]>> change) {
        Map<String, byte[]> headers = new LinkedHashMap<>(CloudEventCodec.encode(DEPOSIT).headers());
        change.accept(headers);
        return CloudEventCodec.decode(headers, DEPOSIT.data());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
