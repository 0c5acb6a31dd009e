package dev.annals.domain.bank.query;

/** {@code GET /api/bank/accounts/{id}}: an account, its balance in minor units and the version it is at. */
public record AccountResponse(String id, String owner, long balance, String status, long version) {

    static AccountResponse of(AccountView view) {
        return new AccountResponse(view.id, view.owner, view.balance, view.status, view.version);
    }
}
