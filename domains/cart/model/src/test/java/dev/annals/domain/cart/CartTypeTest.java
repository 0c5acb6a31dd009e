package dev.annals.domain.cart;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CartTypeTest {

    private final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

    @Test
    void rest_names_and_the_creating_command() {
        assertThat(CartType.TYPE.commandNames())
                .containsExactly("create", "add-item", "remove-item", "complete-purchase");
        assertThat(CartType.TYPE.creatingCommands()).containsExactly("create");
        assertThat(CartType.TYPE.serverGenerated("add-item")).containsExactly("by");
        assertThat(CartType.TYPE.eventNames())
                .containsExactly("CartCreated", "ItemAdded", "ItemRemoved", "PurchaseCompleted");
    }

    @Test
    void quantities_are_positive_and_prices_not_negative() {
        assertThat(validator.validate(new CartCommand.AddItem("apple", 0, 10, null))).hasSize(1);
        assertThat(validator.validate(new CartCommand.AddItem("apple", 1, -1, null))).hasSize(1);
        assertThat(validator.validate(new CartCommand.AddItem("apple", 1, 0, null))).isEmpty();
        assertThat(validator.validate(new CartCommand.AddItem(" ", 1, 0, null))).hasSize(1);
        assertThat(validator.validate(new CartCommand.AddItem("apple", CartCommand.MAX_QUANTITY + 1, 0, null))).hasSize(1);
        assertThat(validator.validate(new CartCommand.Create("", null))).hasSize(1);
    }
}
