package ${package};

/** An account's activity as the read endpoint answers it: its deposits, their total, and its version. */
public record Activity(String accountId, String owner, long deposits, long deposited, long version) {
}
