package dev.annals.domain.orderbook.query;

import dev.annals.domain.orderbook.OrderBookType;
import dev.annals.query.access.ReadAccess;
import dev.annals.query.consistency.ConsistencyParams;
import dev.annals.query.consistency.ReadModel;
import dev.annals.query.consistency.ReadYourWrites;
import dev.annals.query.web.Conditional;
import dev.annals.query.web.PathIds;
import dev.annals.query.web.ProblemException;
import dev.annals.query.web.QueryParams;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.ArrayList;
import java.util.List;

/**
 * Order books and their trades, over the order-books projection. A book is the market: shared with every caller the
 * routes' rules admit (traders and brokers, {@code annals.security.reads}), each trader seeing every price but only
 * her own name on orders and trades ({@link Traders}).
 */
// a path of its own (not "/"): JAX-RS picks the root class by its path first, and /api/{type} would win
@Path("/api/order-books")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "order book", description = "Resting orders and trades of order books")
public class OrderBooksResource {

    /** A book is shared by everyone who trades on it. A bean, for {@code @ReadAccess} to name. */
    @jakarta.enterprise.inject.Produces
    static final ReadModel BOOKS = ReadModel.of(OrderBookType.READ_MODEL, OrderBookType.NAME).shared();

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final ReadYourWrites readYourWrites;
    private final Pool pool;
    private final RestingOrders resting;
    private final CurrentIdentityAssociation identities;

    OrderBooksResource(ReadYourWrites readYourWrites, Pool pool, RestingOrders resting,
                       CurrentIdentityAssociation identities) {
        this.readYourWrites = readYourWrites;
        this.pool = pool;
        this.resting = resting;
        this.identities = identities;
    }

    @GET
    @Path("{id}")
    @ReadAccess(model = OrderBookType.READ_MODEL, item = "id", notFound = "BOOK_NOT_FOUND")
    @Operation(summary = "An order book: asks ascending, bids descending by price, oldest first within a price")
    public Uni<Response> book(@PathParam("id") String id, @BeanParam ConsistencyParams consistency,
                              @Context Request request) {
        PathIds.require(id, "a book id");
        return readYourWrites.await(BOOKS, consistency)
                .chain(() -> requireBook(id))
                .chain(() -> resting.of(id))
                .chain(book -> Traders.of(identities).map(book::seenBy))
                .map(book -> Conditional.ok(request, Conditional.ofContent(book), book));
    }

    @GET
    @Path("{id}/trades")
    @ReadAccess(model = OrderBookType.READ_MODEL, item = "id", notFound = "BOOK_NOT_FOUND")
    @Operation(summary = "A book's trades in order, a page at a time (after: the last sequence seen; limit 1-1000)")
    public Uni<Response> trades(@PathParam("id") String id, @QueryParam("after") String afterParam,
                                @QueryParam("limit") String limitParam, @BeanParam ConsistencyParams consistency,
                                @Context Request request, @Context UriInfo uri) {
        PathIds.require(id, "a book id");
        long after = QueryParams.number("after", QueryParams.raw(uri, "after", afterParam), 0, 0, Long.MAX_VALUE);
        int limit = QueryParams.integer("limit", QueryParams.raw(uri, "limit", limitParam), DEFAULT_LIMIT, 1,
                MAX_LIMIT);
        return readYourWrites.await(BOOKS, consistency)
                .chain(() -> requireBook(id))
                .chain(() -> Traders.of(identities))
                .chain(reader -> pool.preparedQuery("select sequence, buyer_id, seller_id, price, incoming_side,"
                        + " traded_at from order_books.trades where book_id = $1 and sequence > $2"
                        + " order by sequence limit $3").execute(Tuple.of(id, after, limit + 1))
                        .map(rows -> page(id, rows, limit, reader)))
                .map(body -> Conditional.ok(request, Conditional.ofContent(body), body));
    }

    /** A page of trades as {@code reader} sees them, from one row more than the page. */
    private static TradesResponse page(String id, RowSet<Row> rows, int limit, Traders reader) {
        List<TradesResponse.Trade> trades = new ArrayList<>();
        for (Row row : rows) {
            trades.add(new TradesResponse.Trade(row.getLong("sequence"), row.getString("buyer_id"),
                    row.getString("seller_id"), row.getLong("price"), row.getString("incoming_side"),
                    row.getOffsetDateTime("traded_at").toInstant()).seenBy(reader));
        }
        // one row more than the page was read: whether it exists says if there is a next page
        List<TradesResponse.Trade> page = trades.subList(0, Math.min(limit, trades.size()));
        String next = trades.size() > limit ? "/api/order-books/" + id + "/trades?after="
                + page.getLast().sequence() + "&limit=" + limit : null;
        return new TradesResponse(id, List.copyOf(page), next);
    }

    /** 404 for a book that never had an order. */
    private Uni<Void> requireBook(String id) {
        return pool.preparedQuery("select version from order_books.books where book_id = $1").execute(Tuple.of(id))
                .invoke(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("BOOK_NOT_FOUND", "no order was ever placed in book " + id);
                    }
                })
                .replaceWithVoid();
    }
}
