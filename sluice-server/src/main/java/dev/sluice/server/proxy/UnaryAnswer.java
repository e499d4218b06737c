package dev.sluice.server.proxy;

import dev.sluice.core.model.Usage;

/**
 * A success body read for the gateway: its usage, the body the client gets (the provider's own in
 * passthrough, the caller's dialect after translation), and the answer's text for a token estimate when
 * the provider reported no usage.
 */
record UnaryAnswer(Usage usage, byte[] clientBody, String answerText) {}
