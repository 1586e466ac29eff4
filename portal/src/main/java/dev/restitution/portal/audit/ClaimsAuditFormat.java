package dev.restitution.portal.audit;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * The claims audit export answers NDJSON or CSV by the Accept header, and the generated client lists both: the portal
 * asks for NDJSON only, one JSON object per entry, which it reads for the page and writes out as its own CSV.
 */
public class ClaimsAuditFormat implements ClientRequestFilter {

    static final String NDJSON = "application/x-ndjson";

    @Override
    public void filter(ClientRequestContext request) {
        if ("GET".equals(request.getMethod()) && request.getUri().getPath().endsWith("/audit/entries")) {
            request.getHeaders().putSingle(HttpHeaders.ACCEPT, NDJSON);
        }
    }
}
