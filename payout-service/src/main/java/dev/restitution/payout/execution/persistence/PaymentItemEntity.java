package dev.restitution.payout.execution.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.math.BigInteger;
import java.util.Objects;
import java.util.UUID;

@Entity
@Table(name = "payment_item")
@IdClass(PaymentItemEntity.Key.class)
public class PaymentItemEntity {

    @Id
    @ManyToOne(optional = false)
    @JoinColumn(name = "order_id")
    public PaymentOrderEntity order;

    @Id
    @Column(nullable = false)
    public int position;

    @Column(name = "instruction_id", nullable = false)
    public UUID instructionId;

    @Column(nullable = false)
    public String recipient;

    @Column(name = "amount_minor_units", nullable = false, precision = 78, scale = 0)
    public BigInteger amountMinorUnits;

    public static class Key implements Serializable {
        public UUID order;
        public int position;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(order, key.order) && position == key.position;
        }

        @Override
        public int hashCode() {
            return Objects.hash(order, position);
        }
    }
}
