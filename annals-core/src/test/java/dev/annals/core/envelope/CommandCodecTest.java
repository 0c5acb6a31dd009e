package dev.annals.core.envelope;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandCodecTest {

    private static final byte[] PAYLOAD = "{\"amount\":500}".getBytes(StandardCharsets.UTF_8);

    @Test
    void a_command_with_every_header_round_trips() {
        CommandEnvelope command = new CommandEnvelope("cmd-1", "bank-account", "acc-42", "deposit",
                Optional.of("retry-key-1"), OptionalLong.of(3), "req-9", "ann", PAYLOAD);

        EncodedRecord encoded = CommandCodec.encode(command);

        assertThat(encoded.header(CommandHeaders.COMMAND)).contains("deposit");
        assertThat(encoded.header(CommandHeaders.EXPECTED_VERSION)).contains("3");
        assertThat(encoded.header(CommandHeaders.PRINCIPAL)).contains("ann");
        assertThat(CommandCodec.decode("bank-account", "acc-42", encoded.headers(), encoded.value()))
                .isEqualTo(command);
    }

    @Test
    void a_traced_command_carries_its_trace_in_the_w3c_headers() {
        TraceContext trace = new TraceContext("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                Optional.empty());
        CommandEnvelope command = new CommandEnvelope("cmd-1", "bank-account", "acc-42", "deposit",
                Optional.empty(), OptionalLong.empty(), "req-9", "ann", PAYLOAD).withTrace(trace);

        EncodedRecord encoded = CommandCodec.encode(command);

        assertThat(encoded.header(CommandHeaders.TRACEPARENT)).contains(trace.traceparent());
        assertThat(encoded.headers()).doesNotContainKey(CommandHeaders.TRACESTATE);
        assertThat(CommandCodec.decode("bank-account", "acc-42", encoded.headers(), encoded.value()))
                .isEqualTo(command);
        Map<String, byte[]> garbled = new LinkedHashMap<>(encoded.headers());
        garbled.put(CommandHeaders.TRACEPARENT, "not-a-trace".getBytes(StandardCharsets.UTF_8));
        assertThat(CommandCodec.decode("bank-account", "acc-42", garbled, encoded.value()).trace()).isEmpty();
    }

    @Test
    void optional_headers_are_left_out_when_absent() {
        CommandEnvelope command = new CommandEnvelope("cmd-1", "bank-account", "acc-42", "close",
                Optional.empty(), OptionalLong.empty(), "cmd-1", "ann", new byte[0]);

        EncodedRecord encoded = CommandCodec.encode(command);

        assertThat(encoded.headers()).doesNotContainKeys(CommandHeaders.IDEMPOTENCY_KEY, CommandHeaders.EXPECTED_VERSION);
        assertThat(CommandCodec.decode("bank-account", "acc-42", encoded.headers(), encoded.value()))
                .isEqualTo(command);
    }

    @Test
    void missing_and_malformed_headers_are_named() {
        Map<String, byte[]> headers = new LinkedHashMap<>(CommandCodec.encode(new CommandEnvelope("cmd-1",
                "bank-account", "acc-42", "deposit", Optional.empty(), OptionalLong.empty(), "cmd-1", "ann", PAYLOAD))
                .headers());

        headers.remove(CommandHeaders.COMMAND);
        assertThatThrownBy(() -> CommandCodec.decode("bank-account", "acc-42", headers, PAYLOAD))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("header annals_command is missing");

        headers.put(CommandHeaders.COMMAND, "deposit".getBytes(StandardCharsets.UTF_8));
        headers.put(CommandHeaders.EXPECTED_VERSION, "v3".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> CommandCodec.decode("bank-account", "acc-42", headers, PAYLOAD))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("annals_expectedversion must be a whole number, not v3");

        headers.remove(CommandHeaders.EXPECTED_VERSION);
        headers.remove(CommandHeaders.PRINCIPAL);
        assertThatThrownBy(() -> CommandCodec.decode("bank-account", "acc-42", headers, PAYLOAD))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("header annals_principal is missing");

        headers.put(CommandHeaders.PRINCIPAL, "ann".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> CommandCodec.decode("bank-account", "no spaces please", headers, PAYLOAD))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("an aggregate id is");
    }

    @Test
    void a_command_is_answered_on_its_senders_own_reply_topic_only() {
        CommandEnvelope own = new CommandEnvelope("cmd-1", "food-order", "o-1", "confirm-payment", Optional.empty(),
                OptionalLong.empty(), "cmd-1", "payment-service", PAYLOAD, Optional.of("annals.replies.payment-service"));
        assertThat(CommandCodec.decode("food-order", "o-1", CommandCodec.encode(own).headers(), PAYLOAD)).isEqualTo(own);

        assertThatThrownBy(() -> new CommandEnvelope("cmd-2", "food-order", "o-1", "confirm-payment",
                Optional.empty(), OptionalLong.empty(), "cmd-2", "intruder", PAYLOAD,
                Optional.of("annals.replies.payment-service")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("its sender's own reply topic, annals.replies.intruder");
        Map<String, byte[]> forged = new LinkedHashMap<>(CommandCodec.encode(own).headers());
        forged.put(CommandHeaders.PRINCIPAL, "intruder".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> CommandCodec.decode("food-order", "o-1", forged, PAYLOAD))
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining("sender's own reply topic");
    }

    @Test
    void idempotency_keys_are_visible_ascii() {
        assertThat(CommandEnvelope.isValidIdempotencyKey("2f0c-9a_retry#1")).isTrue();
        assertThat(CommandEnvelope.isValidIdempotencyKey("")).isFalse();
        assertThat(CommandEnvelope.isValidIdempotencyKey("with space")).isFalse();
        assertThat(CommandEnvelope.isValidIdempotencyKey("ключ")).isFalse();
        assertThat(CommandEnvelope.isValidIdempotencyKey("k".repeat(256))).isFalse();
    }
}
