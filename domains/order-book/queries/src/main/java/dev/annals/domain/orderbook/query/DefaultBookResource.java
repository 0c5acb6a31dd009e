package dev.annals.domain.orderbook.query;

import dev.annals.domain.orderbook.OrderBookType;
import dev.annals.query.access.ReadAccess;
import dev.annals.query.consistency.ConsistencyParams;
import dev.annals.query.consistency.ReadYourWrites;
import dev.annals.query.web.Conditional;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /orderbook}: the classic trading API's view of the default book. */
@Path("/orderbook")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "order book", description = "Resting orders and trades of order books")
public class DefaultBookResource {

    private final ReadYourWrites readYourWrites;
    private final RestingOrders resting;
    private final CurrentIdentityAssociation identities;

    DefaultBookResource(ReadYourWrites readYourWrites, RestingOrders resting, CurrentIdentityAssociation identities) {
        this.readYourWrites = readYourWrites;
        this.resting = resting;
        this.identities = identities;
    }

    @GET
    @ReadAccess(model = OrderBookType.READ_MODEL)
    @Operation(summary = "The default book: asks ascending, bids descending by price (empty before any order)")
    public Uni<Response> defaultBook(@BeanParam ConsistencyParams consistency, @Context Request request) {
        return readYourWrites.await(OrderBooksResource.BOOKS, consistency)
                .chain(() -> resting.of(OrderBookType.DEFAULT_BOOK))
                .chain(book -> Traders.of(identities).map(book::seenBy))
                .map(book -> Conditional.ok(request, Conditional.ofContent(book), book));
    }
}
