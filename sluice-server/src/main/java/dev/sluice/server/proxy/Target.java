package dev.sluice.server.proxy;

import dev.sluice.core.route.DeploymentSpec;
import dev.sluice.server.provider.ProviderEndpoint;

/** One upstream attempt's destination: the deployment, its provider's endpoint, and the call to make. */
record Target(DeploymentSpec deployment, ProviderEndpoint endpoint, UpstreamRequest call) {
  byte[] body() {
    return call.body();
  }
}
