package dev.airlock.hub.report;

import java.io.InputStream;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.airlock.common.store.ObjectNotFoundException;
import dev.airlock.common.store.ObjectStore;
import dev.airlock.common.store.ObjectStoreSettings;
import dev.airlock.hub.config.HubConfig;
import dev.airlock.hub.problem.NotFoundException;
import dev.airlock.hub.problem.UnavailableException;

/** Read access to the shared bucket: what tasks wrote there (reports, synthetic tables, models). */
@ApplicationScoped
public class SharedStore {

    private final Optional<ObjectStore> store;
    private final String bucket;

    SharedStore(HubConfig config) {
        HubConfig.Store settings = config.store();
        this.store = settings.endpoint().map(endpoint -> new ObjectStore(new ObjectStoreSettings(endpoint,
                settings.accessKey().orElse(""), settings.secretKey().orElse(""), settings.region())));
        this.bucket = settings.sharedBucket();
    }

    /** @return whether the hub was given a store */
    public boolean configured() {
        return store.isPresent();
    }

    /**
     * @param key an artifact's key
     * @return its bytes
     */
    public byte[] read(String key) {
        try {
            return store().read(bucket, key);
        } catch (ObjectNotFoundException e) {
            throw new NotFoundException("artifact " + key + " is not in the shared store");
        }
    }

    /**
     * @param key an artifact's key
     * @return a stream of it; the caller closes it
     */
    public InputStream open(String key) {
        try {
            return store().open(bucket, key);
        } catch (ObjectNotFoundException e) {
            throw new NotFoundException("artifact " + key + " is not in the shared store");
        }
    }

    private ObjectStore store() {
        return store.orElseThrow(() -> new UnavailableException(
                "the hub has no shared store configured (hub.store.endpoint / AIRLOCK_S3_ENDPOINT)"));
    }
}
