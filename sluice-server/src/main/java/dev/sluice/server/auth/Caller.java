package dev.sluice.server.auth;

/** Who is making a request, once authenticated: the key's public id and name (never the key). */
public record Caller(String keyId, String keyName) {}
