package dev.restitution.payout.rail;

import dev.restitution.payout.execution.PaymentMethod;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.List;

/** Every rail the service pays by; each payment method is paid by exactly one. */
@ApplicationScoped
public class PaymentRails {

    private final List<PaymentRail> rails;

    public PaymentRails(Instance<PaymentRail> rails) {
        this.rails = rails.stream().toList();
        for (PaymentMethod method : PaymentMethod.values()) {
            long paying = this.rails.stream().filter(rail -> rail.pays(method)).count();
            if (paying != 1) {
                throw new IllegalStateException(paying + " rails pay " + method + "; exactly one must");
            }
        }
    }

    /** The rail that pays {@code method}. */
    public PaymentRail railFor(PaymentMethod method) {
        return rails.stream().filter(rail -> rail.pays(method)).findFirst().orElseThrow();
    }

    public List<PaymentRail> all() {
        return rails;
    }
}
