// One flow in full: request and response (headers, body, trailers), websocket messages, timing.
import { viewOf } from './body';
import { formatClock, formatSize } from './format';
import type { Body, FlowDetail, HeaderList, MessageDetail, WebSocketDetail } from './model';

export function FlowDetailView({ flow }: { flow: FlowDetail }) {
  return (
    <div class="detail" data-flow-id={flow.id}>
      {flow.error !== null && (
        <section class="detail-error">
          <h2>Error</h2>
          <p><b>{flow.errorKind}</b>: {flow.error}</p>
        </section>
      )}
      <Message title="Request" part="request" message={flow.request} />
      {flow.response !== null && <Message title="Response" part="response" message={flow.response} />}
      {flow.webSocket !== null && <WebSocketMessages webSocket={flow.webSocket} />}
      <section class="detail-timing">
        <h2>Timing</h2>
        <table>
          <tbody>
            <tr><th>Client</th><td>{flow.client}</td></tr>
            {flow.server !== null && <tr><th>Server</th><td>{flow.server}</td></tr>}
            {flow.timing.map((point) => (
              <tr key={point.label}>
                <th>{point.label}</th>
                <td>{formatClock(point.at)} <span class="offset">+{point.at - flow.timing[0].at} ms</span></td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}

function Message({ title, part, message }: { title: string; part: string; message: MessageDetail }) {
  return (
    <section class={`detail-${part}`}>
      <h2>{title}</h2>
      <p class="first-line">{message.firstLine}</p>
      <Headers kind="headers" fields={message.headers} />
      <BodyView body={message.body} />
      {message.trailers !== null && (
        <>
          <h3>Trailers</h3>
          <Headers kind="trailers" fields={message.trailers} />
        </>
      )}
    </section>
  );
}

function Headers({ kind, fields }: { kind: string; fields: HeaderList }) {
  return (
    <table class={kind}>
      <tbody>
        {fields.map(([name, value], i) => (
          <tr key={i}><th>{name}</th><td>{value}</td></tr>
        ))}
      </tbody>
    </table>
  );
}

export function BodyView({ body }: { body: Body }) {
  const view = viewOf(body);
  const note = [
    body.truncated ? `truncated: the first ${formatSize(body.base64.length * 3 / 4 | 0)} of ${formatSize(body.size)} shown` : '',
    body.decodeError !== null ? `shown as received (${body.decodeError})` : '',
  ].filter((text) => text !== '').join('; ');
  return (
    <div class={`body body-${view.kind}`}>
      {note !== '' && <p class="body-note">{note}</p>}
      {view.kind === 'empty' && <p class="body-none">no body</p>}
      {view.kind === 'streamed' && <p class="body-none">streamed: the body was passed on, not kept</p>}
      {view.kind === 'image' && <img src={view.src} alt={`${body.contentType}, ${formatSize(body.size)}`} />}
      {(view.kind === 'json' || view.kind === 'text' || view.kind === 'hex') && <pre>{view.text}</pre>}
    </div>
  );
}

function WebSocketMessages({ webSocket }: { webSocket: WebSocketDetail }) {
  return (
    <section class="detail-websocket">
      <h2>WebSocket messages</h2>
      {webSocket.dropped > 0 && <p class="body-note">{webSocket.dropped} older messages were not kept</p>}
      <ol>
        {webSocket.messages.map((message, i) => (
          <li key={i} class={message.fromClient ? 'from-client' : 'from-server'}>
            <span class="ws-meta">{message.fromClient ? 'client → server' : 'server → client'} {message.type} {formatClock(message.timestamp)}</span>
            <BodyView body={message.body} />
          </li>
        ))}
      </ol>
      {webSocket.close !== null && <p class="ws-close">{webSocket.close}</p>}
    </section>
  );
}
