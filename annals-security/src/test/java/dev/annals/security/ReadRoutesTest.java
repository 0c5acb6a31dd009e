package dev.annals.security;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.MultivaluedHashMap;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;

import static org.assertj.core.api.Assertions.assertThat;

/** A read rule names the endpoint's path template, with the aggregate type filled in. */
class ReadRoutesTest {

    @Path("/api/{type}")
    static class ByType {
        @GET
        @Path("{id: [a-z0-9-]+}/events")
        public void history() {
        }
    }

    @Path("/")
    static class Root {
        @GET
        @Path("orderbook/")
        public void book() {
        }
    }

    @Test
    void the_type_is_filled_in_and_parameter_patterns_left_out() throws Exception {
        MultivaluedHashMap<String, String> parameters = new MultivaluedHashMap<>();
        parameters.add("type", "bank-account");
        parameters.add("id", "acc-1");

        assertThat(ReadRoutes.of(info(ByType.class, "history"), parameters))
                .isEqualTo("/api/bank-account/{id}/events");
        assertThat(ReadRoutes.of(info(Root.class, "book"), new MultivaluedHashMap<>())).isEqualTo("/orderbook");
    }

    @Test
    void a_rule_must_name_a_read_route_of_the_service() {
        var templates = ReadRulesCheck.readTemplates(java.util.List.of(ByType.class, Root.class, String.class));
        assertThat(templates).containsExactlyInAnyOrder("/api/{type}/{id}/events", "/orderbook");

        assertThat(ReadRulesCheck.unknownRoutes(java.util.List.of("/api/bank-account/{id}/events", "/orderbook"),
                templates)).as("routes of the service, the type filled in").isEmpty();
        assertThat(ReadRulesCheck.unknownRoutes(java.util.List.of("/api/bank-account/{id}/event", "/order-book",
                "/api/bank-account/extra/{id}/events"), templates))
                .containsExactly("/api/bank-account/extra/{id}/events", "/api/bank-account/{id}/event", "/order-book");
    }

    private static ResourceInfo info(Class<?> type, String method) throws NoSuchMethodException {
        Method resourceMethod = type.getMethod(method);
        return new ResourceInfo() {
            @Override
            public Method getResourceMethod() {
                return resourceMethod;
            }

            @Override
            public Class<?> getResourceClass() {
                return type;
            }
        };
    }
}
