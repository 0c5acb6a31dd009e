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
import dev.annals.domain.fooddelivery.FoodOrderEvent.DeliveryCodeRefused;
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

/** The order's lifecycle, and who may take each step: the caller is part of every when. */
class FoodOrderDeciderTest {

    private static final Caller ANN = new Caller("ann", Set.of("customer"));
    private static final Caller BOB = new Caller("bob", Set.of("customer"));
    private static final Caller SUPPORT = new Caller("sam", Set.of(FoodOrderDecider.SUPPORT));
    private static final Caller PAYMENTS = new Caller("payment-service", Set.of(FoodOrderDecider.PAYMENTS));
    private static final Caller RITA = new Caller("rita", Set.of(FoodOrderDecider.RESTAURANT,
            FoodOrderDecider.restaurantRole("r-1")));
    private static final Caller OTHER_RESTAURANT = new Caller("otto", Set.of(FoodOrderDecider.RESTAURANT,
            FoodOrderDecider.restaurantRole("r-2")));
    private static final Caller DAVE = new Caller("dave", Set.of(FoodOrderDecider.DELIVERER));
    private static final Caller DORA = new Caller("dora", Set.of(FoodOrderDecider.DELIVERER));

    private final DeciderFixture<FoodOrderCommand, FoodOrderEvent, FoodOrder> order =
            DeciderFixture.of(FoodOrderType.TYPE);

    private static final Instant PLACED = Instant.parse("2026-11-23T12:00:00Z");
    private static final Map<String, Integer> ITEMS = Map.of("pizza", 2, "cola", 1);
    private static final OrderCreated CREATED = new OrderCreated("ann", "r-1", ITEMS, "42", PLACED);
    private static final FoodOrderEvent[] PENDING = {CREATED, new PaymentInitiated("card")};
    private static final FoodOrderEvent[] PAID = {CREATED, new PaymentInitiated("card"), new PaymentConfirmed()};
    private static final FoodOrderEvent[] ACCEPTED = append(PAID, new OrderAccepted("r-1", 20));
    private static final FoodOrderEvent[] COLLECTED = append(ACCEPTED, new DeliveryStarted("dave"));
    private static final FoodOrderEvent[] HANDED_OVER = append(COLLECTED, new DeliveryCompleted());
    private static final FoodOrderEvent[] CLOSED = append(HANDED_OVER, new OrderDelivered());

    @Test
    void an_order_is_placed_with_the_code_time_and_caller_the_server_drew() {
        Create sent = new Create("ann", "r-1", ITEMS, null, null, null);
        Create completed = (Create) FoodOrderType.TYPE.complete(sent, ServerValues.of("o-1", PLACED, new Random(1),
                ANN));

        assertThat(completed.placedAt()).isEqualTo(PLACED);
        assertThat(completed.deliveryCode()).matches("(0[1-9]|[1-9][0-9])");
        assertThat(completed.by()).isEqualTo(ANN);
        order.given().when(completed)
                .then(new OrderCreated("ann", "r-1", ITEMS, completed.deliveryCode(), PLACED))
                .thenState(new FoodOrder(Stage.CREATED, "ann", "r-1", ITEMS, completed.deliveryCode(), null, 0));
    }

    @Test
    void every_command_gets_its_caller_from_the_server() {
        ServerValues values = ServerValues.of("o-1", PLACED, new Random(1), DAVE);
        for (FoodOrderCommand sent : List.<FoodOrderCommand>of(new InitiatePayment("card", null),
                new ConfirmPayment(null), new FailPayment("x", null), new Accept("r-1", 5, null),
                new StartDelivery("dave", null), new CompleteDelivery("42", null), new MarkDelivered(null))) {
            assertThat(FoodOrderType.TYPE.complete(sent, values)).hasFieldOrPropertyWithValue("by", DAVE);
        }
    }

    @Test
    void delivery_codes_cover_01_to_99() {
        Random random = new Random(3);
        Set<String> codes = new HashSet<>();
        for (int i = 0; i < 5_000; i++) {
            codes.add(((Create) FoodOrderType.TYPE.complete(new Create("u", "r", ITEMS, null, null, null),
                    ServerValues.of("o", PLACED, random, ANN))).deliveryCode());
        }
        assertThat(codes).hasSize(99).contains("01", "09", "10", "99").doesNotContain("00", "100");
    }

    @Test
    void an_order_is_placed_once() {
        order.given(CREATED).when(new Create("ann", "r-1", ITEMS, "07", PLACED, ANN)).thenRejected("ALREADY_EXISTS");
    }

    @Test
    void an_order_is_placed_for_its_caller_or_by_support() {
        order.given().when(new Create("bob", "r-1", ITEMS, "07", PLACED, ANN)).thenRejected("NOT_ORDER_CUSTOMER");
        order.given().when(new Create("bob", "r-1", ITEMS, "07", PLACED, SUPPORT))
                .then(new OrderCreated("bob", "r-1", ITEMS, "07", PLACED));
    }

