// Where the page's flows come from: the proxy's web view, live, or the data a report embeds.
import type { FlowDetail, FlowSummary, ReportData } from './model';

/** Thrown when the filter expression does not parse; the message says where. */
export class FilterError extends Error {}

export interface FlowSource {
  /** 'live' or 'report'. */
  readonly kind: 'live' | 'report';
  /** What the filter box takes, for its placeholder. */
  readonly filterHint: string;
  /** The title of the page. */
  readonly title: string;
  /**
   * The flows {@code filter} matches, in order, then each new one as it finishes (live only)
   * through {@code onFlow}; returns a function that stops the updates.
   * Rejects with a FilterError when the filter is bad.
   */
  open(filter: string, onFlows: (flows: FlowSummary[]) => void, onFlow: (flow: FlowSummary) => void): Promise<() => void>;
  detail(id: string): Promise<FlowDetail>;
  /** Where to download the flows {@code filter} matches as HAR or a mitmproxy dump; null in a report. */
  downloadUrl(format: 'har' | 'mitm', filter: string): string | null;
}

/** The flows of a running proxy, from its web view's API, with server-sent events for new ones. */
export class LiveSource implements FlowSource {
  readonly kind = 'live';
  readonly filterHint = 'mitmproxy filter, e.g. ~d example.com & ~m POST';
  readonly title = 'Sluice';

  constructor(private readonly token: string) {}

  async open(filter: string, onFlows: (flows: FlowSummary[]) => void, onFlow: (flow: FlowSummary) => void) {
    const response = await fetch(this.url('api/flows', filter));
    const body = await response.json();
    if (response.status === 400) {
      throw new FilterError(body.error);
    }
    if (!response.ok) {
      throw new Error(body.error ?? `${response.status} ${response.statusText}`);
    }
    const flows: FlowSummary[] = body.flows;
    onFlows(flows);
    let last: number = body.seq;
    const events = new EventSource(`${this.url('api/events', filter)}&since=${last}`);
    events.addEventListener('flow', (event) => {
      const flow: FlowSummary = JSON.parse((event as MessageEvent).data);
      if (flow.seq > last) {
        last = flow.seq;
        onFlow(flow);
      }
    });
    return () => events.close();
  }

  async detail(id: string): Promise<FlowDetail> {
    const response = await fetch(this.url(`api/flows/${encodeURIComponent(id)}`, null));
    if (!response.ok) {
      throw new Error(`flow ${id}: ${response.status} ${response.statusText}`);
    }
    return response.json();
  }

  downloadUrl(format: 'har' | 'mitm', filter: string): string {
    return this.url(`api/flows.${format}`, filter);
  }

  private url(path: string, filter: string | null): string {
    const query = new URLSearchParams({ token: this.token });
    if (filter !== null) {
      query.set('filter', filter);
    }
    return `${path}?${query}`;
  }
}

/** The flows a report embeds; the search box matches method, URL and status as text. */
export class ReportSource implements FlowSource {
  readonly kind = 'report';
  readonly filterHint = 'search: method, URL or status';
  private readonly byId = new Map<string, FlowDetail>();

  constructor(private readonly data: ReportData) {
    data.flows.forEach((flow) => this.byId.set(flow.id, flow));
  }

  get title(): string {
    return this.data.title;
  }

  async open(filter: string, onFlows: (flows: FlowSummary[]) => void) {
    onFlows(this.data.flows.filter((flow) => matchesText(flow, filter)));
    return () => {};
  }

  async detail(id: string): Promise<FlowDetail> {
    const flow = this.byId.get(id);
    if (flow === undefined) {
      throw new Error(`no flow ${id} in this report`);
    }
    return flow;
  }

  downloadUrl(): null {
    return null;
  }
}

/** Whether every word of {@code search} appears, case-insensitive, in the flow's method, URL or status. */
export function matchesText(flow: FlowSummary, search: string): boolean {
  const text = `${flow.method} ${flow.url} ${flow.status ?? ''} ${flow.error ?? ''}`.toLowerCase();
  return search.toLowerCase().split(/\s+/).filter((word) => word !== '').every((word) => text.includes(word));
}
