package dev.restitution.ledger.incident;

import dev.restitution.contracts.events.IncidentDeclared;
import dev.restitution.contracts.events.IncidentDeclaredAsset;
import dev.restitution.contracts.events.IncidentStateChanged;
import dev.restitution.kit.audit.Actor;
import dev.restitution.kit.audit.AuditLog;
import dev.restitution.kit.audit.AuditStates;
import dev.restitution.kit.events.EventCodec;
import dev.restitution.kit.events.EventEnvelope;
import dev.restitution.kit.events.EventTypes;
import dev.restitution.kit.events.Topics;
import dev.restitution.kit.id.IncidentId;
import dev.restitution.kit.messaging.Outbox;
import dev.restitution.kit.problem.FieldViolation;
import dev.restitution.kit.problem.ProblemDetails;
import dev.restitution.kit.problem.ProblemException;
import dev.restitution.ledger.incident.domain.AssetSpec;
import dev.restitution.ledger.incident.domain.Incident;
import dev.restitution.ledger.incident.domain.IncidentDeclaration;
import dev.restitution.ledger.incident.domain.IncidentLifecycle;
import dev.restitution.ledger.incident.domain.IncidentState;
import dev.restitution.ledger.incident.persistence.IncidentRepository;
import dev.restitution.ledger.verification.ChainVerifications;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Declares, moves and reads incidents. A declaration and its IncidentDeclared event, and every move and
 * its IncidentStateChanged event, commit together or not at all.
 */
@ApplicationScoped
public class IncidentService {

    static final String SOURCE = "/ledger-service";

    private final IncidentRepository incidents;
    private final Outbox outbox;
    private final EventCodec codec;
    private final AuditLog audit;
    private final ChainVerifications verifications;
    private final Clock clock;

    public IncidentService(IncidentRepository incidents, Outbox outbox, EventCodec codec, AuditLog audit,
                           ChainVerifications verifications, Clock clock) {
        this.verifications = verifications;
        this.incidents = incidents;
        this.outbox = outbox;
        this.codec = codec;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public Incident declare(IncidentDeclaration declaration, Actor declaredBy) {
        Instant now = clock.instant();
        List<FieldViolation> violations = declaration.violations(now);
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(violations);
        }
        Incident incident = new Incident(IncidentId.random(), declaration, IncidentState.DECLARED, declaredBy,
                now, Optional.empty());
        incidents.add(incident);
        verifications.addTokens(incident);
        outbox.append(Topics.LEDGER_INCIDENTS, incidentDeclared(incident), now);
        audit.append(declaredBy, "INCIDENT_DECLARED", "INCIDENT", incident.id().toString(), null,
                AuditStates.json(declared(incident)), "incident declared");
        return incident;
    }

