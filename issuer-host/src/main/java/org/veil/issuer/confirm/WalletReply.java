package org.veil.issuer.confirm;

/** A wallet resource's answer: status and the object to write as JSON (the wallet routes turn it into theirs). */
public record WalletReply(int status, Object body) {}
