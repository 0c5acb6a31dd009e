package dev.annals.domain.bank.query;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

/**
 * An account as the read side sees it: a row of the view {@code bank_accounts.accounts}, which follows the
 * generation of the bank-accounts projection in service, through a rebuild's swap too. Read-only.
 */
@Entity
@Immutable
@Table(schema = "bank_accounts", name = "accounts")
public class AccountView extends PanacheEntityBase {

    @Id
    public String id;
    public String owner;
    public long balance;
    public String status;
    public long version;
}
