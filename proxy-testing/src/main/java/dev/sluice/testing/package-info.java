/**
 * Test fixtures for hook writers: {@link dev.sluice.testing.TestFlows} builds live flows in one
 * line and runs a hook's events on them, without a proxy.
 *
 * <pre>{@code
 * HttpFlow flow = TestFlows.exchange(myHook, TestFlows.get("http://example.com/"), Response.of(204));
 * }</pre>
 */
package dev.sluice.testing;
