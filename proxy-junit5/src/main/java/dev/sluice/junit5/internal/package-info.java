/**
 * The JUnit 5 extension's machinery: the flow log hook, cassette replay and writing, failure
 * messages. Not an API: use {@link dev.sluice.junit5} instead.
 */
package dev.sluice.junit5.internal;
