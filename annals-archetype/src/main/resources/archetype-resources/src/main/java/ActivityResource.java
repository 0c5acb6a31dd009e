package ${package};

import dev.annals.domain.bank.BankAccountType;
import dev.annals.query.access.ReadAccess;
import dev.annals.query.consistency.ConsistencyParams;
import dev.annals.query.consistency.ReadModel;
import dev.annals.query.consistency.ReadYourWrites;
import dev.annals.query.web.Conditional;
import dev.annals.query.web.PathIds;
import dev.annals.query.web.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /api/${artifactId}/accounts/{id}}: an account's activity. With {@code Annals-Consistency-Token} (what
 * command-service answered a write with) it waits until the projection has applied that write. Who may read it is
 * declared, not coded ({@code @ReadAccess}): the account's owner, as the owner column says, and the bank's staff
 * ({@code annals.security.staff."bank-account"}); anyone else is told there is no such account.
 */
@Path("/api/${artifactId}/accounts")
@Produces(MediaType.APPLICATION_JSON)
public class ActivityResource {

    /**
     * Served by the activity projection, which reads the bank's events only; each row is its account owner's. A bean,
     * for {@code @ReadAccess} to name.
     */
    @jakarta.enterprise.inject.Produces
    static final ReadModel ACTIVITY = ReadModel.of(ActivityProjection.NAME, BankAccountType.NAME)
            .itemsOwnedBy(ActivityProjection.TABLE, "account_id", "owner");

    private final ReadYourWrites readYourWrites;
    private final Pool pool;

    ActivityResource(ReadYourWrites readYourWrites, Pool pool) {
        this.readYourWrites = readYourWrites;
        this.pool = pool;
    }

    @GET
    @Path("{id}")
    @ReadAccess(model = ActivityProjection.NAME, item = "id", notFound = "ACCOUNT_NOT_FOUND")
    public Uni<Response> activity(@PathParam("id") String id, @BeanParam ConsistencyParams consistency,
                                  @Context Request request) {
        PathIds.require(id, "an account id");
        return readYourWrites.await(ACTIVITY, consistency)
                .chain(() -> pool.preparedQuery("select owner, deposits, deposited, version from "
                        + ActivityProjection.TABLE + " where account_id = $1").execute(Tuple.of(id)))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("ACCOUNT_NOT_FOUND", "there is no account " + id);
                    }
                    Row row = rows.iterator().next();
                    Activity activity = new Activity(id, row.getString("owner"), row.getLong("deposits"),
                            row.getLong("deposited"), row.getLong("version"));
                    return Conditional.ok(request, Conditional.ofVersion(activity.version()), activity);
                });
    }
}
