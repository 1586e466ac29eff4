package dev.restitution.portal.claimant;

import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import java.io.File;
import java.util.Optional;

/**
 * The Content-Type of an evidence upload sent through the generated claims client. Its upload method
 * lists every type claims-service takes (PDF, PNG, JPEG, text) and the client would always send the first;
 * the portal passes on the type the claimant's browser declared instead, and claims-service checks the file's
 * bytes against it. The type is held for the one request that uploads (request scoped), and the filter sets
 * it only on a request whose body is a file, which only the upload has.
 */
public class EvidenceContentType implements ClientRequestFilter {

    /** The declared type of the file the current request uploads. */
    @RequestScoped
    public static class Declared {

        private String mediaType;

        public void set(String mediaType) {
            this.mediaType = mediaType;
        }

        Optional<String> get() {
            return Optional.ofNullable(mediaType);
        }
    }

    @Override
    public void filter(ClientRequestContext request) {
        if (!(request.getEntity() instanceof File)) {
            return;
        }
        String declared = CDI.current().select(Declared.class).get().get()
                .orElseThrow(() -> new IllegalStateException("an evidence upload without its declared content type"));
        request.getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, declared);
    }
}
