package dev.annals.domain.orderbook.command;

import dev.annals.command.api.CommandDispatcher;
import dev.annals.command.api.CommandRequest;
import dev.annals.core.json.DomainJson;
import dev.annals.core.problem.Problem;
import dev.annals.domain.orderbook.OrderBookType;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

/**
 * The classic routes of small event-sourced trading servers, on the default book: {@code POST
 * /buy/{userId}/{price}} is {@code POST /api/order-book/default/buy} with {@code {"userId", "price"}}, answered
 * the same way (events, version, consistency token, problems), with the same {@code Idempotency-Key} and
 * {@code If-Match} headers.
 */
@Path("/")
@Produces({MediaType.APPLICATION_JSON, "application/problem+json"})
@Tag(name = "order book", description = "The classic trading routes on the default book")
public class ClassicTradingResource {

    private static final Pattern WHOLE_NUMBER = Pattern.compile("-?[0-9]{1,18}");
    private static final String IDEMPOTENCY_KEY_DOC = "retries with the same key return the first answer and write"
            + " nothing new";
    private static final String IF_MATCH_DOC = "\"<version>\": the default book must be at this version, else 409"
            + " VERSION_CONFLICT";

    private final CommandDispatcher commands;

    ClassicTradingResource(CommandDispatcher commands) {
        this.commands = commands;
    }

    @POST
    @Path("buy/{userId}/{price}")
    @Operation(summary = "Buy one unit at most at price on the default book: trades with the best ask, or rests")
    @Blocking // the dispatcher waits while Kafka takes the command
    @Parameter(name = "Idempotency-Key", in = ParameterIn.HEADER, description = IDEMPOTENCY_KEY_DOC)
    @Parameter(name = "If-Match", in = ParameterIn.HEADER, description = IF_MATCH_DOC)
    public CompletionStage<Response> buy(@PathParam("userId") String userId, @PathParam("price") String price,
                                         @Context HttpHeaders headers) {
        return notAWholeNumber(price).orElseGet(() -> commands.dispatch(order("buy", userId, price, headers)));
    }

    @POST
    @Path("sell/{userId}/{price}")
    @Operation(summary = "Sell one unit at least at price on the default book: trades with the best bid, or rests")
    @Blocking
    @Parameter(name = "Idempotency-Key", in = ParameterIn.HEADER, description = IDEMPOTENCY_KEY_DOC)
    @Parameter(name = "If-Match", in = ParameterIn.HEADER, description = IF_MATCH_DOC)
    public CompletionStage<Response> sell(@PathParam("userId") String userId, @PathParam("price") String price,
                                          @Context HttpHeaders headers) {
        return notAWholeNumber(price).orElseGet(() -> commands.dispatch(order("sell", userId, price, headers)));
    }

    /**
     * 400 for a price in the path that is not a whole number: the caller sent no JSON, so an answer about the
     * command's JSON would puzzle them. A whole number out of range goes on to the command's own checks.
     */
    private static Optional<CompletionStage<Response>> notAWholeNumber(String price) {
        if (WHOLE_NUMBER.matcher(price).matches()) {
            return Optional.empty();
        }
        Problem problem = Problem.of(400, "Bad Request", "INVALID_PARAMETER", "the price in the path is a whole"
                + " number of minor units (at most 18 digits), not \"" + (price.length() > 40 ? price.substring(0, 40) + "..." : price)
                + "\"").with("field", "price");
        return Optional.of(CompletableFuture.completedFuture(Response.status(400).type(Problem.MEDIA_TYPE)
                .entity(problem).build()));
    }

    /** The command as JSON, its price a whole number. */
    private static CommandRequest order(String command, String userId, String price, HttpHeaders headers) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("userId", userId);
        body.put("price", Long.parseLong(price));
        return new CommandRequest(OrderBookType.NAME, Optional.of(OrderBookType.DEFAULT_BOOK), command,
                CommandRequest.header(headers, "Idempotency-Key"), CommandRequest.header(headers, "If-Match"),
                MediaType.APPLICATION_JSON,
                DomainJson.write(body));
    }
}
