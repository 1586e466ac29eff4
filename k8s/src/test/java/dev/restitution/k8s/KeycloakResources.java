package dev.restitution.k8s;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import java.util.Map;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * The Keycloak operator's custom resources (k8s.keycloak.org/v2alpha1), as far as Restitution uses them.
 *
 * <p>The operator publishes no Java model or schema artifact to the registries reachable here, so these
 * records mirror the fields of its CRD classes ({@code org.keycloak.operator.crds.v2alpha1}: KeycloakSpec,
 * DatabaseSpec, HttpSpec, HostnameSpec, ProxySpec, IngressSpec, KeycloakRealmImportSpec, Placeholder)
 * under the same names and types. A field the manifests use but these records lack fails the strict
 * parse: add it here only after checking it against the operator's CRD. The realm itself is parsed with
 * Keycloak's own {@link RealmRepresentation} from keycloak-core.
 */
public final class KeycloakResources {

    private KeycloakResources() {
    }

    public record Keycloak(String apiVersion, String kind, ObjectMeta metadata, KeycloakSpec spec) {
    }

    public record KeycloakSpec(
            Integer instances,
            String image,
            Boolean startOptimized,
            Database db,
            Http http,
            Hostname hostname,
            Proxy proxy,
            Ingress ingress,
            ResourceRequirements resources) {
    }

    public record Database(
            String vendor,
            String host,
            Integer port,
            String database,
            String schema,
            String url,
            SecretKeySelector usernameSecret,
            SecretKeySelector passwordSecret,
            Integer poolInitialSize,
            Integer poolMinSize,
            Integer poolMaxSize) {
    }

    public record Http(String tlsSecret, Boolean httpEnabled, Integer httpPort, Integer httpsPort) {
    }

    public record Hostname(String hostname, String admin, Boolean strict, Boolean backchannelDynamic) {
    }

    public record Proxy(String headers) {
    }

    public record Ingress(Boolean enabled, String className, Map<String, String> annotations, String tlsSecret) {
    }

    public record KeycloakRealmImport(String apiVersion, String kind, ObjectMeta metadata, RealmImportSpec spec) {
    }

    public record RealmImportSpec(String keycloakCRName, RealmRepresentation realm, Map<String, Placeholder> placeholders) {
    }

    public record Placeholder(SecretKeySelector secret) {
    }
}
