package dev.annals.system.bank;

import java.util.List;

/**
 * A bank account as the test computes it from the log alone: the fold of its events, written here again from the
 * documented event shapes rather than taken from the domain code.
 */
public record AccountFold(String account, String owner, long balance, String status, long version,
                          long lowestBalance) {

    static AccountFold of(String account, List<LoggedEvent> events) {
        String owner = null;
        long balance = 0;
        long lowest = 0;
        String status = "none";
        for (LoggedEvent event : events) {
            switch (event.type()) {
                case "AccountOpened" -> {
                    owner = event.data().path("owner").asText();
                    status = "OPEN";
                }
                case "MoneyDeposited" -> balance += event.data().path("amount").asLong();
                case "MoneyWithdrawn" -> balance -= event.data().path("amount").asLong();
                case "AccountClosed" -> status = "CLOSED";
                default -> throw new AssertionError("unknown bank-account event " + event);
            }
            lowest = Math.min(lowest, balance);
        }
        return new AccountFold(account, owner, balance, status, events.size(), lowest);
    }
}
