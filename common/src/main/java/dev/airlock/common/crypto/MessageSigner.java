package dev.airlock.common.crypto;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.util.Base64;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.airlock.common.contract.MessageCodec;
import dev.airlock.common.contract.Signature;
import dev.airlock.common.contract.TaskCancel;
import dev.airlock.common.contract.TaskRequest;

/** The hub's side: signs task messages with its Ed25519 private key. */
public final class MessageSigner {

    private final PrivateKey privateKey;
    private final String keyId;

    /**
     * @param privateKey the hub's signing key
     * @param keyId the id under which dispatchers trust the matching public key
     */
    public MessageSigner(PrivateKey privateKey, String keyId) {
        this.privateKey = privateKey;
        this.keyId = keyId;
    }

    /**
     * @param request an unsigned request
     * @return the request with its signature
     */
    public TaskRequest sign(TaskRequest request) {
        return request.withSignature(signatureOf(MessageCodec.toTree(request.withSignature(null))));
    }

    /**
     * @param cancel an unsigned cancel
     * @return the cancel with its signature
     */
    public TaskCancel sign(TaskCancel cancel) {
        return cancel.withSignature(signatureOf(MessageCodec.toTree(cancel.withSignature(null))));
    }

    private Signature signatureOf(ObjectNode tree) {
        try {
            java.security.Signature signer = java.security.Signature.getInstance(Ed25519Keys.ALGORITHM);
            signer.initSign(privateKey);
            signer.update(MessageCodec.canonicalBytes(tree));
            return new Signature(Ed25519Keys.ALGORITHM, keyId, Base64.getEncoder().encodeToString(signer.sign()));
        } catch (GeneralSecurityException e) {
            throw new CryptoException("cannot sign with key " + keyId, e);
        }
    }
}
