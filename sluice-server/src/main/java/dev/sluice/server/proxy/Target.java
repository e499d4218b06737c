package dev.sluice.server.proxy;

import dev.sluice.core.route.Deployment;
import dev.sluice.server.provider.ProviderEndpoint;

/** One upstream attempt's destination: the endpoint, the operation path and the body to send. */
record Target(Deployment deployment, ProviderEndpoint endpoint, String operation, byte[] body) {}
