package dev.sluice.core.internal;

/**
 * What every client session of one server shares.
 *
 * @param config the settings
 * @param hooks runs hook events
 * @param connector opens upstream connections
 */
record SessionContext(ProxyConfig config, HookRunner hooks, UpstreamConnector connector) {}
