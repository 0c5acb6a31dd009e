package dev.annals.domain.bank.projection;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A row of the bank's read model {@code accounts}: an account as of its last event. The table name is
 * unqualified on purpose: the projection writes the generation in service (or being rebuilt), readers see it
 * through the view {@code bank_accounts.accounts}.
 */
@Entity
@Table(name = "accounts")
public class AccountRow extends PanacheEntityBase {

    // the words of the account's state (Account.Status), so that a read model and GET /api/{type}/{id} agree
    public static final String OPEN = "OPEN";
    public static final String CLOSED = "CLOSED";

    @Id
    public String id;
    public String owner;
    public long balance;
    public String status;
    public long version;

    public AccountRow() {
    }

    AccountRow(String id, String owner, long version) {
        this.id = id;
        this.owner = owner;
        this.balance = 0;
        this.status = OPEN;
        this.version = version;
    }
}
