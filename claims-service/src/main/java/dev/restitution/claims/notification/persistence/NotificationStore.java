package dev.restitution.claims.notification.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.restitution.claims.notification.domain.NotificationKind;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.FlushModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The notification queue (one row per event and recipient account) and the claimants' preferences. */
@ApplicationScoped
public class NotificationStore {

    private static final TypeReference<Map<String, Object>> PARAMETERS = new TypeReference<>() {
    };

    public enum Status { PENDING, SENT, SKIPPED, PARKED }

    /** A queued mail as the sender takes it. */
    public record Queued(UUID id, UUID eventId, String accountId, NotificationKind kind, Map<String, Object> parameters,
                         int attempts) {
    }

    /** A claimant's choices; language empty: Keycloak's locale, else English. */
    public record Preferences(String accountId, Optional<String> language, boolean claimsOpen, boolean barDateReminder) {
    }

    /** How far the mails of one event went. */
    public record Progress(long pending, long sent, long skipped, long parked) {
    }

    /** A mail to many, being expanded into one row per recipient. */
    public record Campaign(UUID eventId, NotificationKind kind, Map<String, Object> parameters, int nextFirst) {
    }

    /** One recipient of a campaign, as Keycloak named them when the campaign was expanded. */
    public record CampaignRecipient(String accountId, String email, Optional<String> locale) {
    }

    /** How far an incident's claims-open mails went: expanded when every recipient is queued. */
    public record CampaignProgress(UUID eventId, boolean expanded, long queued, Progress mails) {
    }

    private final ObjectMapper json;

    public NotificationStore(ObjectMapper json) {
        this.json = json;
    }

    /** Queues the mail of this event for this account; false when it was queued before (a redelivered event). */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean enqueue(UUID eventId, String accountId, NotificationKind kind, Map<String, Object> parameters, Instant now) {
        String serialized = serialize(parameters);
        return Panache.getEntityManager().createNativeQuery("""
                        insert into notification (id, event_id, account_id, kind, parameters, next_attempt_at, created_at)
                        values (:id, :event, :account, :kind, cast(:parameters as jsonb), :now, :now)
                        on conflict on constraint notification_once_per_event_and_recipient do nothing""")
                .setParameter("id", UUID.randomUUID())
                .setParameter("event", eventId)
                .setParameter("account", accountId)
                .setParameter("kind", kind.name())
                .setParameter("parameters", serialized)
                .setParameter("now", now)
                .executeUpdate() == 1;
    }

