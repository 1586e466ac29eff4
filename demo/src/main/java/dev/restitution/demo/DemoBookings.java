package dev.restitution.demo;

import java.math.BigInteger;
import java.util.Map;

/** The demo's recovery bookings that come in pairs (frozen by an issuer, then released), each booked once. */
final class DemoBookings {

    private DemoBookings() {
    }

    static void freezeAndRelease(Api api, String incidentId, String recoveries, String token, String asset, String issuer,
                                 BigInteger frozen, BigInteger released) {
        if (frozen.signum() > 0) {
            api.post(recoveries, token, Map.of("assetSymbol", asset, "kind", "FROZEN_BY_COUNTERPARTY", "amount",
                    frozen.toString(), "counterparty", issuer, "reason", issuer + " froze the attacker's " + asset + "."), 201,
                    idempotencyKey(incidentId, asset, "FROZEN_BY_COUNTERPARTY"));
        }
        if (released.signum() > 0) {
            api.post(recoveries, token, Map.of("assetSymbol", asset, "kind", "RELEASED_BY_COUNTERPARTY", "amount",
                    released.toString(), "counterparty", issuer, "reason", issuer + " released frozen " + asset + " to us."), 201,
                    idempotencyKey(incidentId, asset, "RELEASED_BY_COUNTERPARTY"));
        }
    }

    /** One booking per incident, asset and kind: a repeated seeding step books nothing twice. */
    static Map<String, String> idempotencyKey(String incidentId, String asset, String kind) {
        return Map.of("Idempotency-Key", "demo-" + incidentId + "-" + asset + "-" + kind);
    }
}
