package dev.restitution.portal.claimant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The EIP-712 typed data a claimant signs with a payout address's key, exactly as claims-service verifies
 * it: domain {@code Restitution/1/chainId}, {@code PayoutAddressProof(string incidentId,string accountId,
 * address payoutAddress,uint256 nonce,uint256 expiry)}. Shown to the person and handed to a browser wallet
 * (eth_signTypedData_v4) as the same JSON.
 */
@io.quarkus.qute.TemplateData
public record PayoutAddressTypedData(UUID incidentId, String accountId, long chainId, String payoutAddress, String nonce,
        long expiry) {

    private static final Pattern ADDRESS = Pattern.compile("^0x[0-9a-fA-F]{40}$");
    private static final Pattern DIGITS = Pattern.compile("^[0-9]{1,78}$");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public PayoutAddressTypedData {
        if (!isAddress(payoutAddress)) {
            throw new IllegalArgumentException("not an address: " + payoutAddress);
        }
        if (!DIGITS.matcher(nonce).matches()) {
            throw new IllegalArgumentException("the nonce is a uint256 in digits");
        }
    }

    public static boolean isAddress(String candidate) {
        return candidate != null && ADDRESS.matcher(candidate).matches();
    }

    public String json() {
        Map<String, Object> types = new LinkedHashMap<>();
        types.put("EIP712Domain", List.of(field("name", "string"), field("version", "string"), field("chainId", "uint256")));
        types.put("PayoutAddressProof", List.of(field("incidentId", "string"), field("accountId", "string"),
                field("payoutAddress", "address"), field("nonce", "uint256"), field("expiry", "uint256")));
        Map<String, Object> domain = new LinkedHashMap<>();
        domain.put("name", "Restitution");
        domain.put("version", "1");
        domain.put("chainId", chainId);
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("incidentId", incidentId.toString());
        message.put("accountId", accountId);
        message.put("payoutAddress", payoutAddress);
        message.put("nonce", nonce);
        message.put("expiry", expiry);
        Map<String, Object> typedData = new LinkedHashMap<>();
        typedData.put("types", types);
        typedData.put("primaryType", "PayoutAddressProof");
        typedData.put("domain", domain);
        typedData.put("message", message);
        try {
            return JSON.writeValueAsString(typedData);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException("maps of strings and numbers always serialize", impossible);
        }
    }

    private static Map<String, String> field(String name, String type) {
        Map<String, String> field = new LinkedHashMap<>();
        field.put("name", name);
        field.put("type", type);
        return field;
    }
}