    @Test
    void every_command_on_an_order_nobody_placed_is_order_not_found() {
        order.given().when(new InitiatePayment("card", ANN)).thenRejected("ORDER_NOT_FOUND");
        order.given().when(new ConfirmPayment(PAYMENTS)).thenRejected("ORDER_NOT_FOUND");
        order.given().when(new Accept("r-1", 10, RITA)).thenRejected("ORDER_NOT_FOUND");
        order.given().when(new MarkDelivered(DAVE)).thenRejected("ORDER_NOT_FOUND");
    }

    @Test
    void the_happy_path_walks_every_stage_each_step_by_its_party() {
        order.given(CREATED).when(new InitiatePayment("card", ANN)).then(new PaymentInitiated("card"));
        order.given(PENDING).when(new ConfirmPayment(PAYMENTS)).then(new PaymentConfirmed());
        order.given(PAID).when(new Accept("r-1", 20, RITA)).then(new OrderAccepted("r-1", 20));
        order.given(ACCEPTED).when(new StartDelivery("dave", DAVE)).then(new DeliveryStarted("dave"));
        order.given(COLLECTED).when(new CompleteDelivery("42", DAVE)).then(new DeliveryCompleted());
        order.given(HANDED_OVER).when(new MarkDelivered(DAVE)).then(new OrderDelivered())
                .thenState(new FoodOrder(Stage.DELIVERED, "ann", "r-1", ITEMS, "42", "dave", 0));
        assertThat(FoodOrderType.TYPE.decider().isTerminal(FoodOrderType.TYPE.decider().fold(List.of(CLOSED))))
                .isTrue();
    }

    @Test
    void only_the_customer_or_support_initiates_a_payment() {
        // another customer is told there is no such order
        order.given(CREATED).when(new InitiatePayment("card", BOB)).thenRejected("ORDER_NOT_FOUND");
        order.given(CREATED).when(new InitiatePayment("card", SUPPORT)).then(new PaymentInitiated("card"));
    }

    @Test
    void only_the_payment_taker_confirms_or_fails_a_payment_never_the_customer() {
        order.given(PENDING).when(new ConfirmPayment(ANN)).thenRejected("NOT_PAYMENT_TAKER");
        order.given(PENDING).when(new FailPayment("declined", ANN)).thenRejected("NOT_PAYMENT_TAKER");
        order.given(PENDING).when(new ConfirmPayment(SUPPORT)).thenRejected("NOT_PAYMENT_TAKER");
    }

    @Test
    void a_failed_payment_may_be_initiated_again() {
        order.given(PENDING).when(new FailPayment("declined", PAYMENTS)).then(new PaymentFailed("declined"));
        order.given(append(PENDING, new PaymentFailed("declined"))).when(new InitiatePayment("other card", ANN))
                .then(new PaymentInitiated("other card"));
        order.given(append(PENDING, new PaymentFailed("declined"))).when(new Accept("r-1", 5, RITA))
                .thenRejected("PAYMENT_NOT_CONFIRMED");
    }

    @Test
    void a_payment_is_confirmed_or_failed_only_while_under_way() {
        order.given(CREATED).when(new ConfirmPayment(PAYMENTS)).thenRejected("PAYMENT_NOT_INITIATED");
        order.given(CREATED).when(new FailPayment("x", PAYMENTS)).thenRejected("PAYMENT_NOT_INITIATED");
        order.given(PENDING).when(new InitiatePayment("again", ANN)).thenRejected("PAYMENT_ALREADY_INITIATED");
        order.given(PAID).when(new InitiatePayment("again", ANN)).thenRejected("ALREADY_PAID");
        order.given(PAID).when(new ConfirmPayment(PAYMENTS)).thenRejected("ALREADY_PAID");
        order.given(ACCEPTED).when(new FailPayment("late", PAYMENTS)).thenRejected("ALREADY_PAID");
    }

    @Test
    void no_acceptance_before_the_payment_is_confirmed() {
        order.given(CREATED).when(new Accept("r-1", 10, RITA)).thenRejected("PAYMENT_NOT_CONFIRMED");
        order.given(PENDING).when(new Accept("r-1", 10, RITA)).thenRejected("PAYMENT_NOT_CONFIRMED");
        order.given(PAID).when(new Accept("r-2", 10, RITA)).thenRejected("WRONG_RESTAURANT");
        order.given(ACCEPTED).when(new Accept("r-1", 10, RITA)).thenRejected("ALREADY_ACCEPTED");
    }

    @Test
    void only_the_staff_of_the_order_s_own_restaurant_accept_it_and_others_are_told_there_is_no_such_order() {
        order.given(PAID).when(new Accept("r-1", 10, ANN)).thenRejected("ORDER_NOT_FOUND");
        order.given(PAID).when(new Accept("r-1", 10, OTHER_RESTAURANT)).thenRejected("ORDER_NOT_FOUND");
        order.given(PAID).when(new Accept("r-1", 10, SUPPORT)).thenRejected("ORDER_NOT_FOUND");
        // who is checked before where the order is: a stranger learns nothing of its stage
        order.given(CREATED).when(new Accept("r-1", 10, ANN)).thenRejected("ORDER_NOT_FOUND");
    }

