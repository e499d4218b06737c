package dev.sluice.server.proxy;

import dev.sluice.core.route.DeploymentSpec;
import dev.sluice.server.provider.ProviderEndpoint;

/** One upstream attempt's destination: the deployment, its endpoint, the operation path and the body to send. */
record Target(DeploymentSpec deployment, ProviderEndpoint endpoint, String operation, byte[] body) {}
