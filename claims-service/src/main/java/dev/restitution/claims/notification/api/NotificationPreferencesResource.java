package dev.restitution.claims.notification.api;

import dev.restitution.claims.config.ClaimsConfig;
import dev.restitution.claims.notification.NotificationPreferencesService;
import dev.restitution.claims.notification.persistence.NotificationStore;
import dev.restitution.contracts.claims.model.ClaimsOpenProgress;
import dev.restitution.kit.problem.ProblemException;
import dev.restitution.claims.notification.persistence.NotificationStore.Preferences;
import dev.restitution.claims.security.Callers;
import dev.restitution.claims.security.Roles;
import dev.restitution.contracts.claims.api.NotificationsApi;
import dev.restitution.contracts.claims.model.NotificationPreferences;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.UUID;

/** Thin adapter between the generated notifications API and {@link NotificationPreferencesService}. */
public class NotificationPreferencesResource implements NotificationsApi {

    private final NotificationPreferencesService preferences;
    private final NotificationStore store;
    private final Callers callers;
    private final int maxPerSecond;

    public NotificationPreferencesResource(NotificationPreferencesService preferences, NotificationStore store,
                                           Callers callers, ClaimsConfig config) {
        this.preferences = preferences;
        this.store = store;
        this.callers = callers;
        this.maxPerSecond = config.notifications().maxPerSecond();
    }

    @Override
    @RolesAllowed({Roles.INCIDENT_ADMIN, Roles.AUDITOR})
    public Response getClaimsOpenProgress(UUID incidentId) {
        NotificationStore.CampaignProgress progress = store.claimsOpenProgress(incidentId)
                .orElseThrow(() -> ProblemException.notFound("claims-open mails of incident " + incidentId));
        return Response.ok(new ClaimsOpenProgress().incidentId(incidentId).expanded(progress.expanded())
                .queued(progress.queued()).pending(progress.mails().pending()).sent(progress.mails().sent())
                .skipped(progress.mails().skipped()).parked(progress.mails().parked()).maxPerSecond(maxPerSecond)).build();
    }

    @Override
    @RolesAllowed(Roles.CLAIMANT)
    public Response getNotificationPreferences() {
        return Response.ok(toModel(preferences.of(callers.claimant().accountId()))).build();
    }

    @Override
    @RolesAllowed(Roles.CLAIMANT)
    public Response putNotificationPreferences(NotificationPreferences chosen) {
        Preferences stored = preferences.put(new Preferences(callers.claimant().accountId(),
                Optional.ofNullable(chosen.getLanguage()).map(NotificationPreferences.LanguageEnum::value),
                chosen.getClaimsOpen(), chosen.getBarDateReminder()));
        return Response.ok(toModel(stored)).build();
    }

    @Override
    @PermitAll
    public Response unsubscribe(String token) {
        return Response.ok(toModel(preferences.unsubscribe(token))).build();
    }

    private static NotificationPreferences toModel(Preferences preferences) {
        return new NotificationPreferences()
                .language(preferences.language().map(NotificationPreferences.LanguageEnum::fromValue).orElse(null))
                .claimsOpen(preferences.claimsOpen())
                .barDateReminder(preferences.barDateReminder());
    }
}
