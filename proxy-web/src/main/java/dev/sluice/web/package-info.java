/**
 * The flow viewer. Starting points: {@link dev.sluice.web.WebView}, a read-only web page that lists
 * a proxy's flows as they finish (the command line's {@code --web}), and
 * {@link dev.sluice.web.FlowReport}, the same list and detail views written to one HTML file that
 * opens with no network (the JUnit extension writes one for a failed test).
 */
package dev.sluice.web;
