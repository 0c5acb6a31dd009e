package dev.annals.domain.orderbook.query;

import dev.annals.core.Caller;
import dev.annals.domain.orderbook.OrderBookDecider;
import dev.annals.security.Callers;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

import java.util.Optional;

/**
 * Who reads the market, and whose orders she may see: every trader sees the prices; who is behind an order or a
 * trade, only the trader herself and the brokers (the book's staff). A market shows what is offered, not by whom.
 *
 * @param subject the reader
 * @param broker  whether she sees everyone
 */
record Traders(Optional<String> subject, boolean broker) {

    /**
     * The request's reader. From the deferred identity: a resource runs on the event loop, where the blocking
     * {@code SecurityContext.isUserInRole} may not be called.
     */
    static Uni<Traders> of(CurrentIdentityAssociation identities) {
        return identities.getDeferredIdentity().map(Traders::of);
    }

    static Traders of(SecurityIdentity identity) {
        return new Traders(Callers.of(identity).map(Caller::subject), identity.hasRole(OrderBookDecider.BROKER));
    }

    /** The user as this reader is shown it: itself, or null (left out) where she may not know it. */
    String shown(String userId) {
        return broker || subject.filter(reader -> reader.equals(userId)).isPresent() ? userId : null;
    }
}
