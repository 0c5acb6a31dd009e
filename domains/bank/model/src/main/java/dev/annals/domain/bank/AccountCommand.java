package dev.annals.domain.bank;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.annals.core.Caller;
import dev.annals.core.Creates;
import dev.annals.core.ServerGenerated;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * What a client can ask of a bank account. Amounts are whole minor units (cents), never floating point. The REST
 * names are {@code open}, {@code deposit}, {@code withdraw} and {@code close}.
 *
 * <p>{@code by} is the caller, filled in by the server ({@link BankAccountType#COMPLETION}): an account's money
 * moves out only at its owner's or a teller's request.
 */
public sealed interface AccountCommand {

    @Creates
    @JsonTypeName("open")
    record OpenAccount(@NotBlank @Size(max = 200) String owner, @ServerGenerated Caller by) implements AccountCommand {
    }

    record Deposit(@Positive long amount) implements AccountCommand {
    }

    record Withdraw(@Positive long amount, @ServerGenerated Caller by) implements AccountCommand {
    }

    @JsonTypeName("close")
    record CloseAccount(@ServerGenerated Caller by) implements AccountCommand {
    }
}
