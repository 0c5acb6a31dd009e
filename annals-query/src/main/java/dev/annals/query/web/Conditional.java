package dev.annals.query.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Answers with an {@code ETag}, and {@code 304 Not Modified} when the request's {@code If-None-Match} already
 * names it. A single resource's tag is its version; a list's is a hash of its JSON.
 */
public final class Conditional {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private Conditional() {
    }

    /** {@code "<version>"}, the same tag command-service answers and accepts in {@code If-Match}. */
    public static EntityTag ofVersion(long version) {
        return new EntityTag(Long.toString(version));
    }

    /** A tag for any representation: the first 128 bits of the SHA-256 of its JSON. */
    public static EntityTag ofContent(Object entity) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(JSON.writeValueAsBytes(entity));
            return new EntityTag(HexFormat.of().formatHex(digest, 0, 16));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot compute the ETag of a " + entity.getClass().getName(), e);
        }
    }

    /** 200 with the entity and its tag, or 304 with the tag alone. */
    public static Response ok(Request request, EntityTag tag, Object entity) {
        Response.ResponseBuilder notModified = request.evaluatePreconditions(tag);
        if (notModified != null) {
            return notModified.tag(tag).build();
        }
        return Response.ok(entity).tag(tag).build();
    }
}
