package dev.annals.domain.orderbook.command;

import dev.annals.command.api.CommandDispatcher;
import dev.annals.command.api.CommandRequest;
import dev.annals.core.json.DomainJson;
import dev.annals.domain.orderbook.OrderBookType;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

/**
 * The classic routes of small event-sourced trading servers, on the default book: {@code POST
 * /buy/{userId}/{price}} is {@code POST /api/order-book/default/buy} with {@code {"userId", "price"}}, answered
 * the same way (events, version, consistency token, problems).
 */
@Path("/")
@Produces({MediaType.APPLICATION_JSON, "application/problem+json"})
@Tag(name = "order book", description = "The classic trading routes on the default book")
public class ClassicTradingResource {

    private static final Pattern WHOLE_NUMBER = Pattern.compile("-?[0-9]{1,18}");

    private final CommandDispatcher commands;

    ClassicTradingResource(CommandDispatcher commands) {
        this.commands = commands;
    }

    @POST
    @Path("buy/{userId}/{price}")
    @Operation(summary = "Buy one unit at most at price on the default book: trades with the best ask, or rests")
    @Blocking // the dispatcher waits while Kafka takes the command
    public CompletionStage<Response> buy(@PathParam("userId") String userId, @PathParam("price") String price,
                                         @HeaderParam("Idempotency-Key") String idempotencyKey) {
        return commands.dispatch(order("buy", userId, price, idempotencyKey));
    }

    @POST
    @Path("sell/{userId}/{price}")
    @Operation(summary = "Sell one unit at least at price on the default book: trades with the best bid, or rests")
    @Blocking
    public CompletionStage<Response> sell(@PathParam("userId") String userId, @PathParam("price") String price,
                                          @HeaderParam("Idempotency-Key") String idempotencyKey) {
        return commands.dispatch(order("sell", userId, price, idempotencyKey));
    }

    /**
     * The command as JSON. A price that is not a whole number stays a string, so the command's own checks
     * answer it (400 naming the field) exactly as they would for a JSON body.
     */
    private static CommandRequest order(String command, String userId, String price, String idempotencyKey) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("userId", userId);
        body.put("price", WHOLE_NUMBER.matcher(price).matches() ? (Object) Long.parseLong(price) : price);
        return new CommandRequest(OrderBookType.NAME, Optional.of(OrderBookType.DEFAULT_BOOK), command,
                Optional.ofNullable(idempotencyKey), Optional.empty(), MediaType.APPLICATION_JSON,
                DomainJson.write(body));
    }
}