    @Test
    void no_delivery_before_acceptance_and_a_deliverer_learns_of_no_order_not_offered_to_her() {
        order.given(PAID).when(new StartDelivery("dave", SUPPORT)).thenRejected("ORDER_NOT_ACCEPTED");
        order.given(COLLECTED).when(new StartDelivery("dave", DAVE)).thenRejected("DELIVERY_ALREADY_STARTED");
        // a deliverer is offered accepted orders and has her own; any other is answered as a missing one
        order.given(PAID).when(new StartDelivery("dave", DAVE)).thenConcealed("ORDER_NOT_FOUND");
        order.given(COLLECTED).when(new StartDelivery("dora", DORA)).thenConcealed("ORDER_NOT_FOUND");
        order.given(ACCEPTED).when(new StartDelivery("dora", DORA)).then(new DeliveryStarted("dora"));
    }

    @Test
    void a_deliverer_starts_a_delivery_as_herself_and_support_may_assign_anyone() {
        // whatever the order, and whether it exists
        order.given(ACCEPTED).when(new StartDelivery("dave", ANN)).thenConcealed("NOT_THE_DELIVERER");
        order.given(ACCEPTED).when(new StartDelivery("dora", DAVE)).thenConcealed("NOT_THE_DELIVERER");
        order.given().when(new StartDelivery("dora", DAVE)).thenConcealed("NOT_THE_DELIVERER");
        order.given(ACCEPTED).when(new StartDelivery("dave", SUPPORT)).then(new DeliveryStarted("dave"));
    }

    @Test
    void only_the_deliverer_who_has_the_order_hands_it_over_and_closes_it_anyone_else_learns_nothing_of_it() {
        order.given(COLLECTED).when(new CompleteDelivery("42", ANN)).thenConcealed("ORDER_NOT_FOUND");
        order.given(COLLECTED).when(new CompleteDelivery("42", DORA)).thenConcealed("ORDER_NOT_FOUND");
        order.given(HANDED_OVER).when(new MarkDelivered(ANN)).thenConcealed("ORDER_NOT_FOUND");
        order.given(HANDED_OVER).when(new MarkDelivered(DORA)).thenConcealed("ORDER_NOT_FOUND");
        order.given(HANDED_OVER).when(new MarkDelivered(SUPPORT)).then(new OrderDelivered());
    }

    @Test
    void the_hand_over_needs_a_started_delivery_and_the_right_code() {
        order.given(ACCEPTED).when(new CompleteDelivery("42", SUPPORT)).thenRejected("DELIVERY_NOT_STARTED");
        order.given(HANDED_OVER).when(new CompleteDelivery("42", DAVE)).thenRejected("DELIVERY_ALREADY_COMPLETED");
    }

    @Test
    void each_wrong_code_is_refused_and_recorded_and_the_third_locks_the_code() {
        order.given(COLLECTED).when(new CompleteDelivery("41", DAVE))
                .thenRejectedRecording("WRONG_DELIVERY_CODE", new DeliveryCodeRefused(1))
                .thenState(new FoodOrder(Stage.IN_DELIVERY, "ann", "r-1", ITEMS, "42", "dave", 1));
        FoodOrderEvent[] twoWrong = append(append(COLLECTED, new DeliveryCodeRefused(1)), new DeliveryCodeRefused(2));
        order.given(twoWrong).when(new CompleteDelivery("43", DAVE))
                .thenRejectedRecording("WRONG_DELIVERY_CODE", new DeliveryCodeRefused(3));
        FoodOrderEvent[] locked = append(twoWrong, new DeliveryCodeRefused(3));
        // the right code no longer helps, and nothing more is recorded
        order.given(locked).when(new CompleteDelivery("42", DAVE)).thenRejected("DELIVERY_CODE_LOCKED");
        order.given(locked).when(new CompleteDelivery("00", SUPPORT)).then(new DeliveryCompleted());
        order.given(twoWrong).when(new CompleteDelivery("42", DAVE)).then(new DeliveryCompleted());
    }

    @Test
    void a_state_stored_before_wrong_codes_were_counted_has_none() {
        assertThat(new FoodOrder(Stage.IN_DELIVERY, "ann", "r-1", ITEMS, "42", "dave", null).wrongCodes()).isZero();
    }

    @Test
    void an_order_is_closed_only_after_the_hand_over_and_only_once() {
        order.given(COLLECTED).when(new MarkDelivered(DAVE)).thenRejected("DELIVERY_NOT_COMPLETED");
        order.given(CLOSED).when(new MarkDelivered(DAVE)).thenRejected("ALREADY_DELIVERED");
        order.given(CLOSED).when(new InitiatePayment("card", ANN)).thenRejected("ALREADY_PAID");
    }

    private static FoodOrderEvent[] append(FoodOrderEvent[] history, FoodOrderEvent next) {
        FoodOrderEvent[] longer = java.util.Arrays.copyOf(history, history.length + 1);
        longer[history.length] = next;
        return longer;
    }
}
