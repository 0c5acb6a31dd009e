package dev.annals.domain.bank;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.annals.core.Creates;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * What a client can ask of a bank account. Amounts are whole minor units (cents), never floating point. The REST
 * names are {@code open}, {@code deposit}, {@code withdraw} and {@code close}.
 */
public sealed interface AccountCommand {

    @Creates
    @JsonTypeName("open")
    record OpenAccount(@NotBlank @Size(max = 200) String owner) implements AccountCommand {
    }

    record Deposit(@Positive long amount) implements AccountCommand {
    }

    record Withdraw(@Positive long amount) implements AccountCommand {
    }

    @JsonTypeName("close")
    record CloseAccount() implements AccountCommand {
    }
}
