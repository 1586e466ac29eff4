package dev.restitution.ledger.snapshot;

import dev.restitution.ledger.snapshot.domain.AssetTotals;
import dev.restitution.ledger.snapshot.domain.ImportState;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How the audit log states a snapshot import. */
final class ImportStates {

    private ImportStates() {
    }

    /** The LOADED import as audited: its state, rows read, Merkle root and per-asset totals. */
    static Map<String, Object> loaded(long rowsRead, byte[] merkleRoot, List<AssetTotals.Total> totals) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("state", ImportState.LOADED.name());
        state.put("rowsRead", rowsRead);
        state.put("merkleRoot", "0x" + HexFormat.of().formatHex(merkleRoot));
        state.put("totals", totals.stream().map(total -> Map.of("asset", total.asset(),
                "total", total.total().toString(), "rows", total.rows())).toList());
        return state;
    }
}
