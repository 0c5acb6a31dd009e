package dev.annals.domain.bank.query;

import java.util.List;

/**
 * {@code GET /api/bank/accounts}: one page of accounts in id order, and the link to the next page, {@code null}
 * on the last one.
 */
public record AccountPage(List<AccountResponse> items, int page, int size, String next) {
}
