package dev.airlock.worker;

import java.security.KeyPair;
import java.util.concurrent.Callable;

import dev.airlock.common.contract.WorkerExitCode;
import dev.airlock.common.crypto.Ed25519Keys;
import picocli.CommandLine.Command;

/** {@code keygen}: a fresh Ed25519 key pair for task signing, as environment lines. */
@Command(name = "keygen", mixinStandardHelpOptions = true, description = "Print a new Ed25519 key pair for task signing: the private key for the hub "
        + "(AIRLOCK_TASK_SIGNING_KEY), the public key for the dispatcher (AIRLOCK_TASK_VERIFY_KEY).")
final class KeygenCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        KeyPair pair = Ed25519Keys.generate();
        System.out.println("AIRLOCK_TASK_SIGNING_KEY=" + Ed25519Keys.encode(pair.getPrivate()));
        System.out.println("AIRLOCK_TASK_VERIFY_KEY=" + Ed25519Keys.encode(pair.getPublic()));
        return WorkerExitCode.OK;
    }
}
