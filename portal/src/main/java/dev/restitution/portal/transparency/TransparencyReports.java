package dev.restitution.portal.transparency;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.restitution.contracts.ledger.model.PublicIncident;
import dev.restitution.contracts.ledger.model.PublicIncidentSummary;
import dev.restitution.contracts.ledger.model.PublicRoundPage;
import dev.restitution.contracts.payout.model.PublicPayoutPage;
import dev.restitution.portal.PortalConfig;
import dev.restitution.portal.web.ServiceCalls;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Builds the transparency reports from the services' public read models, read with the portal's own service account,
 * and keeps each for a short time ({@code restitution.portal.transparency.cache-ttl}): a page everyone may load costs
 * the services one read per incident and payout page per period, however many people load it. Bounded in entries.
 */
@ApplicationScoped
public class TransparencyReports {

    /** The most incidents the list shows, and the most rounds a report lists (the services' page limit). */
    static final int MAX_LISTED = 200;

    private record ReportKey(UUID incidentId, int page) {
    }

    private final LedgerPublicReads ledger;
    private final PayoutPublicReads payout;
    private final PortalConfig.Transparency settings;
    private final Clock clock;
    private final Cache<ReportKey, TransparencyReport> reports;
    private final Cache<Boolean, List<PublicIncidentSummary>> incidents;

    public TransparencyReports(@RestClient LedgerPublicReads ledger, @RestClient PayoutPublicReads payout,
                               PortalConfig config) {
        this.ledger = ledger;
        this.payout = payout;
        this.settings = config.transparency();
        this.clock = Clock.systemUTC();
        this.reports = Caffeine.newBuilder().expireAfterWrite(settings.cacheTtl())
                .maximumSize(settings.cacheMaxEntries()).build();
        this.incidents = Caffeine.newBuilder().expireAfterWrite(settings.cacheTtl()).maximumSize(1).build();
    }

    /** The incidents, newest cutoff first (at most {@value #MAX_LISTED}). */
    public List<PublicIncidentSummary> incidents() {
        return incidents.get(Boolean.TRUE, ignored -> ServiceCalls.ledger(() ->
                ledger.listPublicIncidents(MAX_LISTED, 0)).getItems());
    }

    /** One incident's report with page {@code page} (from 1) of its settled payout transactions. */
    public TransparencyReport report(UUID incidentId, int page) {
        if (page < 1 || page > settings.maxPayoutPage()) {
            throw new IllegalArgumentException("page " + page + " is outside 1.." + settings.maxPayoutPage());
        }
        return reports.get(new ReportKey(incidentId, page), key -> build(key.incidentId(), key.page()));
    }

    /** The highest payout page a request may ask for. */
    public int maxPayoutPage() {
        return settings.maxPayoutPage();
    }

    /** Forgets every kept report (the benchmark measures the cold cache with it). */
    public void forgetAll() {
        reports.invalidateAll();
        incidents.invalidateAll();
    }

    private TransparencyReport build(UUID incidentId, int page) {
        PublicIncident incident = ServiceCalls.ledger(() -> ledger.getPublicIncident(incidentId));
        PublicRoundPage rounds = ServiceCalls.ledger(() -> ledger.listPublicRounds(incidentId, MAX_LISTED, 0));
        int size = settings.payoutsPageSize();
        PublicPayoutPage payouts = ServiceCalls.payout(() -> payout.listPublicPayouts(incidentId, size,
                (page - 1) * size));
        return new TransparencyReport(incident.getIncidentId(), incident.getTitle(), incident.getCutoffAt(),
                incident.getState().toString(), incident.getAssets(), incident.getSnapshot(), incident.getRecoveries(),
                rounds.getItems(), rounds.getTotal(), payouts.getItems(),
                new TransparencyReport.PayoutPage(page, size, payouts.getTotal()), incident.getReconciliation(),
                OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC));
    }
}
