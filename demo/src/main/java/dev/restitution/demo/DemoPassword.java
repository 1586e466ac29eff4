package dev.restitution.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * The crowd's password credential, hashed once by the demo the way the realm stores passwords, and registered with every
 * crowd claimant as a stored credential ({@code secretData}/{@code credentialData}, as a realm import carries them).
 * Every demo claimant has the same published demo password, so one hash and salt stand for all of them; Keycloak then
 * hashes once per claimant (at sign-in) instead of twice, which halves its share of seeding. Only Argon2 credentials
 * (Keycloak's default) are reproduced; for any other algorithm the realm hashes the plain password itself.
 */
record DemoPassword(String secretData, String credentialData) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SALT_BYTES = 16;

    DemoPassword {
        Objects.requireNonNull(secretData, "secretData");
        Objects.requireNonNull(credentialData, "credentialData");
    }

    /**
     * The password hashed with the parameters of {@code credentialData} (a password credential Keycloak stored, as its
     * admin API lists it) and a fresh salt; empty when that credential is not Argon2.
     */
    static Optional<DemoPassword> hashedLike(String credentialData, String password) {
        JsonNode stored = read(credentialData);
        if (!"argon2".equals(stored.path("algorithm").asText())) {
            return Optional.empty();
        }
        JsonNode parameters = stored.path("additionalParameters");
        Argon2Parameters.Builder builder = new Argon2Parameters.Builder(type(single(parameters, "type")))
                .withVersion(version(single(parameters, "version")))
                .withIterations(positive(stored.path("hashIterations").asInt(), "hashIterations"))
                .withMemoryAsKB(positive(Integer.parseInt(single(parameters, "memory")), "memory"))
                .withParallelism(positive(Integer.parseInt(single(parameters, "parallelism")), "parallelism"));
        byte[] salt = new byte[SALT_BYTES];
        new SecureRandom().nextBytes(salt);
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(builder.withSalt(salt).build());
        byte[] hash = new byte[positive(Integer.parseInt(single(parameters, "hashLength")), "hashLength")];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), hash);
        Base64.Encoder base64 = Base64.getEncoder();
        ObjectNode secret = JSON.createObjectNode()
                .put("value", base64.encodeToString(hash))
                .put("salt", base64.encodeToString(salt));
        secret.putObject("additionalParameters");
        return Optional.of(new DemoPassword(secret.toString(), credentialData));
    }

    /** The credential as the admin API's user representation takes a stored one. */
    Map<String, Object> credential() {
        return Map.of("type", "password", "secretData", secretData, "credentialData", credentialData);
    }

    private static JsonNode read(String credentialData) {
        try {
            return JSON.readTree(credentialData);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("a password credential's data is JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String single(JsonNode parameters, String name) {
        JsonNode values = parameters.path(name);
        if (!values.isArray() || values.size() != 1) {
            throw new IllegalArgumentException("an Argon2 credential names one " + name + ", not " + values);
        }
        return values.get(0).asText();
    }

    private static int type(String type) {
        return switch (type) {
            case "id" -> Argon2Parameters.ARGON2_id;
            case "i" -> Argon2Parameters.ARGON2_i;
            case "d" -> Argon2Parameters.ARGON2_d;
            default -> throw new IllegalArgumentException("no Argon2 type " + type);
        };
    }

    private static int version(String version) {
        return switch (version) {
            case "1.3" -> Argon2Parameters.ARGON2_VERSION_13;
            case "1.0" -> Argon2Parameters.ARGON2_VERSION_10;
            default -> throw new IllegalArgumentException("no Argon2 version " + version);
        };
    }

    private static int positive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException("an Argon2 credential's " + name + " is positive, not " + value);
        }
        return value;
    }
}
