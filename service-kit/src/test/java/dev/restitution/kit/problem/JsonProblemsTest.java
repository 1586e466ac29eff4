package dev.restitution.kit.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.restitution.contracts.claims.model.DecisionProposal;
import dev.restitution.contracts.json.StrictJson;
import dev.restitution.contracts.ledger.model.AssetDeclaration;
import dev.restitution.contracts.ledger.model.IncidentDeclaration;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonProblemsTest {

    private static final ObjectMapper MAPPER = StrictJson.configure(
            JsonMapper.builder().addModule(new JavaTimeModule()).build());

    private static final String DECLARATION = """
            {"exchange":"ExampleX","title":"Hot wallet","cutoffAt":"2026-01-01T00:00:00Z",
             "assets":[{"symbol":"ETH","chainId":1,"decimals":18}]}""";

    @Test
    void aValidDocumentIsReadAsWritten() throws JsonProcessingException {
        // Why: strictness must refuse only what is wrong; the documented form still reads.
        IncidentDeclaration declaration = MAPPER.readValue(DECLARATION, IncidentDeclaration.class);
        assertEquals(18, declaration.getAssets().getFirst().getDecimals());
        assertEquals("ExampleX", declaration.getExchange());
    }

    @Test
    void contentAfterTheDocumentIsRefusedNamingTheBody() {
        // Why: a withdrawal with trailing garbage withdrew a claim; a document is all of the body or nothing.
        assertRefused(DECLARATION + " {\"exchange\":\"other\"}", IncidentDeclaration.class,
                "body", "has content after the JSON document");
    }

    @Test
    void aKeyGivenTwiceIsRefusedNamingItWhereverItSits() {
        // Why: with two values for one key a reader cannot know which one the sender meant.
        assertRefused("{\"decision\":\"APPROVE\",\"decision\":\"REJECT\"}", DecisionProposal.class,
                "decision", "is given more than once");
        assertRefused(DECLARATION.replace("\"decimals\":18", "\"decimals\":18,\"decimals\":6"),
                IncidentDeclaration.class, "assets[0].decimals", "is given more than once");
    }

    @Test
    void valuesDoNotChangeTheirJsonType() {
        // Why: "18" is not the integer 18, 18.7 is not 18 and 1 is not a name: each guess stored something unsaid.
        assertRefused(DECLARATION.replace("\"decimals\":18", "\"decimals\":\"18\""), IncidentDeclaration.class,
                "assets[0].decimals", "expected an integer without fraction or quotes from -2147483648 to 2147483647");
        assertRefused(DECLARATION.replace("\"decimals\":18", "\"decimals\":18.7"), IncidentDeclaration.class,
                "assets[0].decimals", "expected an integer without fraction or quotes from -2147483648 to 2147483647");
        assertRefused(DECLARATION.replace("\"chainId\":1", "\"chainId\":1.5"), IncidentDeclaration.class,
                "assets[0].chainId", "expected an integer without fraction or quotes from "
                        + Long.MIN_VALUE + " to " + Long.MAX_VALUE);
        assertRefused(DECLARATION.replace("\"ExampleX\"", "42"), IncidentDeclaration.class,
                "exchange", "expected a string");
        assertRefused(DECLARATION.replace("\"ExampleX\"", "true"), IncidentDeclaration.class,
                "exchange", "expected a string");
    }

    @Test
    void anIntegerBeyondItsTypeIsRefusedAsOutOfRange() {
        // Why: an overflow answered a bare "HTTP 400 Bad Request" that named nothing.
        assertRefused(DECLARATION.replace("\"decimals\":18", "\"decimals\":99999999999"), IncidentDeclaration.class,
                "assets[0].decimals", "is out of range for an integer without fraction or quotes from -2147483648 to 2147483647");
    }

    @Test
    void aNumberIsNoDate() {
        // Why: Jackson would read 1700000000 as seconds since the epoch; the document asks for ISO-8601.
        assertRefused(DECLARATION.replace("\"2026-01-01T00:00:00Z\"", "1700000000"), IncidentDeclaration.class,
                "cutoffAt", StrictJson.DATE_AS_STRING);
    }

    @Test
    void aStringHoldingTheNulCharacterIsRefusedNamingTheField() {
        // Why: PostgreSQL cannot store U+0000 in text; letting it through answered 500 after a half-done request.
        assertRefused(DECLARATION.replace("Hot wallet", "Hot\\u0000wallet"), IncidentDeclaration.class,
                "title", StrictJson.NUL_CHARACTER);
    }

    @Test
    void nullIsRefusedForOptionalAndRequiredFieldsAlike() {
        // Why: "lines":null on a review proposal was a NullPointerException (500); an absent value is left out.
        assertRefused("{\"decision\":\"APPROVE\",\"lines\":null}", DecisionProposal.class,
                "lines", "must not be null (leave an optional field out instead)");
        assertRefused(DECLARATION.replace("\"ExampleX\"", "null"), IncidentDeclaration.class,
                "exchange", "must not be null (leave an optional field out instead)");
        assertRefused(DECLARATION.replace("[{\"symbol\"", "[null,{\"symbol\""), IncidentDeclaration.class,
                "assets[0]", "must not be null (leave an optional field out instead)");
    }

    @Test
    void anUnknownEnumValueOrANumberForAnEnumNamesTheAllowedValues() {
        // Why: an unknown enum value answered a bare 400; the caller needs to know what is allowed.
        assertRefused("{\"decision\":\"MAYBE\"}", DecisionProposal.class, "decision", "expected one of [APPROVE, REJECT]");
        assertRefused("{\"decision\":0}", DecisionProposal.class, "decision", "expected one of [APPROVE, REJECT]");
    }

    @Test
    void malformedJsonSaysWhere() {
        // Why: "HTTP 400 Bad Request" alone does not tell an integrator what to fix.
        ProblemDetails problem = problemOf("{\"decision\":", DecisionProposal.class);
        assertEquals(400, problem.status());
        assertTrue(problem.type().endsWith("/malformed-json"), problem.type());
    }

    @Test
    void nothingAbsentIsWrittenAsNull() throws JsonProcessingException {
        // Why: strict generated clients refuse null where the document marks nothing nullable.
        String written = MAPPER.writeValueAsString(new AssetDeclaration().symbol("ETH").chainId(1L).decimals(18));
        assertEquals("{\"symbol\":\"ETH\",\"chainId\":1,\"decimals\":18}", written);
    }

    private static void assertRefused(String json, Class<?> type, String field, String message) {
        ProblemDetails problem = problemOf(json, type);
        assertEquals(400, problem.status());
        assertEquals(List.of(new FieldViolation(field, message)), problem.errors(), json);
    }

    private static ProblemDetails problemOf(String json, Class<?> type) {
        JsonProcessingException refusal = assertThrows(JsonProcessingException.class, () -> MAPPER.readValue(json, type));
        return JsonProblems.of(refusal);
    }
}
