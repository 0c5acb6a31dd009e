package ${package};

import dev.annals.consumer.Reactor;
import dev.annals.consumer.ReactorHandlers;
import dev.annals.consumer.Send;
import dev.annals.domain.bank.AccountCommand.Deposit;
import dev.annals.domain.bank.AccountEvent.AccountOpened;
import dev.annals.domain.bank.BankAccountType;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * Pays a welcome bonus into every account when it is opened: one pure rule, event to commands; the runtime sends
 * the deposit with a key derived from the event, so however often a crash makes it handle the opening again, the
 * bonus is paid once. A deposit the account refuses (it was closed in the meantime) is logged, and it goes on.
 */
@ApplicationScoped
public class WelcomeBonusReactor implements Reactor {

    /** Its consumer group (annals.reactor.<name>) and dead-letter topic follow from the name. */
    public static final String NAME = "${artifactId}-bonus";

    /** In minor units. */
    public static final long BONUS = 10;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ReactorHandlers handlers() {
        return ReactorHandlers.of(BankAccountType.TYPE)
                .sends(AccountOpened.class, (opened, event) ->
                        List.of(Send.to(BankAccountType.TYPE, event.aggregateId(), new Deposit(BONUS))))
                .build();
    }
}
