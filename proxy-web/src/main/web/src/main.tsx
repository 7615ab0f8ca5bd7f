// The page: a report when it embeds its flows, else the live view of the proxy that served it.
import { render } from 'preact';
import { App } from './App';
import { LiveSource, ReportSource, type FlowSource } from './source';
import './style.css';

function source(): FlowSource {
  const embedded = document.getElementById('sluice-report');
  if (embedded !== null) {
    return new ReportSource(JSON.parse(embedded.textContent ?? ''));
  }
  return new LiveSource(new URLSearchParams(location.search).get('token') ?? '');
}

render(<App source={source()} />, document.getElementById('app')!);
