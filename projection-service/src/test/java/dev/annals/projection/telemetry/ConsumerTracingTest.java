package dev.annals.projection.telemetry;

import dev.annals.consumer.runtime.Consumers;
import dev.annals.core.envelope.CommandCodec;
import dev.annals.core.envelope.CommandEnvelope;
import dev.annals.core.envelope.EventEnvelope;
import dev.annals.core.envelope.TraceContext;
import dev.annals.core.topic.Topics;
import dev.annals.devstack.testing.DevstackTestResource;
import dev.annals.devstack.testing.SharedServices;
import dev.annals.devstack.testing.TestTokens;
import dev.annals.domain.bank.BankAccountType;
import dev.annals.domain.bank.projection.BankAccountsProjection;
import dev.annals.projection.reactor.WelcomeBonusReactor;
import dev.annals.projection.testing.TopicReader;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The consumer side of a trace, against the real command side (command-service as a process of its own, which
 * exports nothing here): a request with a client's trace context opens an account; its event carries the trace;
 * the projection's and the reactor's spans of that event are its children in this service; the deposit the reactor
 * sends carries the reactor's span as its parent, and the processor's event of it is in the same trace again.
 */
@QuarkusTest
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "login", value = "projections"))
class ConsumerTracingTest {

    private static final WelcomeBonusReactor REACTOR = WelcomeBonusReactor.INSTANCE;

    @Inject
    InMemorySpanExporter spans;

    @Inject
    Consumers projections;

    @Test
    void a_projection_and_a_reactor_continue_the_events_trace_and_the_reactors_command_continues_theirs() {
        if (projections.state(WelcomeBonusReactor.NAME).isEmpty()) {
            projections.start(REACTOR);
        }
        HexFormat hex = HexFormat.of();
        String traceId = hex.formatHex(new SecureRandom().generateSeed(16));
        String clientSpan = hex.formatHex(new SecureRandom().generateSeed(8));
        // the test reactor pays its bonus into accounts named bonus-…
        String account = "bonus-traced-" + UUID.randomUUID().toString().substring(0, 8);

        given().baseUri(SharedServices.url("command-service"))
                .header("Authorization", TestTokens.bearer("ann", Set.of("customer")))
                .header("traceparent", "00-" + traceId + "-" + clientSpan + "-01")
                .contentType("application/json").body("{\"owner\":\"ann\"}")
                .post("/api/bank-account/" + account + "/open").then().statusCode(200);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            EventEnvelope opened = event(account, "AccountOpened");
            TraceContext published = opened.trace().orElseThrow();
            assertThat(published.traceId()).isEqualTo(traceId);
            List<SpanData> trace = spans.getFinishedSpanItems().stream()
                    .filter(span -> span.getTraceId().equals(traceId)).toList();

            SpanData projected = one(trace, named(BankAccountsProjection.NAME + " process AccountOpened"));
            assertThat(projected.getParentSpanId()).isEqualTo(published.parentSpanId());
            assertThat(projected.getKind()).isEqualTo(SpanKind.CONSUMER);
            SpanData reaction = one(trace, named(WelcomeBonusReactor.NAME + " process AccountOpened"));
            assertThat(reaction.getParentSpanId()).isEqualTo(published.parentSpanId());

            CommandEnvelope bonus = reactorsCommand(account);
            assertThat(bonus.trace()).hasValueSatisfying(sent -> {
                assertThat(sent.traceId()).isEqualTo(traceId);
                assertThat(sent.parentSpanId()).as("the reactor's span").isEqualTo(reaction.getSpanId());
            });
            EventEnvelope deposited = event(account, "MoneyDeposited");
            assertThat(deposited.trace().orElseThrow().traceId()).as("the bonus's event").isEqualTo(traceId);
            SpanData projectedBonus = one(trace, named(BankAccountsProjection.NAME + " process MoneyDeposited"));
            assertThat(projectedBonus.getParentSpanId()).isEqualTo(deposited.trace().orElseThrow().parentSpanId());
        });
    }

    private static EventEnvelope event(String account, String type) {
        return TopicReader.all(Topics.events(BankAccountType.NAME)).stream()
                .filter(record -> account.equals(record.key()))
                .map(record -> dev.annals.core.envelope.CloudEventCodec.decode(TopicReader.headers(record),
                        record.value()))
                .filter(event -> event.eventType().equals(type))
                .findFirst().orElseThrow(() -> new AssertionError("no " + type + " of " + account + " yet"));
    }

    private static CommandEnvelope reactorsCommand(String account) {
        for (ConsumerRecord<String, byte[]> record : TopicReader.all(Topics.commands(BankAccountType.NAME))) {
            if (account.equals(record.key())) {
                CommandEnvelope command = CommandCodec.decode(BankAccountType.NAME, record.key(),
                        TopicReader.headers(record), record.value());
                if (command.replyTo().isPresent()) {
                    return command;
                }
            }
        }
        throw new AssertionError("the reactor sent no command for " + account + " yet");
    }

    private static Predicate<SpanData> named(String name) {
        return span -> span.getName().equals(name);
    }

    private static SpanData one(List<SpanData> trace, Predicate<SpanData> which) {
        List<SpanData> found = trace.stream().filter(which).toList();
        assertThat(found).as("one such span in %s", trace).hasSize(1);
        return found.getFirst();
    }
}
