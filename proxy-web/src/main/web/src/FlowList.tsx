// The list of flows: one row per flow, and only the rows on screen are in the page.
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { formatDuration, formatSize } from './format';
import type { FlowSummary } from './model';
import { visibleRows } from './virtualList';

export const ROW_HEIGHT = 24;
const OVERSCAN = 10;

interface Props {
  flows: FlowSummary[];
  selected: string | null;
  onSelect: (id: string) => void;
}

export function FlowList({ flows, selected, onSelect }: Props) {
  const viewport = useRef<HTMLDivElement>(null);
  const [scroll, setScroll] = useState({ top: 0, height: 600 });
  const following = useRef(true);

  useEffect(() => {
    const element = viewport.current!;
    const measure = () => setScroll({ top: element.scrollTop, height: element.clientHeight });
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // Keep the newest flow in sight while the list is scrolled to its end, as a terminal does.
  useLayoutEffect(() => {
    const element = viewport.current!;
    if (following.current) {
      element.scrollTop = element.scrollHeight;
    }
  }, [flows.length]);

  const onScroll = () => {
    const element = viewport.current!;
    following.current = element.scrollTop + element.clientHeight >= element.scrollHeight - ROW_HEIGHT;
    setScroll({ top: element.scrollTop, height: element.clientHeight });
  };

  const { start, end } = visibleRows(scroll.top, scroll.height, ROW_HEIGHT, flows.length, OVERSCAN);
  const rows = [];
  for (let i = start; i < end; i++) {
    rows.push(<Row key={flows[i].id} flow={flows[i]} index={i} selected={flows[i].id === selected} onSelect={onSelect} />);
  }
  return (
    <div class="flow-list">
      <div class="flow-row flow-head">
        <span class="c-method">Method</span><span class="c-url">URL</span><span class="c-status">Status</span>
        <span class="c-size">Size</span><span class="c-time">Time</span><span class="c-version">Version</span>
      </div>
      <div class="flow-viewport" ref={viewport} onScroll={onScroll}>
        <div class="flow-canvas" style={{ height: `${flows.length * ROW_HEIGHT}px` }}>{rows}</div>
      </div>
    </div>
  );
}

interface RowProps {
  flow: FlowSummary;
  index: number;
  selected: boolean;
  onSelect: (id: string) => void;
}

function Row({ flow, index, selected, onSelect }: RowProps) {
  const classes = ['flow-row', selected ? 'selected' : '', flow.error !== null ? 'failed' : '',
    flow.status !== null && flow.status >= 400 ? 'status-error' : ''].filter((c) => c !== '').join(' ');
  return (
    <div class={classes} data-flow-id={flow.id} style={{ top: `${index * ROW_HEIGHT}px` }} onClick={() => onSelect(flow.id)}
        title={flow.error ?? flow.url}>
      <span class="c-method">{flow.method}</span>
      <span class="c-url">
        {flow.marker !== '' && <span class="mark">{flow.marker}</span>}
        {flow.websocket && <span class="badge badge-ws" title="websocket">WS</span>}
        {flow.grpc && <span class="badge badge-grpc" title="gRPC">gRPC</span>}
        {flow.replay !== null && <span class="badge" title={`replay: ${flow.replay}`}>replay</span>}
        {flow.url}
      </span>
      <span class="c-status">{flow.error !== null ? <span class="badge badge-error">error</span> : flow.status ?? ''}</span>
      <span class="c-size">{formatSize(flow.size)}</span>
      <span class="c-time">{formatDuration(flow.duration)}</span>
      <span class="c-version">{flow.httpVersion}</span>
    </div>
  );
}
