package dev.annals.consumer;

import dev.annals.core.AggregateType;
import dev.annals.core.Decider;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

public class ProjectionHandlersTest {

    private static final LogPosition POSITION = new LogPosition("annals.bell.events", 0, 0);

    public sealed interface Cmd permits Cmd.Ring {
        public record Ring() implements Cmd {
        }
    }

    public sealed interface Evt permits Evt.Rang, Evt.Muted {
        public record Rang(String userId) implements Evt {
        }

        public record Muted() implements Evt {
        }
    }

    public record Bell(int rings) {
    }

    public static final AggregateType<Cmd, Evt, Bell> BELL = AggregateType.of("bell", new Decider<>() {
        public Bell initialState() {
            return new Bell(0);
        }

        public List<Evt> decide(Cmd command, Bell state) {
            return List.of(new Evt.Rang("u"));
        }

        public Bell evolve(Bell state, Evt event) {
            return new Bell(state.rings() + 1);
        }
    }, Cmd.class, Evt.class, Bell.class);

    @Test
    void anEventGoesToItsOwnHandlerAndOnlyClaimedTypesAreRead() {
        List<String> seen = new ArrayList<>();
        ProjectionHandlers handlers = ProjectionHandlers.builder()
                .on(BELL, Evt.Rang.class, (rang, envelope) -> {
                    seen.add("rang by " + rang.userId());
                    return Uni.createFrom().voidItem();
                })
                .build();
        assertThat(handlers.types()).containsOnlyKeys("bell");
        assertThat(handlers.claimsEveryType()).isFalse();
        handlers.handlerFor(BELL, new Evt.Rang("ann"), POSITION).orElseThrow().apply(new Evt.Rang("ann"), null)
                .await().indefinitely();
        assertThat(seen).containsExactly("rang by ann");
        assertThat(handlers.handlerFor(BELL, new Evt.Muted(), POSITION)).as("not handled: only the checkpoint moves").isEmpty();
    }

    @Test
    void aSpecificHandlerWinsOverTheTypeWideAndTheEveryTypeOnes() {
        List<String> seen = new ArrayList<>();
        ProjectionHandlers handlers = ProjectionHandlers.builder()
                .on(BELL, Evt.Rang.class, (rang, envelope) -> record(seen, "specific"))
                .onEvery(BELL, (event, envelope) -> record(seen, "type"))
                .onEveryType((type, event, envelope, position) -> record(seen, "any " + type.name()))
                .build();
        handlers.handlerFor(BELL, new Evt.Rang("x"), POSITION).orElseThrow().apply(new Evt.Rang("x"), null);
        handlers.handlerFor(BELL, new Evt.Muted(), POSITION).orElseThrow().apply(new Evt.Muted(), null);
        assertThat(seen).containsExactly("specific", "type");
        assertThat(handlers.claimsEveryType()).isTrue();
    }

    @Test
    void mistakesAreRefusedWhenTheProjectionIsBuilt() {
        assertThatThrownBy(() -> ProjectionHandlers.builder().build()).hasMessageContaining("at least one");
        assertThatThrownBy(() -> ProjectionHandlers.builder()
                .on(BELL, Evt.Rang.class, (e, m) -> Uni.createFrom().voidItem())
                .on(BELL, Evt.Rang.class, (e, m) -> Uni.createFrom().voidItem()))
                .hasMessageContaining("two handlers");
        assertThatThrownBy(() -> ProjectionHandlers.builder()
                .onEveryType((t, e, m, p) -> Uni.createFrom().voidItem())
                .onEveryType((t, e, m, p) -> Uni.createFrom().voidItem()))
                .hasMessageContaining("only one");
    }

    private static Uni<Void> record(List<String> seen, String what) {
        seen.add(what);
        return Uni.createFrom().voidItem();
    }
}
