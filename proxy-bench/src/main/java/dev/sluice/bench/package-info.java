/**
 * JMH benchmarks, never part of the test run: one class per measured cost (certificate minting,
 * filter matching, hook cost, dump throughput, server replay lookup, replayed versus live
 * responses).
 *
 * <pre>{@code
 * ./mvnw -q -pl proxy-bench -am package -DskipTests
 * java -jar proxy-bench/target/benchmarks.jar FilterMatching
 * }</pre>
 */
package dev.sluice.bench;
