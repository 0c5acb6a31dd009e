package dev.annals.system.bank;

/**
 * A command a test client sends to a bank account, with the idempotency key it keeps for every retry of it.
 * {@code open} has the owner as its argument; {@code deposit} and {@code withdraw} an amount.
 */
public record BankCommand(String account, String name, long amount, String owner, String key) {

    public static BankCommand open(String account, String owner, String key) {
        return new BankCommand(account, "open", 0, owner, key);
    }

    public static BankCommand deposit(String account, long amount, String key) {
        return new BankCommand(account, "deposit", amount, null, key);
    }

    public static BankCommand withdraw(String account, long amount, String key) {
        return new BankCommand(account, "withdraw", amount, null, key);
    }

    public String path() {
        return "/api/bank-account/" + account + "/" + name;
    }

    public String body() {
        return owner != null ? "{\"owner\":\"" + owner + "\"}" : "{\"amount\":" + amount + "}";
    }

    /** What an accepted command changes the balance by. */
    public long balanceChange() {
        return switch (name) {
            case "deposit" -> amount;
            case "withdraw" -> -amount;
            default -> 0;
        };
    }
}
