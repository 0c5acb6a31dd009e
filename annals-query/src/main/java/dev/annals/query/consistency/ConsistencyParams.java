package dev.annals.query.consistency;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * The consistency token of a read request, from the {@code Annals-Consistency-Token} header (what the command
 * service answered) or the {@code consistentWith} query parameter (for links and browsers). A read endpoint takes
 * them with {@code @BeanParam ConsistencyParams consistency} and passes them to {@link ReadYourWrites#await}.
 */
public class ConsistencyParams {

    public static final String HEADER = "Annals-Consistency-Token";
    public static final String QUERY = "consistentWith";

    @HeaderParam(HEADER)
    @Parameter(description = "Wait until this read model has applied the write that answered this token "
            + "(<type>:<partition>:<offset>, several joined by ',')", example = "bank-account:3:1412")
    public String header;

    @QueryParam(QUERY)
    @Parameter(description = "The same as the Annals-Consistency-Token header, as a query parameter")
    public String query;

    /** To tell {@code ?consistentWith=} (a malformed, empty token) from no parameter, which JAX-RS does not. */
    @Context
    UriInfo uri;

    public ConsistencyParams() {
    }

    public static ConsistencyParams of(String header, String query) {
        ConsistencyParams params = new ConsistencyParams();
        params.header = header;
        params.query = query;
        return params;
    }

    public boolean present() {
        return header != null || query() != null;
    }

    /** The query parameter as sent: {@code ""} for {@code ?consistentWith=}, null when absent. */
    String query() {
        if (query == null && uri != null && uri.getQueryParameters().containsKey(QUERY)) {
            return "";
        }
        return query;
    }
}
