package dev.annals.domain.bank.query;

import dev.annals.core.AggregateId;
import dev.annals.domain.bank.BankAccountType;
import dev.annals.domain.bank.BankReadModels;
import dev.annals.query.access.ReadAccess;
import dev.annals.query.consistency.ConsistencyParams;
import dev.annals.query.consistency.ReadModel;
import dev.annals.query.consistency.ReadYourWrites;
import dev.annals.query.web.Conditional;
import dev.annals.query.web.PageLinks;
import dev.annals.query.web.PathIds;
import dev.annals.query.web.ProblemException;
import dev.annals.query.web.QueryParams;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/**
 * The bank's read endpoints, over the bank-accounts projection: an account is its owner's and the tellers' (the
 * bank's staff, {@code annals.security.staff."bank-account"}), the list of every account the tellers' only.
 */
@Path("/api/bank/accounts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "bank", description = "Bank accounts by id and by owner")
public class BankAccountsResource {

    /** Each account is its owner's: the owner column. A bean, for {@code @ReadAccess} to name. */
    @jakarta.enterprise.inject.Produces
    static final ReadModel ACCOUNTS = ReadModel.of(BankReadModels.ACCOUNTS, BankAccountType.NAME)
            .itemsOwnedBy("bank_accounts.accounts", "id", "owner");

    static final int DEFAULT_SIZE = 50;
    static final int MAX_SIZE = 500;
    private static final int MAX_OWNER_LENGTH = 200;

    private final ReadYourWrites readYourWrites;

    BankAccountsResource(ReadYourWrites readYourWrites) {
        this.readYourWrites = readYourWrites;
    }

    @GET
    @Path("{id}")
    @ReadAccess(model = BankReadModels.ACCOUNTS, item = "id", notFound = "ACCOUNT_NOT_FOUND")
    @Operation(summary = "An account: owner, balance (minor units), status and version")
    public Uni<Response> account(@PathParam("id") String id, @BeanParam ConsistencyParams consistency,
                                 @Context Request request) {
        if (!AggregateId.isValid(id)) {
            throw ProblemException.badRequest("INVALID_ID", "an account id is 1-" + AggregateId.MAX_LENGTH
                    + " characters of A-Z a-z 0-9 . _ : -");
        }
        return readYourWrites.await(ACCOUNTS, consistency)
                .chain(() -> Panache.withSession(() -> AccountView.<AccountView>findById(id)))
                .map(view -> {
                    if (view == null) {
                        throw ProblemException.notFound("ACCOUNT_NOT_FOUND", "there is no account " + id);
                    }
                    return Conditional.ok(request, Conditional.ofVersion(view.version), AccountResponse.of(view));
                });
    }

    @GET
    @ReadAccess(model = BankReadModels.ACCOUNTS)
    @Operation(summary = "Accounts in id order, all or one owner's, a page at a time (size at most 500)")
    public Uni<Response> accounts(@QueryParam("owner") String ownerParam, @QueryParam("page") String pageParam,
                                  @QueryParam("size") String sizeParam, @BeanParam ConsistencyParams consistency,
                                  @Context Request request, @Context UriInfo uri) {
        int page = QueryParams.integer("page", QueryParams.raw(uri, "page", pageParam), 0, 0,
                Integer.MAX_VALUE / MAX_SIZE);
        int size = QueryParams.integer("size", QueryParams.raw(uri, "size", sizeParam), DEFAULT_SIZE, 1, MAX_SIZE);
        String owner = QueryParams.raw(uri, "owner", ownerParam);
        if (owner != null) {
            PathIds.requireText(owner, "owner", "INVALID_PARAMETER", MAX_OWNER_LENGTH);
        }
        int first = page * size;
        return readYourWrites.await(ACCOUNTS, consistency)
                .chain(() -> Panache.withSession(() -> query(owner).range(first, first + size).list()))
                .map(rows -> {
                    // one row more than the page was read: whether it exists says if there is a next page
                    List<AccountResponse> items = rows.stream().limit(size).map(AccountResponse::of).toList();
                    String next = rows.size() > size
                            ? PageLinks.sameRequestWith(uri, "page", page + 1, "size", size) : null;
                    AccountPage body = new AccountPage(items, page, size, next);
                    return Conditional.ok(request, Conditional.ofContent(body), body);
                });
    }

    private static PanacheQuery<AccountView> query(String owner) {
        // id is unique, so id order is a stable order for paging, and (owner, id) is indexed
        return owner == null ? AccountView.find("order by id") : AccountView.find("owner = ?1 order by id", owner);
    }
}
