package dev.annals.domain.cart;

import dev.annals.core.AggregateType;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Registers the aggregate type {@code cart}; services find it as a CDI bean. */
@Dependent
public class CartType {

    public static final String NAME = "cart";

    /** The carts projection, and the schema its readers find it in ({@code carts.carts}). */
    public static final String READ_MODEL = "carts";

    public static final AggregateType<CartCommand, CartEvent, Cart> TYPE = AggregateType.of(NAME, new CartDecider(),
            CartCommand.class, CartEvent.class, Cart.class);

    @Produces
    @Singleton
    AggregateType<CartCommand, CartEvent, Cart> cart() {
        return TYPE;
    }
}
