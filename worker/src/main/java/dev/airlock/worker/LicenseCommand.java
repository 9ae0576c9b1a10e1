package dev.airlock.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.concurrent.Callable;

import dev.airlock.common.contract.WorkerExitCode;
import dev.airlock.common.crypto.Ed25519Keys;
import dev.airlock.common.license.LicenseSigner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code license}: issue licenses for dispatchers (ARCHITECTURE §7). */
@Command(name = "license", mixinStandardHelpOptions = true, description = "Issue dispatcher licenses: a key pair for "
        + "the issuer, and the signature (features.sig.json) of a features.json.", subcommands = {
                LicenseCommand.Keygen.class, LicenseCommand.Sign.class })
final class LicenseCommand {

    /** {@code license keygen}: a fresh issuer key pair. */
    @Command(name = "keygen", mixinStandardHelpOptions = true, description = "Print a new Ed25519 issuer key pair: the "
            + "private key (keep it with the issuer only) and the dispatcher setting that trusts the public key.")
    static final class Keygen implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--key-id", required = true, description = "The id dispatchers know the key by, e.g. airlock-license-1.")
        String keyId;

        @Override
        public Integer call() {
            KeyPair pair = Ed25519Keys.generate();
            spec.commandLine().getOut().println("AIRLOCK_LICENSE_SIGNING_KEY=" + Ed25519Keys.encode(pair.getPrivate()));
            spec.commandLine().getOut().println("dispatcher.license.trusted-keys." + keyId + "="
                    + Ed25519Keys.encode(pair.getPublic()));
            spec.commandLine().getOut().flush();
            return WorkerExitCode.OK;
        }
    }

    /** {@code license sign}: writes {@code features.sig.json} for a {@code features.json}. */
    @Command(name = "sign", mixinStandardHelpOptions = true, description = "Sign the exact bytes of a features.json "
            + "with the issuer's private key (--key-file, or the environment variable AIRLOCK_LICENSE_SIGNING_KEY) and write "
            + "features.sig.json beside it.")
    static final class Sign implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--features", required = true, description = "The features.json to sign; it is not changed.")
        Path features;

        @Option(names = "--key-id", required = true, description = "The id of the signing key.")
        String keyId;

        @Option(names = "--key-file", description = "A file holding the private key (base64), instead of the environment variable.")
        Path keyFile;

        @Option(names = "--output", description = "Where the signature goes (default: features.sig.json beside --features).")
        Path output;

        @Override
        public Integer call() throws IOException {
            String key = keyFile != null ? Files.readString(keyFile).strip() : System.getenv("AIRLOCK_LICENSE_SIGNING_KEY");
            if (key == null || key.isBlank()) {
                spec.commandLine().getErr().println("AIRLOCK_LICENSE_SIGNING_KEY is not set (license keygen makes one)");
                return WorkerExitCode.INVALID_INPUT;
            }
            Path target = output != null ? output : features.toAbsolutePath().resolveSibling("features.sig.json");
            Files.write(target, LicenseSigner.sign(Files.readAllBytes(features),
                    Ed25519Keys.decodePrivate(key, "AIRLOCK_LICENSE_SIGNING_KEY"), keyId));
            spec.commandLine().getOut().println("wrote " + target);
            spec.commandLine().getOut().flush();
            return WorkerExitCode.OK;
        }
    }
}
