package dev.restitution.ledger.recovery;

import dev.restitution.kit.audit.Actor;
import dev.restitution.kit.audit.AuditLog;
import dev.restitution.kit.audit.AuditStates;
import dev.restitution.kit.id.IncidentId;
import dev.restitution.kit.problem.FieldViolation;
import dev.restitution.kit.problem.ProblemDetails;
import dev.restitution.kit.problem.ProblemException;
import dev.restitution.ledger.incident.IncidentService;
import dev.restitution.ledger.incident.domain.AssetSpec;
import dev.restitution.ledger.incident.domain.Incident;
import dev.restitution.ledger.recovery.domain.AccountType;
import dev.restitution.ledger.recovery.domain.AssetBooks;
import dev.restitution.ledger.recovery.domain.Posting;
import dev.restitution.ledger.recovery.domain.RecoveryBooking;
import dev.restitution.ledger.recovery.domain.Transfer;
import dev.restitution.ledger.recovery.domain.TransferReason;
import dev.restitution.ledger.recovery.persistence.LedgerStore;
import dev.restitution.ledger.verification.ChainVerifications;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What finance-operators book (freezes, releases, recoveries, contributions, corrections) and what
 * finance roles and auditors read. A booking, its account balances and its audit entry commit
 * together; a retry with the same idempotency key books nothing.
 */
@ApplicationScoped
public class RecoveryService {

    /** Operator keys live in their own namespace, apart from the keys the service derives for events and rounds. */
    static final String OPERATOR_KEY_PREFIX = "recovery:";

    private final IncidentService incidents;
    private final RecoveryLedger ledger;
    private final LedgerStore store;
    private final AuditLog audit;
    private final ChainVerifications verifications;
    private final Clock clock;

    public RecoveryService(IncidentService incidents, RecoveryLedger ledger, LedgerStore store, AuditLog audit,
                           ChainVerifications verifications, Clock clock) {
        this.incidents = incidents;
        this.ledger = ledger;
        this.store = store;
        this.audit = audit;
        this.verifications = verifications;
        this.clock = clock;
    }

    /** The booked transfer, and whether it was booked by an earlier request with the same key. */
    public record Booked(Transfer transfer, boolean replayed) {
    }

    @Transactional
    public Booked record(UUID incidentId, String idempotencyKey, RecoveryBooking booking, Actor actor) {
        Incident incident = incidents.get(new IncidentId(incidentId));
        List<FieldViolation> violations = booking.violations(assetSymbols(incident));
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(violations);
        }
        RecoveryLedger.LockedAsset locked = ledger.lock(incidentId, booking.asset());
        Optional<Transfer> corrected = booking.correctsTransferId().map(id -> correctable(incidentId, booking, id));
        Posting posting = corrected.map(transfer -> transfer.posting().reversed(booking.amount()))
                .orElseGet(() -> booking.kind().posting(booking.amount()));
        Instant now = clock.instant();
        Transfer transfer = new Transfer(UUID.randomUUID(), incidentId, booking.asset(), posting, booking.kind(),
                booking.reason(), booking.txHash(), booking.counterparty(), Optional.empty(),
                booking.correctsTransferId(), OPERATOR_KEY_PREFIX + idempotencyKey, actor.text(), now);

