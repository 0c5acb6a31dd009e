package dev.annals.domain.fooddelivery.query;

import dev.annals.domain.fooddelivery.FoodOrderType;
import dev.annals.query.access.ReadAccess;
import dev.annals.query.access.Readers;
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
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Two views of the same food orders: delivery status by order id, and orders by user id. An order's status is its
 * customer's and support's ({@code annals.security.staff."food-order"}), and its delivery code the customer's alone:
 * she gives it to the deliverer. A user's orders are hers and support's.
 */
@Path("/api/delivery")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "food delivery", description = "Delivery status by order, orders by user")
public class DeliveryResource {

    /** Each order is its customer's: the customer_id column. Beans, for {@code @ReadAccess} to name. */
    @jakarta.enterprise.inject.Produces
    static final ReadModel DELIVERY_STATUS = ReadModel.of(FoodOrderType.DELIVERY_STATUS, FoodOrderType.NAME)
            .itemsOwnedBy("delivery_status.orders", "order_id", "customer_id");
    /** Each list is its user's: the key. */
    @jakarta.enterprise.inject.Produces
    static final ReadModel USER_ORDERS = ReadModel.of(FoodOrderType.USER_ORDERS, FoodOrderType.NAME)
            .itemsOwnedByTheirKey();

    private static final int MAX_USER_ID_LENGTH = 200;

    private final ReadYourWrites readYourWrites;
    private final Pool pool;

    DeliveryResource(ReadYourWrites readYourWrites, Pool pool) {
        this.readYourWrites = readYourWrites;
        this.pool = pool;
    }

    @GET
    @Path("orders/{orderId}/status")
    @ReadAccess(model = FoodOrderType.DELIVERY_STATUS, item = "orderId", notFound = "ORDER_NOT_FOUND")
    @Operation(summary = "Where an order is: placed, preparing, collected, delivered or done, and since when; its"
            + " delivery code to its customer only")
    public Uni<Response> status(@PathParam("orderId") String orderId, @BeanParam ConsistencyParams consistency,
                                @Context Request request, @Context SecurityContext security) {
        PathIds.require(orderId, "an order id");
        Optional<String> reader = Readers.subject(security);
        return readYourWrites.await(DELIVERY_STATUS, consistency)
                .chain(() -> pool.preparedQuery("select status, last_status, delivery_code, payment, customer_id,"
                        + " version from delivery_status.orders where order_id = $1").execute(Tuple.of(orderId)))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("ORDER_NOT_FOUND", "there is no order " + orderId);
                    }
                    Row row = rows.iterator().next();
                    // the code is the customer's to give the deliverer: staff who read the status do not see it
                    boolean customer = reader.isPresent() && reader.get().equals(row.getString("customer_id"));
                    DeliveryStatusResponse status = new DeliveryStatusResponse(orderId, row.getString("status"),
                            row.getOffsetDateTime("last_status").toInstant(),
                            customer ? row.getString("delivery_code") : null, row.getString("payment"),
                            row.getLong("version"));
                    return Conditional.ok(request, Conditional.ofVersion(status.version()), status);
                });
    }

    @GET
    @Path("users/{userId}/orders")
    @ReadAccess(model = FoodOrderType.USER_ORDERS, item = "userId", notFound = "USER_NOT_FOUND")
    @Operation(summary = "A user's orders, oldest first (empty for a user without orders)")
    public Uni<Response> userOrders(@PathParam("userId") String userId, @BeanParam ConsistencyParams consistency,
                                    @Context Request request) {
        PathIds.requireText(userId, "a user id", "INVALID_ID", MAX_USER_ID_LENGTH);
        return readYourWrites.await(USER_ORDERS, consistency)
                .chain(() -> pool.preparedQuery("select order_id from user_orders.orders where user_id = $1"
                        + " order by placed_at, order_id").execute(Tuple.of(userId)))
                .map(rows -> {
                    List<String> orders = new ArrayList<>(rows.size());
                    rows.forEach(row -> orders.add(row.getString(0)));
                    UserOrdersResponse body = new UserOrdersResponse(userId, orders);
                    return Conditional.ok(request, Conditional.ofContent(body), body);
                });
    }
}