    /**
     * Takes at most {@code limit} due mails and holds them for {@code lease} (their next attempt moves to now + lease),
     * so another sender (another replica, or the next run) leaves them alone while they are being sent.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<Queued> take(int limit, Instant now, Instant leaseUntil) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Panache.getEntityManager().createNativeQuery("""
                        update notification set next_attempt_at = :lease
                        where id in (select id from notification where status = 'PENDING' and next_attempt_at <= :now
                                     order by next_attempt_at, created_at limit :limit for update skip locked)
                        returning id, event_id, account_id, kind, cast(parameters as text), attempts""")
                .setParameter("lease", leaseUntil)
                .setParameter("now", now)
                .setParameter("limit", limit)
                .getResultList();
        return rows.stream().map(row -> new Queued((UUID) row[0], (UUID) row[1], (String) row[2],
                NotificationKind.valueOf((String) row[3]), parameters((String) row[4]), ((Number) row[5]).intValue())).toList();
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void markSent(UUID id, String email, String language, Instant now) {
        finish(id, Status.SENT, email, language, now, null);
    }

    /** Nothing to send: no verified address, or a non-essential kind the claimant switched off (the reason kept). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void markSkipped(UUID id, String reason, Instant now) {
        finish(id, Status.SKIPPED, null, null, now, reason);
    }

    /** A failed attempt: tried again at {@code nextAttempt}, or parked when {@code park}. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void markFailed(UUID id, int attempts, Instant nextAttempt, boolean park, String error) {
        Panache.getEntityManager().createNativeQuery("""
                        update notification set attempts = :attempts, next_attempt_at = :next, last_error = :error,
                            status = :status
                        where id = :id and status = 'PENDING'""")
                .setParameter("attempts", attempts)
                .setParameter("next", nextAttempt)
                .setParameter("error", error.length() > 2000 ? error.substring(0, 2000) : error)
                .setParameter("status", park ? Status.PARKED.name() : Status.PENDING.name())
                .setParameter("id", id)
                .executeUpdate();
    }

    private void finish(UUID id, Status status, String email, String language, Instant now, String reason) {
        Panache.getEntityManager().createNativeQuery("""
                        update notification set status = :status, sent_at = :now, recipient_email = :email,
                            language = :language, last_error = :reason
                        where id = :id and status = 'PENDING'""")
                .setParameter("status", status.name())
                .setParameter("now", now)
                .setParameter("email", email)
                .setParameter("language", language)
                .setParameter("reason", reason)
                .setParameter("id", id)
                .executeUpdate();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Progress progress(UUID eventId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Panache.getEntityManager().createNativeQuery("""
                        select status, count(*) from notification where event_id = :event group by status""")
                .setFlushMode(FlushModeType.COMMIT)
                .setParameter("event", eventId)
                .getResultList();
        Map<String, Long> counts = new java.util.HashMap<>();
        rows.forEach(row -> counts.put((String) row[0], ((Number) row[1]).longValue()));
        return new Progress(counts.getOrDefault("PENDING", 0L), counts.getOrDefault("SENT", 0L),
                counts.getOrDefault("SKIPPED", 0L), counts.getOrDefault("PARKED", 0L));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Preferences> preferences(String accountId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Panache.getEntityManager().createNativeQuery("""
                        select language, claims_open, bar_date_reminder from notification_preference where account_id = :account""")
                .setFlushMode(FlushModeType.COMMIT)
                .setParameter("account", accountId)
                .getResultList();
        return rows.stream().findFirst().map(row -> new Preferences(accountId, Optional.ofNullable((String) row[0]),
                (Boolean) row[1], (Boolean) row[2]));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void putPreferences(Preferences preferences, Instant now) {
        Panache.getEntityManager().createNativeQuery("""
                        insert into notification_preference (account_id, language, claims_open, bar_date_reminder, updated_at)
                        values (:account, :language, :claimsOpen, :reminder, :now)
                        on conflict (account_id) do update set language = excluded.language,
                            claims_open = excluded.claims_open, bar_date_reminder = excluded.bar_date_reminder,
                            updated_at = excluded.updated_at""")
                .setParameter("account", preferences.accountId())
                .setParameter("language", preferences.language().orElse(null))
                .setParameter("claimsOpen", preferences.claimsOpen())
                .setParameter("reminder", preferences.barDateReminder())
                .setParameter("now", now)
                .executeUpdate();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void startCampaign(UUID eventId, UUID incidentId, NotificationKind kind, Map<String, Object> parameters,
                              Instant now) {
        Panache.getEntityManager().createNativeQuery("""
                        insert into notification_campaign (event_id, incident_id, kind, parameters, created_at)
                        values (:event, :incident, :kind, cast(:parameters as jsonb), :now)
                        on conflict (event_id) do nothing""")
                .setParameter("event", eventId)
                .setParameter("incident", incidentId)
                .setParameter("kind", kind.name())
                .setParameter("parameters", serialize(parameters))
                .setParameter("now", now)
                .executeUpdate();
    }

    /** The oldest campaign not expanded yet. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<Campaign> nextCampaign() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Panache.getEntityManager().createNativeQuery("""
                        select event_id, kind, cast(parameters as text), next_first from notification_campaign
                        where not expanded order by created_at limit 1""")
                .getResultList();
        return rows.stream().findFirst().map(row -> new Campaign((UUID) row[0], NotificationKind.valueOf((String) row[1]),
                parameters((String) row[2]), ((Number) row[3]).intValue()));
    }

    /**
     * Queues one page of a campaign's recipients and moves the campaign past it, in one transaction; nothing when
     * another expander moved it first (its page position is no longer {@code first}).
     *
     * @param last true when the page was the last (shorter than asked)
     * @return how many rows were queued
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int queuePage(Campaign campaign, int pageLength, List<CampaignRecipient> recipients, boolean last, Instant now) {
        int moved = Panache.getEntityManager().createNativeQuery("""
                        update notification_campaign set next_first = next_first + :length, expanded = :last,
                            expanded_at = case when :last then cast(:now as timestamptz) end
                        where event_id = :event and next_first = :first and not expanded""")
                .setParameter("length", pageLength)
                .setParameter("last", last)
                .setParameter("now", now)
                .setParameter("event", campaign.eventId())
                .setParameter("first", campaign.nextFirst())
                .executeUpdate();
        if (moved == 0) {
            return 0;
        }
        int queued = 0;
        for (CampaignRecipient recipient : recipients) {
            Map<String, Object> parameters = new java.util.LinkedHashMap<>(campaign.parameters());
            parameters.put("email", recipient.email());
            recipient.locale().ifPresent(locale -> parameters.put("locale", locale));
            queued += enqueue(campaign.eventId(), recipient.accountId(), campaign.kind(), parameters, now) ? 1 : 0;
        }
        Panache.getEntityManager().createNativeQuery("update notification_campaign set queued = queued + :queued where event_id = :event")
                .setParameter("queued", queued)
                .setParameter("event", campaign.eventId())
                .executeUpdate();
        return queued;
    }

    /**
     * Queues the bar-date reminder of every claim still in DRAFT whose incident's claims close within the horizon,
     * once per claim and account (the claim's id is the reminder's key), at most {@code limit} a call.
     *
     * @return how many reminders were queued
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int queueBarDateReminders(Instant now, Instant horizon, int limit) {
        return Panache.getEntityManager().createNativeQuery("""
                        insert into notification (id, event_id, account_id, kind, parameters, next_attempt_at, created_at)
                        select gen_random_uuid(), c.id, c.account_id, 'BAR_DATE_REMINDER',
                            jsonb_build_object('claimId', c.id::text, 'incidentId', i.id::text, 'incidentTitle', i.title,
                                'claimsDeadline', to_char(i.claims_deadline at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')),
                            :now, :now
                        from claim c join incident i on i.id = c.incident_id
                        where i.state = 'CLAIMS_OPEN' and i.claims_deadline > :now and i.claims_deadline <= :horizon
                          and c.status = 'DRAFT'
                          and not exists (select 1 from notification n where n.event_id = c.id and n.account_id = c.account_id)
                        limit :limit
                        on conflict on constraint notification_once_per_event_and_recipient do nothing""")
                .setParameter("now", now)
                .setParameter("horizon", horizon)
                .setParameter("limit", limit)
                .executeUpdate();
    }

    /** The incident's claims-open campaign and how far its mails went; empty before its claims opened. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<CampaignProgress> claimsOpenProgress(UUID incidentId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Panache.getEntityManager().createNativeQuery("""
                        select event_id, expanded, queued from notification_campaign
                        where incident_id = :incident and kind = 'CLAIMS_OPEN' order by created_at limit 1""")
                .setFlushMode(FlushModeType.COMMIT)
                .setParameter("incident", incidentId)
                .getResultList();
        return rows.stream().findFirst().map(row -> new CampaignProgress((UUID) row[0], (Boolean) row[1],
                ((Number) row[2]).longValue(), progress((UUID) row[0])));
    }

    private String serialize(Map<String, Object> parameters) {
        try {
            return json.writeValueAsString(parameters);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("notification parameters are not JSON: " + parameters, e);
        }
    }

    private Map<String, Object> parameters(String serialized) {
        try {
            return json.readValue(serialized, PARAMETERS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored notification parameters are not JSON: " + serialized, e);
        }
    }
}