        Optional<Transfer> earlier = store.byIdempotencyKey(transfer.idempotencyKey());
        if (earlier.isPresent()) {
            if (!earlier.get().sameBookingAs(transfer)) {
                throw ProblemException.conflict("idempotency-key-reused", "Idempotency key " + idempotencyKey
                        + " was used for a different booking (transfer " + earlier.get().id() + ").");
            }
            return new Booked(earlier.get(), true);
        }
        corrected.ifPresent(original -> requireCorrectable(original, booking.amount()));
        AssetBooks before = locked.books();
        before.overflow(posting).ifPresent(overflow -> {
            throw amountOverflow(booking, overflow);
        });
        before.refusal(posting).ifPresent(refusal -> {
            throw ProblemException.conflict("ledger-rule", "The booking would break the ledger: " + refusal
                    + ". Nothing was written.");
        });
        AssetBooks after = locked.post(transfer);
        audit.append(actor, "RECOVERY_BOOKED", "TRANSFER", transfer.id().toString(),
                AuditStates.json(balances(before, posting)), AuditStates.json(booked(transfer, after)), booking.reason());
        if (transfer.reasonCode() == TransferReason.RECOVERED_ON_CHAIN) {
            // Booked now, verified on-chain later: the booking never waits for (or is lost to) payout-service.
            verifications.addRecovery(incident, transfer);
        }
        return new Booked(transfer, false);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Transfer transfer(UUID incidentId, UUID transferId) {
        incidents.get(new IncidentId(incidentId));
        return store.byId(incidentId, transferId)
                .orElseThrow(() -> ProblemException.notFound("Transfer " + transferId + " of incident " + incidentId));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public TransferPage transfers(UUID incidentId, Optional<String> asset, int offset, int limit) {
        incidents.get(new IncidentId(incidentId));
        return new TransferPage(store.page(incidentId, asset, offset, limit), store.count(incidentId, asset));
    }

    public record TransferPage(List<Transfer> items, long total) {
    }

    /** Every asset of the incident with its books; assets nothing was booked on yet have empty books. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<String, AssetBooks> accounts(UUID incidentId) {
        Incident incident = incidents.get(new IncidentId(incidentId));
        Map<String, AssetBooks> stored = store.allBooks(incidentId);
        Map<String, AssetBooks> books = new LinkedHashMap<>();
        for (AssetSpec asset : incident.assets()) {
            books.put(asset.symbol(), stored.getOrDefault(asset.symbol(), AssetBooks.empty()));
        }
        return books;
    }

    private static Set<String> assetSymbols(Incident incident) {
        return incident.assets().stream().map(AssetSpec::symbol).collect(Collectors.toSet());
    }

    private Transfer correctable(UUID incidentId, RecoveryBooking booking, UUID transferId) {
        Transfer original = store.byId(incidentId, transferId).orElseThrow(() -> ProblemException.invalid(List.of(
                new FieldViolation("correctsTransferId", "no transfer " + transferId + " in this incident"))));
        if (!original.asset().equals(booking.asset())) {
            throw ProblemException.invalid(List.of(new FieldViolation("correctsTransferId",
                    "transfer " + transferId + " is of asset " + original.asset() + ", not " + booking.asset())));
        }
        if (!original.reasonCode().bookedByOperator() || original.reasonCode() == TransferReason.CORRECTION) {
            throw ProblemException.invalid(List.of(new FieldViolation("correctsTransferId",
                    "only an operator's booking can be corrected, not " + original.reasonCode())));
        }
        return original;
    }

    /** 422: the amount is a uint256 but the account total it adds to would no longer be one. */
    private static ProblemException amountOverflow(RecoveryBooking booking, AssetBooks.Overflow overflow) {
        String why = "booking " + booking.amount() + " " + booking.asset() + " would take the " + booking.asset() + " "
                + overflow.describe();
        return new ProblemException(new ProblemDetails(ProblemDetails.TYPE_PREFIX + "amount-overflow",
                "Amount would overflow a ledger account", 422, "The " + booking.asset() + " " + overflow.account()
                + " account cannot take this amount: " + why + ". Nothing was written.",
                List.of(new FieldViolation("amount", why))));
    }

    private void requireCorrectable(Transfer original, BigInteger amount) {
        BigInteger left = original.posting().amount().subtract(store.correctedAmount(original.id()));
        if (amount.compareTo(left) > 0) {
            throw ProblemException.conflict("ledger-rule", "Transfer " + original.id() + " has " + left
                    + " left to correct, less than " + amount + ". Nothing was written.");
        }
    }

    private static Map<String, Object> balances(AssetBooks books, Posting posting) {
        Map<String, Object> state = new LinkedHashMap<>();
        for (AccountType account : List.of(posting.debit(), posting.credit())) {
            state.put(account.name(), books.balance(account).toString());
        }
        return state;
    }

    private static Map<String, Object> booked(Transfer transfer, AssetBooks after) {
        Map<String, Object> state = balances(after, transfer.posting());
        state.put("transferId", transfer.id().toString());
        state.put("asset", transfer.asset());
        state.put("reasonCode", transfer.reasonCode().name());
        state.put("amount", transfer.posting().amount().toString());
        transfer.txHash().ifPresent(hash -> state.put("txHash", hash));
        transfer.counterparty().ifPresent(counterparty -> state.put("counterparty", counterparty));
        transfer.correctsTransferId().ifPresent(id -> state.put("correctsTransferId", id.toString()));
        return state;
    }
}
