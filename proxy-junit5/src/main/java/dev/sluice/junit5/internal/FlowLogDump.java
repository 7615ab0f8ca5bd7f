package dev.sluice.junit5.internal;

/**
 * The flow log of a failed test, attached as a suppressed exception to its failure so that every
 * test runner prints it beside the failure. Carries no stack trace.
 */
public final class FlowLogDump extends Exception {

  /** A dump whose message is {@code log}. */
  public FlowLogDump(String log) {
    super(log, null, false, false);
  }
}
