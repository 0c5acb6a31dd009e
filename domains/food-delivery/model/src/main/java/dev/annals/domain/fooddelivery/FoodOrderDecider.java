package dev.annals.domain.fooddelivery;

import dev.annals.core.Caller;
import dev.annals.core.Decider;
import dev.annals.core.DomainRejection;
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

import java.util.List;

/**
 * The lifecycle of a food order: placed, paid (a failed payment may be tried again), accepted by its
 * restaurant, collected by a deliverer, handed over against the delivery code, closed. Each step out of turn
 * has its own rejection code, and each step is taken by one party only, told by the server-filled caller:
 * <ul>
 *   <li>the order is placed for the caller, and its payment initiated by her ({@value #SUPPORT} may act for a
 *       customer);</li>
 *   <li>a payment is confirmed or failed by whoever takes it: role {@value #PAYMENTS} (payment-service);</li>
 *   <li>it is accepted by its own restaurant's staff: role {@code restaurant:<its id>};</li>
 *   <li>a deliverer (role {@value #DELIVERER}) starts the delivery as herself, hands it over with the customer's
 *       code and closes it ({@value #SUPPORT} may assign a deliverer, and hand over without the code). After
 *       {@value #MAX_WRONG_CODES} wrong codes the code is locked: each wrong one is refused and recorded.</li>
 * </ul>
 * A refusal of who is not a 403 but a rejection of the domain's own, like the bank's {@code NOT_ACCOUNT_OWNER}:
 * it depends on the order (its customer, restaurant, deliverer), which only the processor knows, and it holds
 * for a reactor's commands too, which no gateway rule sees.
 */
public final class FoodOrderDecider implements Decider<FoodOrderCommand, FoodOrderEvent, FoodOrder> {

    /** Customer service: may order and pay for a customer, assign a deliverer, hand over without the code. */
    public static final String SUPPORT = "support";
    /** Whoever takes the payments: confirms or fails them. */
    public static final String PAYMENTS = "payments";
    /** A restaurant's staff; {@link #restaurantRole} says which restaurant's. */
    public static final String RESTAURANT = "restaurant";
    /** Delivers orders. */
    public static final String DELIVERER = "deliverer";
    /** Wrong delivery codes before the code locks; a two-digit code is then guessed once in 33. */
    public static final int MAX_WRONG_CODES = 3;

    /** The role of the staff of one restaurant, e.g. {@code restaurant:pizzeria}. */
    public static String restaurantRole(String restaurantId) {
        return RESTAURANT + ":" + restaurantId;
    }

    @Override
    public FoodOrder initialState() {
        return FoodOrder.NONE;
    }

    // Exhaustive switches with no default: a new command or event without a branch is a compile error.
    // Who may act is checked before where the order is: a stranger learns nothing of its stage.
    @Override
    public List<FoodOrderEvent> decide(FoodOrderCommand command, FoodOrder order) {
        return switch (command) {
            case Create create -> {
                if (!order.isAt(Stage.NONE)) {
                    throw new DomainRejection("ALREADY_EXISTS", "the order was placed before");
                }
                if (!create.userId().equals(create.by().subject()) && !create.by().hasRole(SUPPORT)) {
                    throw new DomainRejection("NOT_ORDER_CUSTOMER", "an order is placed for its caller (support"
                            + " may order for others): place it with userId " + create.by().subject());
                }
                yield List.of(new OrderCreated(create.userId(), create.restaurantId(), create.items(),
                        create.deliveryCode(), create.placedAt()));
            }
            case InitiatePayment(String paymentData, Caller by) -> {
                order.requireExists();
                order.requireCustomerOrSupport(by);
                refuseOnceAt(order, Stage.PAYMENT_PENDING, "PAYMENT_ALREADY_INITIATED",
                        "a payment is already under way");
                refuseOncePast(order, Stage.PAYMENT_PENDING, "ALREADY_PAID", "the order is paid");
                yield List.of(new PaymentInitiated(paymentData));
            }
            case ConfirmPayment(Caller by) -> {
                order.requireExists();
                requirePaymentTaker(by);
                requirePaymentPending(order);
                yield List.of(new PaymentConfirmed());
            }
            case FailPayment(String reason, Caller by) -> {
                order.requireExists();
                requirePaymentTaker(by);
                requirePaymentPending(order);
                yield List.of(new PaymentFailed(reason));
            }
            case Accept(String restaurantId, int prepareMinutes, Caller by) -> {
                order.requireExists();
                order.requireItsRestaurant(by);
                refuseOncePast(order, Stage.PAID, "ALREADY_ACCEPTED", "the order was accepted before");
                require(order, Stage.PAID, "PAYMENT_NOT_CONFIRMED", "an order is accepted only once it is paid");
                if (!restaurantId.equals(order.restaurantId())) {
                    throw new DomainRejection("WRONG_RESTAURANT", "the order was placed with another restaurant");
                }
                yield List.of(new OrderAccepted(restaurantId, prepareMinutes));
            }
            case StartDelivery(String delivererId, Caller by) -> {
                boolean herself = by.hasRole(DELIVERER) && delivererId.equals(by.subject());
                if (!herself && !by.hasRole(SUPPORT)) {
                    // whatever the order: answered as for one that does not exist, version and all
                    throw new DomainRejection("NOT_THE_DELIVERER", "a deliverer starts a delivery as herself"
                            + " (delivererId " + by.subject() + "); support may assign anyone").concealing();
                }
                order.requireExists();
                order.requireOfferedTo(by);
                refuseOncePast(order, Stage.ACCEPTED, "DELIVERY_ALREADY_STARTED", "a deliverer has the order");
                require(order, Stage.ACCEPTED, "ORDER_NOT_ACCEPTED", "no delivery before the restaurant accepts");
                yield List.of(new DeliveryStarted(delivererId));
            }
            case CompleteDelivery(String deliveryCode, Caller by) -> {
                order.requireExists();
                order.requireItsDelivererOrSupport(by);
                refuseOncePast(order, Stage.IN_DELIVERY, "DELIVERY_ALREADY_COMPLETED", "the order was handed over");
                require(order, Stage.IN_DELIVERY, "DELIVERY_NOT_STARTED", "no deliverer has the order yet");
                if (!by.hasRole(SUPPORT)) {
                    requireCode(order, deliveryCode);
                }
                yield List.of(new DeliveryCompleted());
            }
            case MarkDelivered(Caller by) -> {
                order.requireExists();
                order.requireItsDelivererOrSupport(by);
                refuseOncePast(order, Stage.DELIVERY_COMPLETED, "ALREADY_DELIVERED", "the order is closed");
                require(order, Stage.DELIVERY_COMPLETED, "DELIVERY_NOT_COMPLETED",
                        "the order was not handed over yet");
                yield List.of(new OrderDelivered());
            }
        };
    }

