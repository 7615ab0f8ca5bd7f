/**
 * Flow storage and replay: mitmproxy-compatible dumps, HAR 1.2, the recorder hook, server-side
 * and client-side replay.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link dev.sluice.replay.FlowReader}: reads any stored flows (mitmproxy dumps of every
 *       format mitmproxy reads, HAR, {@code .zhar}), streaming.</li>
 *   <li>{@link dev.sluice.replay.FlowWriter}: appends flows to a dump that mitmproxy opens, crash-safe.</li>
 *   <li>{@link dev.sluice.replay.Har}: HAR 1.2 import and export.</li>
 *   <li>{@link dev.sluice.replay.FlowRecorder}: the hook that records every finished flow
 *       (mitmproxy's {@code -w}).</li>
 *   <li>{@link dev.sluice.replay.ServerReplay} with {@link dev.sluice.replay.ServerReplayOptions}:
 *       the hook that answers requests from recorded flows (mitmproxy's {@code -S}).</li>
 *   <li>{@link dev.sluice.replay.ClientReplay}: sends recorded requests again through a running
 *       proxy (mitmproxy's {@code -C}).</li>
 *   <li>{@link dev.sluice.replay.FlowReadException}: what went wrong, where, and what was read before.</li>
 * </ul>
 *
 * <pre>{@code
 * try (FlowReader reader = FlowReader.open(Path.of("in.mitm"))) {
 *   Har.write(Path.of("out.har"), reader.readAll());
 * }
 * }</pre>
 *
 * <p>Unless a method says otherwise, parameters must not be {@code null}; methods that may return
 * {@code null} say so.
 */
package dev.sluice.replay;
