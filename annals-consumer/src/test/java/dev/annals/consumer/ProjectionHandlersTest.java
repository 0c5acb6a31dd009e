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
        ProjectionHandlers handlers = ProjectionHandlers.of(BELL)
                .on(Evt.Rang.class, (rang, envelope, sql) -> seen.add("rang by " + rang.userId()))
                .build();
        assertThat(handlers.types()).containsOnlyKeys("bell");
        assertThat(handlers.claimsEveryType()).isFalse();
        handlers.handlerFor(BELL, new Evt.Rang("ann")).orElseThrow().apply(new Evt.Rang("ann"), null, POSITION, null)
                .await().indefinitely();
        assertThat(seen).containsExactly("rang by ann");
        assertThat(handlers.handlerFor(BELL, new Evt.Muted())).as("not handled: only the checkpoint moves").isEmpty();
    }

    @Test
    void aSpecificHandlerWinsOverTheTypeWideOne() {
        List<String> seen = new ArrayList<>();
        ProjectionHandlers handlers = ProjectionHandlers.of(BELL)
                .on(Evt.Rang.class, (rang, envelope, sql) -> seen.add("specific"))
                .onEvery((event, envelope, sql) -> seen.add("type"))
                .build();
        handlers.handlerFor(BELL, new Evt.Rang("x")).orElseThrow().apply(new Evt.Rang("x"), null, POSITION, null);
        handlers.handlerFor(BELL, new Evt.Muted()).orElseThrow().apply(new Evt.Muted(), null, POSITION, null);
        assertThat(seen).containsExactly("specific", "type");
    }

    @Test
    void anEveryTypeHandlerIsGivenTheTypeAndThePosition() {
        List<String> seen = new ArrayList<>();
        ProjectionHandlers handlers = ProjectionHandlers.ofEveryType((type, event, envelope, position, sql) -> {
            seen.add(type.name() + " " + event.getClass().getSimpleName() + " @" + position.offset());
            return Uni.createFrom().voidItem();
        });
        handlers.handlerFor(BELL, new Evt.Muted()).orElseThrow().apply(new Evt.Muted(), null, POSITION, null)
                .await().indefinitely();
        assertThat(seen).containsExactly("bell Muted @0");
        assertThat(handlers.claimsEveryType()).isTrue();
    }

    @Test
    void mistakesAreRefusedWhenTheProjectionIsBuilt() {
        assertThatThrownBy(() -> ProjectionHandlers.of(BELL)
                .on(Evt.Rang.class, (e, m, sql) -> { })
                .on(Evt.Rang.class, (e, m, sql) -> { }))
                .hasMessageContaining("two handlers");
        assertThatThrownBy(() -> ProjectionHandlers.of(BELL)
                .onEvery((e, m, sql) -> { })
                .onEvery((e, m, sql) -> { }))
                .hasMessageContaining("two onEvery handlers");
    }
}
