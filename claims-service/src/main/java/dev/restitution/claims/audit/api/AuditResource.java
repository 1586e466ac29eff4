package dev.restitution.claims.audit.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.restitution.claims.audit.persistence.ClaimsAuditLog;
import dev.restitution.claims.security.Roles;
import dev.restitution.contracts.claims.api.AuditApi;
import dev.restitution.contracts.claims.model.AuditBreak;
import dev.restitution.contracts.claims.model.AuditVerification;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Thin adapter between the generated audit API and {@link ClaimsAuditLog}: export as NDJSON or CSV, verification. */
public class AuditResource implements AuditApi {

    static final String NDJSON = "application/x-ndjson";
    static final String CSV = "text/csv";
    private static final List<String> COLUMNS = List.of("id", "chainId", "sequence", "version", "at", "actorSubjectId",
            "actorUsername", "action", "before", "after", "previousHash", "hash");

    private final ClaimsAuditLog log;
    private final ObjectMapper json;

    @Context
    HttpHeaders headers;

    public AuditResource(ClaimsAuditLog log, ObjectMapper json) {
        this.log = log;
        this.json = json;
    }

    @Override
    @RolesAllowed(Roles.AUDITOR)
    public Response exportAuditEntries(Long afterId, Integer limit) {
        List<Map<String, Object>> rows = log.page(afterId, limit).stream().map(AuditResource::columns).toList();
        if (wantsCsv()) {
            String body = Stream.concat(Stream.of(String.join(",", COLUMNS)),
                    rows.stream().map(row -> row.values().stream().map(value -> csv(String.valueOf(value)))
                            .collect(Collectors.joining(",")))).collect(Collectors.joining("\r\n", "", "\r\n"));
            return Response.ok(body, CSV + "; charset=utf-8").build();
        }
        String body = rows.stream().map(this::jsonLine).map(line -> line + "\n").collect(Collectors.joining());
        return Response.ok(body, NDJSON).build();
    }

    @Override
    @RolesAllowed(Roles.AUDITOR)
    public Response verifyAuditLog() {
        ClaimsAuditLog.Verification verification = log.verify();
        return Response.ok(new AuditVerification()
                .intact(verification.intact())
                .chains(verification.chains())
                .entries(verification.entries())
                .breaks(verification.breaks().stream().map(broken -> new AuditBreak()
                        .chainId(broken.chainId()).detail(broken.detail())).toList())).build();
    }

    /** CSV only when asked for before NDJSON; NDJSON is the default. */
    private boolean wantsCsv() {
        for (MediaType accepted : headers.getAcceptableMediaTypes()) {
            String type = accepted.getType() + "/" + accepted.getSubtype();
            if (CSV.equals(type)) {
                return true;
            }
            if (NDJSON.equals(type)) {
                return false;
            }
        }
        return false;
    }

    private static Map<String, Object> columns(ClaimsAuditLog.Row row) {
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("id", row.id());
        columns.put("chainId", row.entry().claimId().toString());
        columns.put("sequence", row.entry().sequence());
        columns.put("version", row.entry().version());
        columns.put("at", row.entry().at().toString());
        columns.put("actorSubjectId", row.entry().actor().subjectId());
        columns.put("actorUsername", row.entry().actor().username());
        columns.put("action", row.entry().action());
        columns.put("before", row.entry().before());
        columns.put("after", row.entry().after());
        columns.put("previousHash", row.entry().previousHash());
        columns.put("hash", row.entry().hash());
        return columns;
    }

    private String jsonLine(Map<String, Object> row) {
        try {
            return json.writeValueAsString(row);
        } catch (JsonProcessingException failure) {
            throw new IllegalStateException("audit row not serialisable", failure);
        }
    }

    /** RFC 4180: quoted when it holds a comma, quote or line break, quotes doubled. */
    static String csv(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }
}
