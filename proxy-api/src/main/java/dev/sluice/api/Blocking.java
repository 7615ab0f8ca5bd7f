package dev.sluice.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares that a {@link FlowHook} blocks (disk, network, a test latch). The engine then runs its
 * events on a worker thread instead of the connection's event loop, and pauses only the flow
 * concerned: other connections never stall. For a lambda hook use {@link FlowHook#blocking(FlowHook)}.
 *
 * <pre>{@code
 * @Blocking
 * final class AuditToDatabase implements FlowHook {
 *   public void response(HttpFlow flow) { jdbc.insert(flow.snapshot()); }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Blocking {}
