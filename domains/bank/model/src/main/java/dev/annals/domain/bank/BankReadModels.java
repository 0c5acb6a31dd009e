package dev.annals.domain.bank;

/**
 * Names the bank's read models share between the side that writes them (the projections module, run by
 * projection-service) and the side that reads them (the queries module, run by query-service).
 */
public final class BankReadModels {

    /** The projection of accounts by id and owner, and the schema readers find it in. */
    public static final String ACCOUNTS = "bank-accounts";

    private BankReadModels() {
    }
}
