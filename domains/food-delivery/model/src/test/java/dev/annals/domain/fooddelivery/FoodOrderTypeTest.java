package dev.annals.domain.fooddelivery;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FoodOrderTypeTest {

    private final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

    @Test
    void names_the_creating_command_and_what_the_server_generates() {
        assertThat(FoodOrderType.TYPE.commandNames()).containsExactly("create", "initiate-payment",
                "confirm-payment", "fail-payment", "accept", "start-delivery", "complete-delivery", "mark-delivered");
        assertThat(FoodOrderType.TYPE.creatingCommands()).containsExactly("create");
        assertThat(FoodOrderType.TYPE.serverGenerated("create")).containsExactly("deliveryCode", "placedAt", "by");
        assertThat(FoodOrderType.TYPE.serverGenerated("accept")).containsExactly("by");
        assertThat(FoodOrderType.TYPE.eventNames()).containsExactly("OrderCreated", "PaymentInitiated",
                "PaymentConfirmed", "PaymentFailed", "OrderAccepted", "DeliveryStarted", "DeliveryCodeRefused",
                "DeliveryCompleted", "OrderDelivered");
    }

    @Test
    void an_order_has_items_with_positive_quantities() {
        assertThat(validator.validate(new FoodOrderCommand.Create("u", "r", Map.of(), null, null, null))).hasSize(1);
        assertThat(validator.validate(new FoodOrderCommand.Create("u", "r", Map.of("pizza", 0), null, null, null)))
                .hasSize(1);
        assertThat(validator.validate(new FoodOrderCommand.Create("u", "r", Map.of("pizza", 1), null, null, null)))
                .isEmpty();
        assertThat(validator.validate(new FoodOrderCommand.Accept("r", 0, null))).hasSize(1);
    }
}
