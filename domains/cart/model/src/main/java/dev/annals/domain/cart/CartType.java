package dev.annals.domain.cart;

import dev.annals.core.AggregateType;
import dev.annals.core.CommandCompletion;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Registers the aggregate type {@code cart}; services find it as a CDI bean. */
@Dependent
public class CartType {

    public static final String NAME = "cart";

    /** The carts projection, and the schema its readers find it in ({@code carts.carts}). */
    public static final String READ_MODEL = "carts";

    /** Fills in who sends each command. */
    public static final CommandCompletion<CartCommand> COMPLETION = (command, values) -> switch (command) {
        case CartCommand.Create create -> new CartCommand.Create(create.customerId(), values.caller());
        case CartCommand.AddItem add -> new CartCommand.AddItem(add.sku(), add.quantity(), add.unitPrice(),
                values.caller());
        case CartCommand.RemoveItem remove -> new CartCommand.RemoveItem(remove.sku(), values.caller());
        case CartCommand.CompletePurchase complete -> new CartCommand.CompletePurchase(values.caller());
    };

    /** A cart is its customer's: the read side answers it to her and support only. */
    public static final AggregateType<CartCommand, CartEvent, Cart> TYPE = AggregateType.of(NAME, new CartDecider(),
            CartCommand.class, CartEvent.class, Cart.class, COMPLETION).ownedBy(Cart::customerId);

    @Produces
    @Singleton
    AggregateType<CartCommand, CartEvent, Cart> cart() {
        return TYPE;
    }
}
