package dev.annals.bench.hello;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * What a command or a query costs at least on this stack: JSON in, JSON out, no I/O. {@code POST} reads a body the
 * size of a command's, {@code GET} answers a body the size of an account's read model.
 */
@Path("/hello")
@Produces(MediaType.APPLICATION_JSON)
public class HelloResource {

    /** The shape of a bank deposit's body, so the request is parsed like a command's. */
    public record Greeting(long amount) {
    }

    public record Hello(String id, String owner, long balance, String status, long version) {
    }

    @GET
    public Hello get() {
        return new Hello("hello", "world", 0, "OPEN", 1);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Hello post(Greeting greeting) {
        return new Hello("hello", "world", greeting.amount(), "OPEN", 1);
    }
}
