package dev.annals.domain.cart.query;

import dev.annals.domain.cart.CartType;
import dev.annals.query.access.ReadAccess;
import dev.annals.query.consistency.ConsistencyParams;
import dev.annals.query.consistency.ReadModel;
import dev.annals.query.consistency.ReadYourWrites;
import dev.annals.query.web.Conditional;
import dev.annals.query.web.PathIds;
import dev.annals.query.web.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.ArrayList;
import java.util.List;

/** The cart read endpoint, over the carts projection: a cart is its customer's and support's. */
@Path("/api/carts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "cart", description = "Shopping carts")
public class CartsResource {

    /** Each cart is its customer's: the customer_id column. A bean, for {@code @ReadAccess} to name. */
    @jakarta.enterprise.inject.Produces
    static final ReadModel CARTS = ReadModel.of(CartType.READ_MODEL, CartType.NAME)
            .itemsOwnedBy("carts.carts", "id", "customer_id");

    private final ReadYourWrites readYourWrites;
    private final Pool pool;

    CartsResource(ReadYourWrites readYourWrites, Pool pool) {
        this.readYourWrites = readYourWrites;
        this.pool = pool;
    }

    @GET
    @Path("{id}")
    @ReadAccess(model = CartType.READ_MODEL, item = "id", notFound = "CART_NOT_FOUND")
    @Operation(summary = "A cart: customer, items (sku, quantity, unit price), total (minor units), status")
    public Uni<Response> cart(@PathParam("id") String id, @BeanParam ConsistencyParams consistency,
                              @Context Request request) {
        PathIds.require(id, "a cart id");
        // one statement, so the cart and its lines come from the same snapshot
        return readYourWrites.await(CARTS, consistency)
                .chain(() -> pool.preparedQuery("select c.customer_id, c.total, c.status, c.version, i.sku,"
                                + " i.quantity, i.unit_price from carts.carts c left join carts.cart_items i"
                                + " on i.cart_id = c.id where c.id = $1 order by i.line")
                        .execute(Tuple.of(id)))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("CART_NOT_FOUND", "there is no cart " + id);
                    }
                    List<CartResponse.Item> items = new ArrayList<>();
                    Row first = null;
                    for (Row row : rows) {
                        first = first == null ? row : first;
                        if (row.getString("sku") != null) {
                            items.add(new CartResponse.Item(row.getString("sku"), row.getLong("quantity"),
                                    row.getLong("unit_price")));
                        }
                    }
                    CartResponse cart = new CartResponse(id, first.getString("customer_id"), items,
                            first.getLong("total"), first.getString("status"), first.getLong("version"));
                    return Conditional.ok(request, Conditional.ofVersion(cart.version()), cart);
                });
    }
}
