package dev.airlock.dispatcher.zone;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.airlock.common.contract.DataSourceKind;
import dev.airlock.common.contract.DataSourceSpec;
import dev.airlock.common.contract.TaskRequest;
import dev.airlock.common.contract.WorkerEnvironment;
import dev.airlock.common.crypto.CredentialSealer;
import dev.airlock.common.crypto.CryptoException;
import dev.airlock.common.crypto.ZoneKeys;

/**
 * Turns a data source the hub defined (sent with the task, credentials sealed to this zone) into the worker's
 * environment, opening the credentials with the zone's key. Used by the intake and, with the secrets hidden, by
 * {@code render-job}.
 */
public final class SourceEnvironment {

    private SourceEnvironment() {
    }

    /**
     * @param task a task whose {@link TaskRequest#source()} is set
     * @param keys the zone's keys; {@code null} to put {@code hidden} in place of every credential
     * @param allowedHosts hosts data sources may name, empty for any
     * @param hidden the text that stands for a credential when {@code keys} is {@code null}
     * @param environment the worker's environment to add to
     * @return why the source cannot be used, or empty when the environment is complete; never names a credential
     */
    public static Optional<String> put(TaskRequest task, ZoneKeys keys, List<String> allowedHosts, String hidden,
            Map<String, String> environment) {
        DataSourceSpec spec = task.source();
        String name = "data source '" + task.dataSource() + "'";
        String host = spec.kind() == DataSourceKind.S3
                ? spec.endpoint() == null ? null : URI.create(spec.endpoint()).getHost()
                : spec.host();
        if (host != null && !allowedHosts.isEmpty() && allowedHosts.stream().noneMatch(pattern -> matches(pattern, host))) {
            return Optional.of(name + " names host " + host + ", which this zone does not allow "
                    + "(dispatcher.allowed-source-hosts)");
        }
        Map<String, String> credentials = Map.of();
        if (spec.credentials() != null && keys != null) {
            try {
                credentials = CredentialSealer.open(spec.credentials(), keys,
                        CredentialSealer.context(task.project(), task.dataSource(), spec.kind().wireName()));
            } catch (CryptoException e) {
                return Optional.of(name + ": " + e.getMessage());
            }
        } else if (spec.credentials() != null) {
            credentials = Map.of("accessKey", hidden, "secretKey", hidden, "username", hidden, "password", hidden);
        }
        environment.put(WorkerEnvironment.SOURCE_KIND, spec.kind().wireName());
        if (spec.kind() == DataSourceKind.S3) {
            environment.put(WorkerEnvironment.SOURCE_BUCKET, spec.bucket());
            environment.put(WorkerEnvironment.SOURCE_KEY, spec.key());
            putIfPresent(environment, WorkerEnvironment.SOURCE_ENDPOINT, spec.endpoint());
            putIfPresent(environment, WorkerEnvironment.SOURCE_ACCESS_KEY, credentials.get("accessKey"));
            putIfPresent(environment, WorkerEnvironment.SOURCE_SECRET_KEY, credentials.get("secretKey"));
        } else {
            environment.put(WorkerEnvironment.SOURCE_JDBC_URL, spec.jdbcUrl());
            environment.put(WorkerEnvironment.SOURCE_TABLE, spec.table());
            putIfPresent(environment, WorkerEnvironment.SOURCE_USERNAME, credentials.get("username"));
            putIfPresent(environment, WorkerEnvironment.SOURCE_PASSWORD, credentials.get("password"));
        }
        return Optional.empty();
    }

    static boolean matches(String pattern, String host) {
        String wanted = pattern.strip().toLowerCase(Locale.ROOT);
        String actual = host.toLowerCase(Locale.ROOT);
        if (wanted.startsWith("*.")) {
            return actual.endsWith(wanted.substring(1));
        }
        return actual.equals(wanted);
    }

    private static void putIfPresent(Map<String, String> environment, String name, String value) {
        if (value != null && !value.isEmpty()) {
            environment.put(name, value);
        }
    }
}
