// The page: a filter box, the list of flows, and the flow selected in detail.
import { useEffect, useRef, useState } from 'preact/hooks';
import { FlowDetailView } from './FlowDetailView';
import { FlowList } from './FlowList';
import type { FlowDetail, FlowSummary } from './model';
import { FilterError, type FlowSource } from './source';

const FILTER_DELAY_MS = 250;
const FLUSH_MS = 100;

export function App({ source }: { source: FlowSource }) {
  const [filter, setFilter] = useState('');
  const [applied, setApplied] = useState('');
  const [flows, setFlows] = useState<FlowSummary[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [detail, setDetail] = useState<FlowDetail | null>(null);
  const pending = useRef<FlowSummary[]>([]);

  useEffect(() => {
    document.title = source.title;
  }, [source]);

  useEffect(() => {
    const timer = setTimeout(() => setApplied(filter.trim()), FILTER_DELAY_MS);
    return () => clearTimeout(timer);
  }, [filter]);

  // New flows arrive one event each; they are added to the list in batches.
  useEffect(() => {
    let stop = () => {};
    let cancelled = false;
    pending.current = [];
    const flush = setInterval(() => {
      if (pending.current.length > 0) {
        const arrived = pending.current;
        pending.current = [];
        setFlows((shown) => shown.concat(arrived));
      }
    }, FLUSH_MS);
    source.open(applied, (initial) => {
      if (!cancelled) {
        setFlows(initial);
        setProblem(null);
      }
    }, (flow) => {
      if (!cancelled) {
        pending.current.push(flow);
      }
    }).then((close) => {
      if (cancelled) {
        close();
      } else {
        stop = close;
      }
    }, (error: Error) => {
      if (!cancelled) {
        setProblem(error instanceof FilterError ? `Bad filter: ${error.message}` : error.message);
      }
    });
    return () => {
      cancelled = true;
      clearInterval(flush);
      stop();
    };
  }, [source, applied]);

  useEffect(() => {
    if (selected === null) {
      setDetail(null);
      return;
    }
    let current = true;
    source.detail(selected).then((flow) => current && setDetail(flow), (error: Error) => current && setProblem(error.message));
    return () => {
      current = false;
    };
  }, [source, selected]);

  const har = source.downloadUrl('har', applied);
  const dump = source.downloadUrl('mitm', applied);
  return (
    <div class={`app app-${source.kind}`}>
      <header>
        <h1>{source.title}</h1>
        <input class="filter" type="search" placeholder={source.filterHint} value={filter} spellcheck={false}
            onInput={(event) => setFilter((event.target as HTMLInputElement).value)} />
        <span class="count">{flows.length} {flows.length === 1 ? 'flow' : 'flows'}</span>
        {har !== null && <a class="download-har" href={har} download="flows.har">HAR</a>}
        {dump !== null && <a class="download-dump" href={dump} download="flows.mitm">dump</a>}
      </header>
      {problem !== null && <p class="problem" role="alert">{problem}</p>}
      <main>
        <FlowList flows={flows} selected={selected} onSelect={setSelected} />
        {detail !== null && <FlowDetailView flow={detail} />}
      </main>
    </div>
  );
}
