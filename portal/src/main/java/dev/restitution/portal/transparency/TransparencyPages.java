package dev.restitution.portal.transparency;

import dev.restitution.contracts.ledger.model.PublicAsset;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The public transparency pages, served to anyone without login: the incidents, and per incident its snapshot root and
 * totals, recoveries, rounds, settled payout transactions, on-chain commitments and reconciliation verdict, as HTML
 * and as JSON. Everything comes from the services' public read models, read with the portal's own service account
 * (never a visitor's or a signed-in person's token), cached briefly and rate-limited per client address. The JSON
 * variant is {@link TransparencyJson}.
 */
@Path("/transparency")
@Blocking
public class TransparencyPages {

    /** A UUID in a path: the JSON variant ({@link TransparencyJson}) adds ".json", which a plain path parameter would swallow. */
    private static final String INCIDENT = "{incidentId: [0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}}";

    private final TransparencyReports reports;
    private final Template listPage;
    private final Template incidentPage;

    public TransparencyPages(TransparencyReports reports, @Location("transparency/incidents.html") Template listPage,
                             @Location("transparency/incident.html") Template incidentPage) {
        this.reports = reports;
        this.listPage = listPage;
        this.incidentPage = incidentPage;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance incidents() {
        return listPage.data("incidents", reports.incidents());
    }

    @GET
    @Path(INCIDENT)
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance incident(@PathParam("incidentId") UUID incidentId,
                                     @QueryParam("page") @DefaultValue("1") int page) {
        TransparencyReport report = reports.report(incidentId, requirePage(page));
        return incidentPage.data("report", report).data("decimals", decimals(report));
    }

    /** Each asset's decimals by its symbol and by its CAIP-19 id, for showing amounts in whole units. */
    private static Map<String, Integer> decimals(TransparencyReport report) {
        Map<String, Integer> decimals = new HashMap<>();
        for (PublicAsset asset : report.assets()) {
            decimals.put(asset.getSymbol(), asset.getDecimals());
            decimals.put(asset.getAssetId(), asset.getDecimals());
        }
        return decimals;
    }

    private int requirePage(int page) {
        if (page < 1 || page > reports.maxPayoutPage()) {
            throw new jakarta.ws.rs.BadRequestException("page must be between 1 and " + reports.maxPayoutPage());
        }
        return page;
    }
}
