// The flow JSON that proxy-web's FlowJson writes: a summary per row, a detail per opened flow.

/** One row of the list. */
export interface FlowSummary {
  id: string;
  seq: number;
  method: string;
  url: string;
  status: number | null;
  reason: string;
  /** The response body's size on the wire; null without a response or when it was streamed. */
  size: number | null;
  /** From the request's first byte to the response's last, in milliseconds; null while unknown. */
  duration: number | null;
  /** When the flow was created, in epoch milliseconds. */
  created: number;
  httpVersion: string;
  error: string | null;
  websocket: boolean;
  grpc: boolean;
  replay: string | null;
  marker: string;
}

/** A body, bounded: base64 of its first bytes, decoded (Content-Encoding removed) when it could be. */
export interface Body {
  size: number;
  contentType: string;
  base64: string;
  truncated: boolean;
  streamed: boolean;
  /** Why the Content-Encoding could not be removed (the raw bytes are shown), or null. */
  decodeError: string | null;
}

export type HeaderList = [string, string][];

export interface MessageDetail {
  firstLine: string;
  headers: HeaderList;
  trailers: HeaderList | null;
  body: Body;
}

export interface WebSocketMessageDetail {
  fromClient: boolean;
  type: string;
  timestamp: number;
  body: Body;
}

export interface WebSocketDetail {
  messages: WebSocketMessageDetail[];
  dropped: number;
  close: string | null;
}

export interface TimingPoint {
  label: string;
  at: number;
}

/** Everything the detail view shows of one flow. */
export interface FlowDetail extends FlowSummary {
  client: string;
  server: string | null;
  request: MessageDetail;
  response: MessageDetail | null;
  webSocket: WebSocketDetail | null;
  timing: TimingPoint[];
  errorKind: string | null;
}

/** What a report embeds: its title and every flow with its detail. */
export interface ReportData {
  title: string;
  created: number;
  flows: FlowDetail[];
}