    /**
     * The customer's code, guessed at most {@value #MAX_WRONG_CODES} times: each wrong one is refused and recorded,
     * and once they are used up the code is locked (support hands the order over).
     */
    private static void requireCode(FoodOrder order, String deliveryCode) {
        int wrong = order.wrongCodes();
        if (wrong >= MAX_WRONG_CODES) {
            throw new DomainRejection("DELIVERY_CODE_LOCKED", MAX_WRONG_CODES + " wrong delivery codes were given:"
                    + " the code is locked; support hands the order over");
        }
        if (!deliveryCode.equals(order.deliveryCode())) {
            int left = MAX_WRONG_CODES - wrong - 1;
            throw new DomainRejection("WRONG_DELIVERY_CODE", "that is not the order's delivery code; " + (left == 0
                    ? "no tries are left: the code is now locked, and support hands the order over"
                    : left + (left == 1 ? " try is" : " tries are") + " left before the code locks"))
                    .recording(new DeliveryCodeRefused(wrong + 1));
        }
    }

    private static void requirePaymentTaker(Caller caller) {
        if (!caller.hasRole(PAYMENTS)) {
            throw new DomainRejection("NOT_PAYMENT_TAKER", "a payment is confirmed or failed by whoever takes it"
                    + " (role " + PAYMENTS + "), never by the customer who pays");
        }
    }

    @Override
    public FoodOrder evolve(FoodOrder order, FoodOrderEvent event) {
        return switch (event) {
            case OrderCreated created ->
                    order.created(created.userId(), created.restaurantId(), created.items(), created.deliveryCode());
            case PaymentInitiated initiated -> order.at(Stage.PAYMENT_PENDING);
            case PaymentConfirmed() -> order.at(Stage.PAID);
            case PaymentFailed failed -> order.at(Stage.PAYMENT_FAILED);
            case OrderAccepted accepted -> order.at(Stage.ACCEPTED);
            case DeliveryStarted(String delivererId) -> order.inDelivery(delivererId);
            case DeliveryCodeRefused(int attempt) -> order.withWrongCodes(attempt);
            case DeliveryCompleted() -> order.at(Stage.DELIVERY_COMPLETED);
            case OrderDelivered() -> order.at(Stage.DELIVERED);
        };
    }

    @Override
    public boolean isTerminal(FoodOrder order) {
        return order.isAt(Stage.DELIVERED);
    }

    /** Confirming or failing a payment needs one under way, and the order not paid already. */
    private static void requirePaymentPending(FoodOrder order) {
        refuseOncePast(order, Stage.PAYMENT_PENDING, "ALREADY_PAID", "the order is paid");
        require(order, Stage.PAYMENT_PENDING, "PAYMENT_NOT_INITIATED", "no payment is under way");
    }

    private static void require(FoodOrder order, Stage expected, String reason, String message) {
        if (!order.isAt(expected)) {
            throw new DomainRejection(reason, message);
        }
    }

    private static void refuseOnceAt(FoodOrder order, Stage stage, String reason, String message) {
        if (order.isAt(stage)) {
            throw new DomainRejection(reason, message);
        }
    }

    private static void refuseOncePast(FoodOrder order, Stage stage, String reason, String message) {
        if (order.isPast(stage)) {
            throw new DomainRejection(reason, message);
        }
    }
}
