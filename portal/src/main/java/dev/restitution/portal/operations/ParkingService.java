package dev.restitution.portal.operations;

import dev.restitution.portal.web.FormProblem;
import dev.restitution.portal.web.FormRejected;
import java.util.Arrays;
import java.util.Map;

/** The services whose consumers park events, as the dead-letter pages name them in their paths. */
public enum ParkingService {
    LEDGER("ledger", "ledger-service"),
    CLAIMS("claims", "claims-service"),
    PAYOUT("payout", "payout-service");

    private final String key;
    private final String service;

    ParkingService(String key, String service) {
        this.key = key;
        this.service = service;
    }

    public String key() {
        return key;
    }

    public String getKey() {
        return key;
    }

    public String getService() {
        return service;
    }

    static ParkingService named(String key) {
        return Arrays.stream(values()).filter(candidate -> candidate.key.equals(key)).findFirst()
                .orElseThrow(() -> new FormRejected(FormProblem.DEAD_LETTER_SERVICE_UNKNOWN,
                        Map.of("service", key)));
    }
}
