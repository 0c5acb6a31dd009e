package dev.annals.system.bank;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;

/**
 * The definitive answer a command got, after however many retries: 200 (accepted, with its events and consistency
 * token) or 409 (refused by the account's rules; nothing written).
 */
public record Answered(BankCommand command, int status, JsonNode body, Optional<String> token, int attempts) {

    public boolean accepted() {
        return status == 200;
    }

    /** The token's partition and command offset: {@code bank-account:<partition>:<offset>}. */
    public int tokenPartition() {
        return Integer.parseInt(tokenParts()[1]);
    }

    public long tokenOffset() {
        return Long.parseLong(tokenParts()[2]);
    }

    private String[] tokenParts() {
        String[] parts = token.orElseThrow(() -> new IllegalStateException("no token in " + this)).split(":");
        if (parts.length != 3) {
            throw new IllegalStateException("a token is <type>:<partition>:<offset>, not " + token.get());
        }
        return parts;
    }

    public long version() {
        return body.path("version").asLong(-1);
    }
}
