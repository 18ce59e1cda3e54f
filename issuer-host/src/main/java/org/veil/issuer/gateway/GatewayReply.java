package org.veil.issuer.gateway;

/** A gateway resource's answer to the API that delegates to it (admin, wallet): status and the object to write as JSON. */
public record GatewayReply(int status, Object body) {}
