package dev.restitution.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The services' HTTP APIs as a person's client calls them: with that person's bearer token, JSON in and
 * out. Any status other than the expected one stops the caller with the service's problem body.
 */
final class Api {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A snapshot upload of thousands of rows is the slowest call; none takes a minute. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    JsonNode get(String url, String token) {
        return send(request(url, token).GET().build(), Set.of(200));
    }

    /** POSTs body (null: no body) as JSON and expects status. */
    JsonNode post(String url, String token, Object body, int status, Map<String, String> headers) {
        return post(url, token, body, Set.of(status), headers);
    }

    /** POSTs body (null: no body) as JSON and expects one of statuses (e.g. 201 new, 200 the same again). */
    JsonNode post(String url, String token, Object body, Set<Integer> statuses, Map<String, String> headers) {
        HttpRequest.Builder request = request(url, token);
        headers.forEach(request::header);
        if (body == null) {
            request.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json(body)));
        }
        return send(request.build(), statuses);
    }

    JsonNode post(String url, String token, Object body, int status) {
        return post(url, token, body, status, Map.of());
    }

    JsonNode put(String url, String token, Object body, int status) {
        return send(request(url, token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json(body))).build(), Set.of(status));
    }

    /** POSTs an HTML form without a bearer token (an OAuth token request) and expects 200. */
    JsonNode form(String url, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), Set.of(200));
    }

    /** PUTs or POSTs raw bytes of the given content type (snapshot files, evidence). */
    JsonNode upload(String method, String url, String token, String contentType, byte[] body, int status) {
        return send(request(url, token).header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build(), Set.of(status));
    }

    private static HttpRequest.Builder request(String url, String token) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + token).header("Accept", "application/json, application/problem+json");
    }

    private JsonNode send(HttpRequest request, Set<Integer> expectedStatuses) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(request.method() + " " + request.uri() + " interrupted", e);
        }
        if (!expectedStatuses.contains(response.statusCode())) {
            throw new ApiException(request.method() + " " + request.uri(), response.statusCode(), response.body());
        }
        try {
            return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(request.uri() + " answered what is not JSON: " + response.body(), e);
        }
    }

    private static String json(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + body + " as JSON", e);
        }
    }

    /** A call answered with another status than expected; the problem body says why. */
    static final class ApiException extends IllegalStateException {
        private final int status;
        private final String body;

        ApiException(String call, int status, String body) {
            super(call + " answered " + status + ": " + body);
            this.status = status;
            this.body = body;
        }

        int status() {
            return status;
        }

        /** Whether the answer is the problem of type {@code /problems/<problemType>}. */
        boolean isProblem(int expectedStatus, String problemType) {
            if (status != expectedStatus) {
                return false;
            }
            try {
                return JSON.readTree(body).path("type").asText().endsWith("/problems/" + problemType);
            } catch (JsonProcessingException e) {
                return false;
            }
        }
    }
}
