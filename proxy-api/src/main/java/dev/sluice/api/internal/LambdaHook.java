package dev.sluice.api.internal;

import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import java.util.function.Consumer;

/** The hooks of {@code FlowHook.onRequest(...)} and friends: one event, one lambda. */
public abstract class LambdaHook implements FlowHook {

  private final String event;
  final Consumer<HttpFlow> action;

  private LambdaHook(String event, Consumer<HttpFlow> action) {
    this.event = event;
    this.action = java.util.Objects.requireNonNull(action, "action");
  }

  /** A hook that runs {@code action} on {@code event} (one of the flow events). */
  public static FlowHook of(String event, Consumer<HttpFlow> action) {
    return switch (event) {
      case "requestHeaders" -> new LambdaHook(event, action) {
        @Override public void requestHeaders(HttpFlow flow) {
          this.action.accept(flow);
        }
      };
      case "request" -> new LambdaHook(event, action) {
        @Override public void request(HttpFlow flow) {
          this.action.accept(flow);
        }
      };
      case "responseHeaders" -> new LambdaHook(event, action) {
        @Override public void responseHeaders(HttpFlow flow) {
          this.action.accept(flow);
        }
      };
      case "response" -> new LambdaHook(event, action) {
        @Override public void response(HttpFlow flow) {
          this.action.accept(flow);
        }
      };
      case "error" -> new LambdaHook(event, action) {
        @Override public void error(HttpFlow flow) {
          this.action.accept(flow);
        }
      };
      case "webSocketMessage" -> new LambdaHook(event, action) {
        @Override public void webSocketMessage(HttpFlow flow) {
          this.action.accept(flow);
        }
      };
      case "grpcMessage" -> new LambdaHook(event, action) {
        @Override public void grpcMessage(HttpFlow flow) {
          this.action.accept(flow);
        }
      };
      default -> throw new IllegalArgumentException("event: not a flow event: " + event);
    };
  }

  @Override
  public String name() {
    return "on" + Character.toUpperCase(event.charAt(0)) + event.substring(1) + "(" + action.getClass().getName() + ")";
  }
}
