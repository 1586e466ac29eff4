package dev.restitution.portal.payout;

import dev.restitution.contracts.payout.client.BatchesApi;
import dev.restitution.contracts.payout.model.BatchPage;
import dev.restitution.portal.web.ServiceCalls;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestQuery;

/** Payout batches as payout-service lists them: chain, asset, item count, total, items hash and state. */
@Path("/batches")
@Blocking
@Produces(MediaType.TEXT_HTML)
public class BatchPages {

    static final int PAGE_SIZE = 50;

    private final BatchesApi batches;
    private final Template batchesPage;

    public BatchPages(@RestClient BatchesApi batches, @Location("payout/batches.html") Template batchesPage) {
        this.batches = batches;
        this.batchesPage = batchesPage;
    }

    @GET
    public TemplateInstance list(@RestQuery Integer offset) {
        int start = offset == null || offset < 0 ? 0 : offset;
        BatchPage page = ServiceCalls.payout(() -> batches.listBatches(PAGE_SIZE, start));
        long next = start + page.getItems().size();
        return batchesPage.data("page", page).data("offset", start)
                .data("nextOffset", page.getTotal() != null && page.getTotal() > next ? Long.valueOf(next) : null);
    }
}
