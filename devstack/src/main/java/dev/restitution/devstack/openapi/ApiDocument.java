package dev.restitution.devstack.openapi;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The OpenAPI document a service serves: its build copies its own document from contracts/openapi
 * (shared parts inlined) to {@value #RESOURCE} on its class path, so a test of ledger-service reads
 * ledger.yaml, of claims-service claims.yaml, and so on, without naming it.
 */
public final class ApiDocument {

    /** Where every service's build puts the document it serves (and Quarkus serves at /q/openapi). */
    public static final String RESOURCE = "META-INF/openapi.yaml";

    private final String text;
    private final OpenAPI model;

    private ApiDocument(String text, OpenAPI model) {
        this.text = text;
        this.model = model;
    }

    /** The document of the service whose classes are on the current thread's class path. */
    public static ApiDocument served() {
        return served(Thread.currentThread().getContextClassLoader());
    }

    static ApiDocument served(ClassLoader loader) {
        return onClassPath(loader, RESOURCE, "the service's build copies it from contracts");
    }

    /**
     * A document the contracts module bundles ({@code META-INF/openapi/<name>.yaml}) that no service serves: the
     * portal's public JSON ({@code transparency}).
     */
    public static ApiDocument bundled(String name) {
        return onClassPath(Thread.currentThread().getContextClassLoader(), "META-INF/openapi/" + name + ".yaml",
                "the contracts module bundles it");
    }

    private static ApiDocument onClassPath(ClassLoader loader, String resource, String whence) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the class path: " + whence);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    static ApiDocument parse(String text) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(text, null, options);
        if (parsed.getOpenAPI() == null || (parsed.getMessages() != null && !parsed.getMessages().isEmpty())) {
            throw new IllegalStateException("the API document does not parse: " + parsed.getMessages());
        }
        return new ApiDocument(text, parsed.getOpenAPI());
    }

    public OpenAPI model() {
        return model;
    }

    /**
     * Checks requests and responses strictly: every message is an error, and an object may carry only
     * the properties its schema names (the validator's default, kept on purpose).
     */
    OpenApiInteractionValidator validator() {
        return OpenApiInteractionValidator.createForInlineApiSpecification(text).build();
    }
}
