package dev.annals.query.access;

import dev.annals.core.AggregateType;
import dev.annals.core.AggregateTypes;
import dev.annals.core.Decider;
import dev.annals.query.consistency.ReadModel;
import dev.annals.security.ReadRulesCheck;
import dev.annals.security.SecurityConfig;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A service whose read routes do not say who reads them does not start: every way a declaration can leave a route
 * open, or shut to everyone, by a slip.
 */
class ReadAccessCheckTest {

    static final ReadModel NOTES = ReadModel.of("notes", "note").itemsOwnedBy("notes.notes", "id", "author");
    static final ReadModel BOARD = ReadModel.of("board", "note").shared();
    static final ReadModel STATES = ReadModel.ofEveryType("aggregate-state").itemsOwnedByTheirAggregate();

    @Path("/api/notes")
    static class Declared {
        @GET
        @Path("{id}")
        @ReadAccess(model = "notes", item = "id", notFound = "NOTE_NOT_FOUND")
        public void note() {
        }

        @GET
        @ReadAccess(model = "notes")
        public void every() {
        }

        @GET
        @Path("board")
        @ReadAccess(model = "board")
        public void board() {
        }
    }

    @Path("/api/{type}")
    static class Generic {
        @GET
        @Path("{id}")
        @ReadAccess(model = "aggregate-state", item = "id")
        public void state() {
        }
    }

    @Path("/api/slips")
    static class Slips {
        @GET
        public void undeclared() {
        }

        @GET
        @Path("{id}")
        @ReadAccess(model = "nowhere", item = "id")
        public void unknownModel() {
        }

        @GET
        @Path("by/{key}")
        @ReadAccess(model = "notes", item = "id")
        public void wrongParameter() {
        }

        @GET
        @Path("all")
        @ReadAccess(model = "aggregate-state")
        public void everyTypeWithoutType() {
        }
    }

    @Test
    void a_service_whose_routes_all_say_who_reads_them_starts() {
        assertThat(ReadAccessCheck.problems(endpoints(Declared.class, Generic.class), models(),
                security(Map.of("/api/notes/board", List.of("reader")), Map.of("note", List.of("editor"))),
                types(), true)).isEmpty();
    }

    @Test
    void every_slip_is_named() {
        List<String> problems = ReadAccessCheck.problems(endpoints(Slips.class), models(),
                security(Map.of(), Map.of("nite", List.of("editor"))), types(), true);

        assertThat(problems).hasSize(5);
        assertThat(problems).anySatisfy(problem -> assertThat(problem)
                .contains("GET /api/slips does not say who may read it"));
        assertThat(problems).anySatisfy(problem -> assertThat(problem).contains("reads nowhere, which no ReadModel"));
        assertThat(problems).anySatisfy(problem -> assertThat(problem).contains("{id}, which its path does not have"));
        assertThat(problems).anySatisfy(problem -> assertThat(problem).contains("without a {type}"));
        assertThat(problems).anySatisfy(problem -> assertThat(problem)
                .contains("annals.security.staff names \"nite\""));
    }

    @Test
    void a_shared_model_needs_a_rule_naming_its_readers() {
        assertThat(ReadAccessCheck.problems(endpoints(Declared.class), models(), security(Map.of(), Map.of()),
                types(), true)).singleElement().asString()
                .contains("annals.security.reads.\"/api/notes/board\"");
    }

    @Test
    void aggregates_need_a_bean_that_finds_their_owners() {
        assertThat(ReadAccessCheck.problems(endpoints(Generic.class), models(), security(Map.of(), Map.of()),
                types(), false)).singleElement().asString().contains("no AggregateOwners bean");
    }

    @Test
    void a_read_model_is_declared_once() {
        assertThatThrownBy(() -> new ReadModels(List.of(NOTES, ReadModel.of("notes", "note"))))
                .hasMessageContaining("read model notes is declared twice");
        assertThat(new ReadModels(List.of(NOTES, NOTES)).named("notes")).contains(NOTES);
    }

    @Test
    void an_owner_column_is_a_name_never_sql() {
        assertThatThrownBy(() -> ReadModel.of("notes", "note").itemsOwnedBy("notes.notes; drop table x", "id", "a"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new Ownership.Column("notes.notes", "id", "author").query())
                .isEqualTo("select author from notes.notes where id = $1");
    }

    @Test
    void a_refusal_names_the_item_as_the_route_does() {
        assertThat(ReadAccessFilter.noun("ACCOUNT_NOT_FOUND", "bank-account")).isEqualTo("account");
        assertThat(ReadAccessFilter.noun("AGGREGATE_NOT_FOUND", "bank-account")).isEqualTo("bank-account");
        assertThat(ReadAccessFilter.noun("ORDER_LINE_NOT_FOUND", "food-order")).isEqualTo("order line");
    }

    private static List<ReadRulesCheck.ReadEndpoint> endpoints(Class<?>... resources) {
        return ReadRulesCheck.readEndpoints(List.of(resources));
    }

    private static ReadModels models() {
        return new ReadModels(List.of(NOTES, BOARD, STATES));
    }

    private static AggregateTypes types() {
        return AggregateTypes.of(List.of(Note.TYPE));
    }

    private static SecurityConfig security(Map<String, List<String>> reads, Map<String, List<String>> staff) {
        return new SecurityConfig() {
            @Override
            public List<String> defaultRoles() {
                return List.of("*");
            }

            @Override
            public Map<String, Map<String, List<String>>> commands() {
                return Map.of();
            }

            @Override
            public Map<String, List<String>> reads() {
                return reads;
            }

            @Override
            public Map<String, List<String>> staff() {
                return staff;
            }

            @Override
            public int maxTokenSize() {
                return 8192;
            }
        };
    }

    /** A one-command type, enough to name. */
    static final class Note implements Decider<Note.Write, Note.Written, String> {

        sealed interface Write {
        }

        record Jot(String text) implements Write {
        }

        sealed interface Written {
        }

        record Jotted(String text) implements Written {
        }

        static final AggregateType<Write, Written, String> TYPE = AggregateType.of("note", new Note(), Write.class,
                Written.class, String.class);

        @Override
        public String initialState() {
            return "";
        }

        @Override
        public List<Written> decide(Write command, String state) {
            return switch (command) {
                case Jot(String text) -> List.of(new Jotted(text));
            };
        }

        @Override
        public String evolve(String state, Written event) {
            return switch (event) {
                case Jotted(String text) -> state + text;
            };
        }
    }
}
