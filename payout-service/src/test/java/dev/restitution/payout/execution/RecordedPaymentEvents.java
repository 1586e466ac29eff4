package dev.restitution.payout.execution;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records the execution events the tests expect, with whether each arrived inside a transaction. */
@ApplicationScoped
public class RecordedPaymentEvents {

    public record Recorded(Object event, boolean insideTransaction) {
    }

    private final List<Recorded> events = new CopyOnWriteArrayList<>();
    private final TransactionSynchronizationRegistry transactions;

    public RecordedPaymentEvents(TransactionSynchronizationRegistry transactions) {
        this.transactions = transactions;
    }

    void confirmed(@Observes PaymentConfirmed event) {
        events.add(new Recorded(event, transactions.getTransactionKey() != null));
    }

    void failed(@Observes PaymentFailed event) {
        events.add(new Recorded(event, transactions.getTransactionKey() != null));
    }

    public List<PaymentConfirmed> confirmedFor(UUID orderId) {
        return events.stream().map(Recorded::event).filter(PaymentConfirmed.class::isInstance)
                .map(PaymentConfirmed.class::cast).filter(event -> event.orderId().equals(orderId)).toList();
    }

    public List<PaymentFailed> failedFor(UUID orderId) {
        return events.stream().map(Recorded::event).filter(PaymentFailed.class::isInstance)
                .map(PaymentFailed.class::cast).filter(event -> event.orderId().equals(orderId)).toList();
    }

    public Optional<Boolean> insideTransaction(UUID orderId) {
        return events.stream().filter(recorded -> switch (recorded.event()) {
            case PaymentConfirmed confirmed -> confirmed.orderId().equals(orderId);
            case PaymentFailed failed -> failed.orderId().equals(orderId);
            default -> false;
        }).map(Recorded::insideTransaction).findFirst();
    }
}