    /**
     * Moves an incident to its next state if the lifecycle allows it to the caller; recorded with who,
     * when and why, and published. Opening claims sets the bar date {@code claimsDeadline}.
     */
    @Transactional
    public Incident transition(IncidentId id, IncidentState to, Optional<Instant> claimsDeadline, String reason,
                               Actor changedBy, Set<String> callerRoles) {
        Incident incident = incidents.lockById(id).orElseThrow(() -> ProblemException.notFound("Incident " + id));
        IncidentLifecycle.checkTransition(incident.state(), to, callerRoles).ifPresent(refusal -> {
            throw switch (refusal.kind()) {
                case FORBIDDEN -> new ProblemException(ProblemDetails.of("forbidden", "Forbidden", 403, refusal.reason()));
                case SEALING_ONLY -> ProblemException.conflict("snapshot-not-sealed", refusal.reason());
                case NOT_A_MOVE -> ProblemException.conflict("invalid-transition", refusal.reason());
            };
        });
        Instant now = clock.instant();
        List<FieldViolation> violations = IncidentLifecycle.claimsDeadlineViolations(to, claimsDeadline, now);
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(violations);
        }
        move(incident, to, claimsDeadline, changedBy, now, reason);
        return get(id);
    }

    /**
     * Moves a DECLARED incident to SNAPSHOT_SEALED inside the caller's sealing transaction; any other
     * state means its snapshot is already sealed (409).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void markSnapshotSealed(IncidentId id, Actor sealedBy, Instant sealedAt, String reason) {
        Incident incident = incidents.lockById(id).orElseThrow(() -> ProblemException.notFound("Incident " + id));
        if (!IncidentLifecycle.maySeal(incident.state())) {
            throw ProblemException.conflict("snapshot-sealed", "Incident " + id + " is " + incident.state()
                    + ": its snapshot is sealed and never changes.");
        }
        move(incident, IncidentState.SNAPSHOT_SEALED, Optional.empty(), sealedBy, sealedAt, reason);
    }

    /**
     * The incident, held in {@code required} until the caller's transaction ends (no move can happen
     * meanwhile); 409 when it is in another state, so the caller writes nothing.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Incident requireState(IncidentId id, IncidentState required, String forWhat) {
        Incident incident = incidents.lockSharedById(id).orElseThrow(() -> ProblemException.notFound("Incident " + id));
        if (incident.state() != required) {
            throw ProblemException.conflict("incident-not-" + required.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                    "Incident " + id + " is " + incident.state() + "; " + forWhat + " only while it is " + required + ".");
        }
        return incident;
    }

    /** The move, its history row, its event and its audit entry, in the caller's transaction. */
    private void move(Incident incident, IncidentState to, Optional<Instant> claimsDeadline, Actor changedBy,
                      Instant changedAt, String reason) {
        incidents.changeState(incident.id(), incident.state(), to, claimsDeadline, changedBy, changedAt, reason);
        outbox.append(Topics.LEDGER_INCIDENTS, incidentStateChanged(incident, to, claimsDeadline, changedAt), changedAt);
        Optional<Instant> deadlineAfter = claimsDeadline.or(incident::claimsDeadline);
        audit.append(changedBy, "INCIDENT_STATE_CHANGED", "INCIDENT", incident.id().toString(),
                AuditStates.json(lifecycleState(incident.state(), incident.claimsDeadline())),
                AuditStates.json(lifecycleState(to, deadlineAfter)), reason);
    }

    private static Map<String, Object> lifecycleState(IncidentState state, Optional<Instant> claimsDeadline) {
        Map<String, Object> audited = new LinkedHashMap<>();
        audited.put("state", state.name());
        claimsDeadline.ifPresent(deadline -> audited.put("claimsDeadline", deadline.toString()));
        return audited;
    }

    private static Map<String, Object> declared(Incident incident) {
        IncidentDeclaration declaration = incident.declaration();
        Map<String, Object> audited = lifecycleState(incident.state(), incident.claimsDeadline());
        audited.put("exchange", declaration.exchange());
        audited.put("title", declaration.title());
        audited.put("cutoffAt", declaration.cutoffAt().toString());
        audited.put("assets", incident.assets().stream().map(asset -> asset.symbol() + "@" + asset.chainId()
                + asset.tokenContract().map(contract -> ":" + contract).orElse("")).toList());
        audited.put("recoveryAddresses", declaration.recoveryAddresses().stream()
                .map(address -> address.chainId() + ":" + address.address()).toList());
        return audited;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Incident get(IncidentId id) {
        return incidents.byId(id).orElseThrow(() -> ProblemException.notFound("Incident " + id));
    }

    /** The incident's assets' CAIP-19 ids (canonical text) by symbol, for answers that name an asset by symbol. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<String, String> assetIds(UUID incidentId) {
        return get(new IncidentId(incidentId)).assets().stream()
                .collect(Collectors.toUnmodifiableMap(AssetSpec::symbol, asset -> asset.assetId().toString()));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page page(int offset, int limit) {
        return new Page(incidents.page(offset, limit), incidents.count());
    }

    public record Page(List<Incident> items, long total) {
    }

    private EventEnvelope incidentDeclared(Incident incident) {
        IncidentDeclaration declaration = incident.declaration();
        IncidentDeclared payload = new IncidentDeclared()
                .withIncidentId(incident.id().value())
                .withExchange(declaration.exchange())
                .withTitle(declaration.title())
                .withCutoffAt(declaration.cutoffAt().atOffset(ZoneOffset.UTC))
                .withDescription(declaration.description())
                .withAssets(declaration.assets().stream().map(asset -> new IncidentDeclaredAsset()
                        .withSymbol(asset.symbol())
                        .withAssetId(asset.assetId().toString())
                        .withChainId(asset.chainId())
                        .withTokenContract(asset.tokenContract().orElse(null))
                        .withDecimals(asset.decimals())).toList())
                .withDeclaredBy(incident.declaredBy().subjectId())
                .withDeclaredAt(incident.declaredAt().atOffset(ZoneOffset.UTC));
        return codec.wrap(UUID.randomUUID().toString(), EventTypes.INCIDENT_DECLARED, SOURCE,
                incident.declaredAt(), incident.id().toString(), payload);
    }

    private EventEnvelope incidentStateChanged(Incident incident, IncidentState to, Optional<Instant> claimsDeadline,
                                               Instant changedAt) {
        IncidentStateChanged payload = new IncidentStateChanged()
                .withIncidentId(incident.id().value())
                .withState(IncidentStateChanged.IncidentLifecycleState.valueOf(to.name()))
                .withPreviousState(IncidentStateChanged.IncidentLifecycleState.valueOf(incident.state().name()))
                .withChangedAt(changedAt.atOffset(ZoneOffset.UTC))
                .withClaimsDeadline(claimsDeadline.map(deadline -> deadline.atOffset(ZoneOffset.UTC)).orElse(null));
        return codec.wrap(UUID.randomUUID().toString(), EventTypes.INCIDENT_STATE_CHANGED, SOURCE, changedAt,
                incident.id().toString(), payload);
    }
}
