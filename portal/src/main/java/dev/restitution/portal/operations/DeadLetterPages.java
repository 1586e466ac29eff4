package dev.restitution.portal.operations;

import dev.restitution.portal.web.FormProblem;
import dev.restitution.portal.web.FormRejected;
import dev.restitution.portal.web.ServiceCalls;
import dev.restitution.portal.web.ServiceRefused;
import dev.restitution.portal.web.ServiceUnavailable;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The events ledger-, claims- and payout-service parked on their dead-letter topics, for an event-operator: one list
 * across the three (a service that does not answer is named, the others still shown), a page per event with its
 * payload, headers and why it was parked, and the form that replays it once with a reason. Each service checks the
 * role and the id again; a refused replay (already replayed, the handler still fails) is shown in its own words.
 */
@Path("/operations/dead-letters")
@Blocking
public class DeadLetterPages {

    /** Events read per service for one view: the services' largest page. */
    static final int PAGE = 200;
    private static final Pattern ID = Pattern.compile("[a-zA-Z0-9._-]{1,160}:[0-9]{1,9}:[0-9]{1,18}");
    private static final int MAX_REASON = 2000;

    private final dev.restitution.contracts.ledger.client.DeadLettersApi ledger;
    private final dev.restitution.contracts.claims.client.DeadLettersApi claims;
    private final dev.restitution.contracts.payout.client.DeadLettersApi payout;
    private final Template listPage;
    private final Template detailPage;

    public DeadLetterPages(@RestClient dev.restitution.contracts.ledger.client.DeadLettersApi ledger,
            @RestClient dev.restitution.contracts.claims.client.DeadLettersApi claims,
            @RestClient dev.restitution.contracts.payout.client.DeadLettersApi payout,
            @Location("operations/dead-letters.html") Template listPage,
            @Location("operations/dead-letter.html") Template detailPage) {
        this.ledger = ledger;
        this.claims = claims;
        this.payout = payout;
        this.listPage = listPage;
        this.detailPage = detailPage;
    }

    /** What one service answered for the list: its events, where its next page starts, or why it could not answer. */
    public record ServicePage(ParkingService service, List<ParkedEvent> events, String next, String unavailable) {
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance list(@RestQuery String service, @RestQuery String after) {
        List<ParkingService> shown = service == null || service.isEmpty() ? List.of(ParkingService.values())
                : List.of(ParkingService.named(service));
        String cursor = after == null || after.isEmpty() ? null : requireId(after);
        if (cursor != null && shown.size() != 1) {
            throw new FormRejected(FormProblem.DEAD_LETTER_CURSOR_WITHOUT_SERVICE);
        }
        List<ServicePage> pages = shown.stream().map(each -> page(each, cursor)).toList();
        List<ParkedEvent> events = new ArrayList<>();
        pages.forEach(page -> events.addAll(page.events()));
        events.sort(Comparator.comparing(ParkedEvent::isReplayed).thenComparing(ParkedEvent::parkedAt, Comparator.reverseOrder()));
        return listPage.data("events", events).data("pages", pages)
                .data("parked", events.stream().filter(event -> !event.isReplayed()).count())
                .data("unavailable", pages.stream().filter(page -> page.unavailable() != null).toList())
                .data("more", pages.stream().filter(page -> page.next() != null).toList())
                .data("filtered", shown.size() == 1 ? shown.getFirst() : null);
    }

    @GET
    @Path("{service}/{id}")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance detail(@PathParam("service") String service, @PathParam("id") String id) {
        ParkingService parking = ParkingService.named(service);
        String checked = requireId(id);
        ParkedEvent event = switch (parking) {
            case LEDGER -> ParkedEvent.of(parking, ServiceCalls.ledger(() -> ledger.getDeadLetter(checked)));
            case CLAIMS -> ParkedEvent.of(parking, ServiceCalls.claims(() -> claims.getDeadLetter(checked)));
            case PAYOUT -> ParkedEvent.of(parking, ServiceCalls.payout(() -> payout.getDeadLetter(checked)));
        };
        return detailPage.data("event", event);
    }

    @POST
    @Path("{service}/{id}/replay")
    public Response replay(@PathParam("service") String service, @PathParam("id") String id, @RestForm String reason) {
        ParkingService parking = ParkingService.named(service);
        String checked = requireId(id);
        if (reason == null || reason.isBlank() || reason.strip().length() > MAX_REASON) {
            throw new FormRejected(FormProblem.DEAD_LETTER_REASON_MISSING, Map.of("maxCharacters", MAX_REASON));
        }
        String why = reason.strip();
        switch (parking) {
            case LEDGER -> ServiceCalls.ledger(() -> ledger.replayDeadLetter(checked,
                    new dev.restitution.contracts.ledger.model.DeadLetterReplayRequest().reason(why)));
            case CLAIMS -> ServiceCalls.claims(() -> claims.replayDeadLetter(checked,
                    new dev.restitution.contracts.claims.model.DeadLetterReplayRequest().reason(why)));
            case PAYOUT -> ServiceCalls.payout(() -> payout.replayDeadLetter(checked,
                    new dev.restitution.contracts.payout.model.DeadLetterReplayRequest().reason(why)));
        }
        return Response.seeOther(URI.create("/operations/dead-letters/" + parking.key() + "/" + checked)).build();
    }

    private ServicePage page(ParkingService service, String after) {
        try {
            return switch (service) {
                case LEDGER -> {
                    var page = ServiceCalls.ledger(() -> ledger.listDeadLetters(null, after, PAGE));
                    yield new ServicePage(service, page.getItems().stream().map(row -> ParkedEvent.of(service, row)).toList(),
                            page.getNext(), null);
                }
                case CLAIMS -> {
                    var page = ServiceCalls.claims(() -> claims.listDeadLetters(null, after, PAGE));
                    yield new ServicePage(service, page.getItems().stream().map(row -> ParkedEvent.of(service, row)).toList(),
                            page.getNext(), null);
                }
                case PAYOUT -> {
                    var page = ServiceCalls.payout(() -> payout.listDeadLetters(null, after, PAGE));
                    yield new ServicePage(service, page.getItems().stream().map(row -> ParkedEvent.of(service, row)).toList(),
                            page.getNext(), null);
                }
            };
        } catch (ServiceUnavailable unreachable) {
            return new ServicePage(service, List.of(), null, "not reachable right now");
        } catch (ServiceRefused refused) {
            if (refused.problem().status() == 503) {
                return new ServicePage(service, List.of(), null, refused.problem().detail());
            }
            throw refused;
        }
    }

    private static String requireId(String id) {
        if (!ID.matcher(id).matches()) {
            throw new FormRejected(FormProblem.DEAD_LETTER_ID_MALFORMED);
        }
        return id;
    }
}
