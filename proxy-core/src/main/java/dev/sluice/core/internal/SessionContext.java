package dev.sluice.core.internal;

import dev.sluice.core.internal.tls.TlsSupport;

/**
 * What every client session of one server shares.
 *
 * @param config the settings
 * @param hooks runs hook events
 * @param connector opens upstream connections
 * @param tls TLS towards clients and upstream servers
 * @param replays the replayed requests on their way in
 */
record SessionContext(ProxyConfig config, HookRunner hooks, Dialer connector, TlsSupport tls,
    ReplayTickets replays) {}
