package dev.annals.domain.fooddelivery;

import dev.annals.core.Caller;
import dev.annals.core.ServerValues;
import dev.annals.domain.fooddelivery.FoodOrder.Stage;
import dev.annals.domain.fooddelivery.FoodOrderCommand.Accept;
import dev.annals.domain.fooddelivery.FoodOrderCommand.CompleteDelivery;
import dev.annals.domain.fooddelivery.FoodOrderCommand.ConfirmPayment;
import dev.annals.domain.fooddelivery.FoodOrderCommand.Create;
import dev.annals.domain.fooddelivery.FoodOrderCommand.FailPayment;
import dev.annals.domain.fooddelivery.FoodOrderCommand.InitiatePayment;
import dev.annals.domain.fooddelivery.FoodOrderCommand.MarkDelivered;
import dev.annals.domain.fooddelivery.FoodOrderCommand.StartDelivery;
import dev.annals.domain.fooddelivery.FoodOrderEvent.DeliveryCompleted;
import dev.annals.domain.fooddelivery.FoodOrderEvent.DeliveryStarted;
import dev.annals.domain.fooddelivery.FoodOrderEvent.OrderAccepted;
import dev.annals.domain.fooddelivery.FoodOrderEvent.OrderCreated;
import dev.annals.domain.fooddelivery.FoodOrderEvent.OrderDelivered;
import dev.annals.domain.fooddelivery.FoodOrderEvent.PaymentConfirmed;
import dev.annals.domain.fooddelivery.FoodOrderEvent.PaymentFailed;
import dev.annals.domain.fooddelivery.FoodOrderEvent.PaymentInitiated;
import dev.annals.test.DeciderFixture;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class FoodOrderDeciderTest {

    private static final Caller CALLER = new Caller("ann", Set.of("customer"));

    private final DeciderFixture<FoodOrderCommand, FoodOrderEvent, FoodOrder> order =
            DeciderFixture.of(FoodOrderType.TYPE);

    private static final Instant PLACED = Instant.parse("2026-11-23T12:00:00Z");
    private static final Map<String, Integer> ITEMS = Map.of("pizza", 2, "cola", 1);
    private static final OrderCreated CREATED = new OrderCreated("u-1", "r-1", ITEMS, "42", PLACED);
    private static final FoodOrderEvent[] PENDING = {CREATED, new PaymentInitiated("card")};
    private static final FoodOrderEvent[] PAID = {CREATED, new PaymentInitiated("card"), new PaymentConfirmed()};
    private static final FoodOrderEvent[] ACCEPTED = append(PAID, new OrderAccepted("r-1", 20));
    private static final FoodOrderEvent[] COLLECTED = append(ACCEPTED, new DeliveryStarted("d-1"));
    private static final FoodOrderEvent[] HANDED_OVER = append(COLLECTED, new DeliveryCompleted());
    private static final FoodOrderEvent[] CLOSED = append(HANDED_OVER, new OrderDelivered());

    @Test
    void an_order_is_placed_with_the_code_and_time_the_server_drew() {
        Create sent = new Create("u-1", "r-1", ITEMS, null, null);
        Create completed = (Create) FoodOrderType.TYPE.complete(sent, ServerValues.of("o-1", PLACED, new Random(1), CALLER));

        assertThat(completed.placedAt()).isEqualTo(PLACED);
        assertThat(completed.deliveryCode()).matches("(0[1-9]|[1-9][0-9])");
        order.given().when(completed)
                .then(new OrderCreated("u-1", "r-1", ITEMS, completed.deliveryCode(), PLACED))
                .thenState(new FoodOrder(Stage.CREATED, "u-1", "r-1", ITEMS, completed.deliveryCode(), null));
    }

    @Test
    void delivery_codes_cover_01_to_99() {
        Random random = new Random(3);
        Set<String> codes = new HashSet<>();
        for (int i = 0; i < 5_000; i++) {
            codes.add(((Create) FoodOrderType.TYPE.complete(new Create("u", "r", ITEMS, null, null),
                    ServerValues.of("o", PLACED, random, CALLER))).deliveryCode());
        }
        assertThat(codes).hasSize(99).contains("01", "09", "10", "99").doesNotContain("00", "100");
    }

    @Test
    void an_order_is_placed_once() {
        order.given(CREATED).when(new Create("u-1", "r-1", ITEMS, "07", PLACED)).thenRejected("ALREADY_EXISTS");
    }

    @Test
    void every_command_on_an_order_nobody_placed_is_order_not_found() {
        order.given().when(new InitiatePayment("card")).thenRejected("ORDER_NOT_FOUND");
        order.given().when(new ConfirmPayment()).thenRejected("ORDER_NOT_FOUND");
        order.given().when(new Accept("r-1", 10)).thenRejected("ORDER_NOT_FOUND");
        order.given().when(new MarkDelivered()).thenRejected("ORDER_NOT_FOUND");
    }

    @Test
    void the_happy_path_walks_every_stage() {
        order.given(CREATED).when(new InitiatePayment("card")).then(new PaymentInitiated("card"));
        order.given(PENDING).when(new ConfirmPayment()).then(new PaymentConfirmed());
        order.given(PAID).when(new Accept("r-1", 20)).then(new OrderAccepted("r-1", 20));
        order.given(ACCEPTED).when(new StartDelivery("d-1")).then(new DeliveryStarted("d-1"));
        order.given(COLLECTED).when(new CompleteDelivery("42")).then(new DeliveryCompleted());
        order.given(HANDED_OVER).when(new MarkDelivered()).then(new OrderDelivered())
                .thenState(new FoodOrder(Stage.DELIVERED, "u-1", "r-1", ITEMS, "42", "d-1"));
        assertThat(FoodOrderType.TYPE.decider().isTerminal(FoodOrderType.TYPE.decider().fold(List.of(CLOSED))))
                .isTrue();
    }

    @Test
    void a_failed_payment_may_be_initiated_again() {
        order.given(PENDING).when(new FailPayment("declined")).then(new PaymentFailed("declined"));
        order.given(append(PENDING, new PaymentFailed("declined"))).when(new InitiatePayment("other card"))
                .then(new PaymentInitiated("other card"));
        order.given(append(PENDING, new PaymentFailed("declined"))).when(new Accept("r-1", 5))
                .thenRejected("PAYMENT_NOT_CONFIRMED");
    }

    @Test
    void a_payment_is_confirmed_or_failed_only_while_under_way() {
        order.given(CREATED).when(new ConfirmPayment()).thenRejected("PAYMENT_NOT_INITIATED");
        order.given(CREATED).when(new FailPayment("x")).thenRejected("PAYMENT_NOT_INITIATED");
        order.given(PENDING).when(new InitiatePayment("again")).thenRejected("PAYMENT_ALREADY_INITIATED");
        order.given(PAID).when(new InitiatePayment("again")).thenRejected("ALREADY_PAID");
        order.given(PAID).when(new ConfirmPayment()).thenRejected("ALREADY_PAID");
        order.given(ACCEPTED).when(new FailPayment("late")).thenRejected("ALREADY_PAID");
    }

    @Test
    void no_acceptance_before_the_payment_is_confirmed_and_only_by_the_order_s_restaurant() {
        order.given(CREATED).when(new Accept("r-1", 10)).thenRejected("PAYMENT_NOT_CONFIRMED");
        order.given(PENDING).when(new Accept("r-1", 10)).thenRejected("PAYMENT_NOT_CONFIRMED");
        order.given(PAID).when(new Accept("r-2", 10)).thenRejected("WRONG_RESTAURANT");
        order.given(ACCEPTED).when(new Accept("r-1", 10)).thenRejected("ALREADY_ACCEPTED");
    }

    @Test
    void no_delivery_before_acceptance() {
        order.given(PAID).when(new StartDelivery("d-1")).thenRejected("ORDER_NOT_ACCEPTED");
        order.given(COLLECTED).when(new StartDelivery("d-2")).thenRejected("DELIVERY_ALREADY_STARTED");
    }

    @Test
    void the_hand_over_needs_a_started_delivery_and_the_right_code() {
        order.given(ACCEPTED).when(new CompleteDelivery("42")).thenRejected("DELIVERY_NOT_STARTED");
        order.given(COLLECTED).when(new CompleteDelivery("41")).thenRejected("WRONG_DELIVERY_CODE");
        order.given(HANDED_OVER).when(new CompleteDelivery("42")).thenRejected("DELIVERY_ALREADY_COMPLETED");
    }

    @Test
    void an_order_is_closed_only_after_the_hand_over_and_only_once() {
        order.given(COLLECTED).when(new MarkDelivered()).thenRejected("DELIVERY_NOT_COMPLETED");
        order.given(CLOSED).when(new MarkDelivered()).thenRejected("ALREADY_DELIVERED");
        order.given(CLOSED).when(new InitiatePayment("card")).thenRejected("ALREADY_PAID");
    }

    private static FoodOrderEvent[] append(FoodOrderEvent[] history, FoodOrderEvent next) {
        FoodOrderEvent[] longer = java.util.Arrays.copyOf(history, history.length + 1);
        longer[history.length] = next;
        return longer;
    }
}
