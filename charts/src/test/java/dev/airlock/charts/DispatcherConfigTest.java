package dev.airlock.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;

/** What the dispatcher reads: its properties file, its environment, its RBAC. */
class DispatcherConfigTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLASSES = "dispatcher.kubernetes.worker-classes.";

    @Test
    void workerClassesLandInTheConfigMapAsJson() throws IOException {
        // When
        Properties properties = properties(ValueCase.GPU_WORKERS.resources());

        // Then
        assertThat(properties.getProperty(CLASSES + "train.image")).isEqualTo("ghcr.io/airlock-dev/airlock-worker:0.1.0");
        assertThat(properties.getProperty(CLASSES + "train.service-account")).isEqualTo("airlock-worker-train");
        assertThat(json(properties, CLASSES + "train.node-selector").path("airlock.dev/pool").asText()).isEqualTo("cpu");
        assertThat(json(properties, CLASSES + "train.resources").path("limits").path("memory").asText()).isEqualTo("4Gi");
        assertThat(properties.getProperty(CLASSES + "gpu.image")).isEqualTo("ghcr.io/airlock-dev/airlock-worker-gpu:0.1.0");
        assertThat(properties.getProperty(CLASSES + "gpu.service-account")).isEqualTo("airlock-gpu-worker");
        assertThat(json(properties, CLASSES + "gpu.service-account-annotations").path("iam.gke.io/gcp-service-account")
                .asText()).isEqualTo("airlock-gpu@example.iam.gserviceaccount.com");
        assertThat(json(properties, CLASSES + "gpu.resources").path("limits").path("nvidia.com/gpu").asInt()).isEqualTo(1);
        assertThat(json(properties, CLASSES + "gpu.tolerations").get(0).path("key").asText()).isEqualTo("nvidia.com/gpu");
        assertThat(json(properties, CLASSES + "gpu.affinity").path("nodeAffinity").isObject()).isTrue();
        assertThat(json(properties, "dispatcher.kubernetes.image-pull-secrets").get(0).path("name").asText())
                .isEqualTo("airlock-registry");
    }

    @Test
    void theGpuClassIsOffByDefault() throws IOException {
        // When
        List<HasMetadata> resources = ValueCase.DEFAULTS.resources();

        // Then
        assertThat(properties(resources).stringPropertyNames()).noneMatch(key -> key.startsWith(CLASSES + "gpu."))
                .anyMatch(key -> key.startsWith(CLASSES + "evaluate."));
        assertThat(AirlockChart.all(resources, ServiceAccount.class))
                .extracting(account -> account.getMetadata().getName())
                .containsExactlyInAnyOrder("airlock-hub", "airlock-dispatcher", "airlock-worker-train",
                        "airlock-worker-generate", "airlock-worker-evaluate");
    }

    @Test
    void workerServiceAccountsCarryTheirAnnotationsAndNoToken() {
        // When
        ServiceAccount train = AirlockChart.find(ValueCase.GPU_WORKERS.resources(), ServiceAccount.class,
                "airlock-worker-train");

        // Then
        assertThat(train.getMetadata().getAnnotations())
                .containsEntry("eks.amazonaws.com/role-arn", "arn:aws:iam::123456789012:role/airlock-train");
        assertThat(train.getAutomountServiceAccountToken()).isFalse();
    }

    @Test
    void dataSourcesAreProperties() throws IOException {
        // When
        Properties properties = properties(ValueCase.EXTERNAL_SERVICES.resources());

        // Then
        assertThat(properties.getProperty("dispatcher.data-sources.claims.bucket")).isEqualTo("airlock-prod-source");
        assertThat(properties.getProperty("dispatcher.data-sources.claims.key")).isEqualTo("claims/2026.csv.gz");
    }

    @Test
    void theRoleAllowsJobsPodsReadTaskSecretsAndTheCancelLedgerOnly() {
        // When
        Role role = AirlockChart.find(ValueCase.DEFAULTS.resources(), Role.class, "airlock-dispatcher");

        // Then
        assertThat(role.getRules()).extracting(DispatcherConfigTest::rule).containsExactlyInAnyOrder(
                "batch/jobs: create,get,list,watch,delete",
                "/pods: get,list,watch",
                "/secrets: create,get,patch,delete",
                "/configmaps: create",
                "/configmaps[airlock-dispatcher-cancelled-tasks]: get,update");
        Map<String, EnvVar> env = env(ValueCase.DEFAULTS.resources());
        assertThat(env.get("DISPATCHER_KUBERNETES_CANCEL_LEDGER").getValue())
                .isEqualTo("airlock-dispatcher-cancelled-tasks");
    }

    @Test
    void keysComeFromTheEncryptionSecretAndTheEnvironment() {
        // When
        Map<String, EnvVar> env = env(ValueCase.DEFAULTS.resources());

        // Then
        assertThat(env.get("AIRLOCK_DS_ROOT_KEY").getValueFrom().getSecretKeyRef().getName())
                .isEqualTo("airlock-encryption-config");
        assertThat(env.get("AIRLOCK_ANALYSIS_ENCRYPTION_KEY").getValueFrom().getSecretKeyRef().getKey())
                .isEqualTo("AIRLOCK_ANALYSIS_ENCRYPTION_KEY");
        assertThat(env.get("AIRLOCK_TASK_VERIFY_KEY").getValueFrom().getSecretKeyRef().getName())
                .isEqualTo("airlock-dispatcher");
        assertThat(env.get("AIRLOCK_RABBITMQ_PASSWORD").getValueFrom().getSecretKeyRef().getName())
                .isEqualTo("airlock-rabbitmq");
        assertThat(env.get("AIRLOCK_S3_ACCESS_KEY").getValueFrom().getSecretKeyRef().getName())
                .isEqualTo("airlock-minio");
        assertThat(env.get("DISPATCHER_MESSAGING_HOST").getValue()).isEqualTo("airlock-rabbitmq");
        assertThat(env.get("DISPATCHER_STORE_ENDPOINT").getValue()).isEqualTo("http://airlock-minio:9000");
    }

    @Test
    void theChartCreatesTheEncryptionSecretFromInlineKeysOnly() {
        // When
        List<HasMetadata> defaults = ValueCase.DEFAULTS.resources();
        List<HasMetadata> inline = ValueCase.EXISTING_SECRETS.resources();

        // Then
        assertThat(AirlockChart.all(defaults, Secret.class)).extracting(secret -> secret.getMetadata().getName())
                .doesNotContain("airlock-encryption-config");
        Secret created = AirlockChart.find(inline, Secret.class, "airlock-encryption-config");
        assertThat(new String(Base64.getDecoder().decode(created.getData().get("AIRLOCK_ANALYSIS_ENCRYPTION_KEY")),
                StandardCharsets.UTF_8)).isEqualTo("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");
        assertThat(created.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");
    }

    @Test
    void externalServicesAreWhatTheAppsConnectTo() {
        // When
        List<HasMetadata> resources = ValueCase.EXTERNAL_SERVICES.resources();
        Map<String, EnvVar> dispatcher = env(resources);
        Map<String, EnvVar> hub = hubEnv(resources);

        // Then
        assertThat(dispatcher.get("DISPATCHER_MESSAGING_HOST").getValue()).isEqualTo("rabbitmq.messaging.svc");
        assertThat(dispatcher.get("DISPATCHER_MESSAGING_USERNAME").getValue()).isEqualTo("airlock-prod");
        assertThat(dispatcher.get("DISPATCHER_STORE_ENDPOINT").getValue()).isEqualTo("https://s3.eu-central-1.amazonaws.com");
        assertThat(dispatcher.get("AIRLOCK_S3_SECRET_KEY").getValueFrom().getSecretKeyRef().getName()).isEqualTo("airlock-s3");
        assertThat(hub.get("AIRLOCK_DB_URL").getValue())
                .isEqualTo("jdbc:postgresql://airlock.postgres.example.com:6432/airlock_prod");
        assertThat(hub.get("AIRLOCK_DB_PASSWORD").getValueFrom().getSecretKeyRef().getName()).isEqualTo("airlock-database");
        assertThat(hub.get("QUARKUS_OIDC_AUTH_SERVER_URL").getValue()).isEqualTo("https://login.example.com/realms/airlock");
        assertThat(hub.get("AIRLOCK_TASK_SIGNING_KEY").getValueFrom().getSecretKeyRef().getName())
                .isEqualTo("airlock-hub-signing");
    }

    @Test
    void bundledServicesUseTheOperatorsSecretsWhenNamed() {
        // When
        Map<String, EnvVar> hub = hubEnv(ValueCase.EXISTING_SECRETS.resources());

        // Then
        assertThat(hub.get("AIRLOCK_RABBITMQ_PASSWORD").getValueFrom().getSecretKeyRef().getName())
                .isEqualTo("airlock-broker-credentials");
        assertThat(hub.get("AIRLOCK_DB_PASSWORD").getValueFrom().getSecretKeyRef().getName())
                .isEqualTo("airlock-database-credentials");
        assertThat(hub.get("QUARKUS_OIDC_CREDENTIALS_SECRET").getValueFrom().getSecretKeyRef().getName())
                .isEqualTo("airlock-keycloak-credentials");
        assertThat(hub.get("AIRLOCK_TASK_SIGNING_KEY").getValueFrom().getSecretKeyRef().getKey()).isEqualTo("private-key");
    }

    @Test
    void authOffTurnsOidcAndKeycloakOff() {
        // When
        List<HasMetadata> resources = ValueCase.AUTH_OFF.resources();

        // Then
        assertThat(hubEnv(resources).get("QUARKUS_OIDC_TENANT_ENABLED").getValue()).isEqualTo("false");
        assertThat(resources).extracting(resource -> resource.getMetadata().getName())
                .noneMatch(name -> name.startsWith("airlock-keycloak"));
        ConfigMap nginx = AirlockChart.find(resources, ConfigMap.class, "airlock-nginx");
        assertThat(nginx.getData().get("nginx.conf")).doesNotContain("/auth/").contains("airlock-hub.airlock.svc");
    }

    private static String rule(PolicyRule rule) {
        String names = rule.getResourceNames() == null || rule.getResourceNames().isEmpty() ? ""
                : "[" + String.join(",", rule.getResourceNames()) + "]";
        return String.join(",", rule.getApiGroups()) + "/" + String.join(",", rule.getResources()) + names + ": "
                + String.join(",", rule.getVerbs());
    }

    static Properties properties(List<HasMetadata> resources) throws IOException {
        ConfigMap configMap = AirlockChart.find(resources, ConfigMap.class, "airlock-dispatcher");
        Properties properties = new Properties();
        properties.load(new StringReader(configMap.getData().get("application.properties")));
        return properties;
    }

    private static JsonNode json(Properties properties, String key) throws IOException {
        assertThat(properties.getProperty(key)).as(key).isNotNull();
        return JSON.readTree(properties.getProperty(key));
    }

    private static Map<String, EnvVar> env(List<HasMetadata> resources) {
        return envOf(AirlockChart.find(resources, Deployment.class, "airlock-dispatcher"));
    }

    private static Map<String, EnvVar> hubEnv(List<HasMetadata> resources) {
        return envOf(AirlockChart.find(resources, Deployment.class, "airlock-hub"));
    }

    private static Map<String, EnvVar> envOf(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .collect(java.util.stream.Collectors.toMap(EnvVar::getName, env -> env));
    }
}
